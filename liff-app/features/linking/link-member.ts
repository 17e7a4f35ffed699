import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { LinkRequest, LinkResponse } from "../../../shared/api.ts";
import { ApiError, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { cacheLinkStatus, refreshMe } from "../../lib/me.ts";

/** POST /api/link: links this LINE account to the membership the credentials prove. */
export async function linkMember(api: ApiClient, request: LinkRequest): Promise<LinkResponse> {
  const response = await api.api.link.$post({ json: request });
  if (!response.ok) throw await ApiError.fromResponse(response);
  return response.json();
}

export function useLinkMember() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: LinkRequest) => linkMember(api, request),
    onSuccess: ({ link }) => cacheLinkStatus(queryClient, api, link),
    onError: (error) => {
      // The app thought this account was unlinked; the BFF knows better.
      if (error instanceof ApiError && error.code === "already_linked") void refreshMe(queryClient, api);
    },
  });
}
