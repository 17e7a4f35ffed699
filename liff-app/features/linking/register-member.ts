import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { LinkResponse, RegisterRequest } from "../../../shared/api.ts";
import { ApiError, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { cacheLinkStatus, refreshMe } from "../../lib/me.ts";

/** POST /api/link/register: a new membership at the merchant, linked to this LINE account. */
export async function registerMember(api: ApiClient, request: RegisterRequest): Promise<LinkResponse> {
  const response = await api.api.link.register.$post({ json: request });
  if (!response.ok) throw await ApiError.fromResponse(response);
  return response.json();
}

export function useRegisterMember() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RegisterRequest) => registerMember(api, request),
    onSuccess: ({ link }) => cacheLinkStatus(queryClient, api, link),
    onError: (error) => {
      if (error instanceof ApiError && error.code === "already_linked") void refreshMe(queryClient, api);
    },
  });
}
