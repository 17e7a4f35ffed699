import { useMutation } from "@tanstack/react-query";
import type { OneTimeCodeRequest } from "../../../shared/api.ts";
import { expectSuccess, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";

/** POST /api/link/one-time-code: the merchant sends the member a code (202 whether or not the number exists). */
export function sendOneTimeCode(api: ApiClient, request: OneTimeCodeRequest): Promise<void> {
  return expectSuccess(api.api.link["one-time-code"].$post({ json: request }));
}

export function useSendOneTimeCode() {
  const api = useApiClient();
  return useMutation({ mutationFn: (request: OneTimeCodeRequest) => sendOneTimeCode(api, request) });
}
