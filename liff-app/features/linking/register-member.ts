import { useQueryClient } from "@tanstack/react-query";
import type { LinkResponse, RegisterRequest } from "../../../shared/api.ts";
import { ApiError, unwrap, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useKeyedWrite } from "../../lib/keyed-write.ts";
import { forgetMemberData, useMemberScope } from "../../lib/member-scope.ts";
import { cacheLinkStatus, refreshMe } from "../../lib/me.ts";

/**
 * POST /api/link/register: a new membership at the merchant, linked to this LINE account. A
 * retry with the same key gets the first registration's answer, not 409 already_linked.
 */
export function registerMember(api: ApiClient, request: RegisterRequest, idempotencyKey: string): Promise<LinkResponse> {
  return unwrap(api.api.link.register.$post({ json: request, header: { "idempotency-key": idempotencyKey } }));
}

/** Registers once per form: a second tap must never make a second membership. */
export function useRegisterMember() {
  const api = useApiClient();
  const scope = useMemberScope();
  const queryClient = useQueryClient();
  return useKeyedWrite({
    describe: (request: RegisterRequest) => ({ method: "POST", path: "/api/link/register", body: request }),
    send: (request: RegisterRequest, idempotencyKey: string) => registerMember(api, request, idempotencyKey),
    onSuccess: ({ link }) => {
      forgetMemberData(queryClient, scope);
      cacheLinkStatus(queryClient, api, scope, link);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === "already_linked") void refreshMe(queryClient, api, scope);
    },
  });
}
