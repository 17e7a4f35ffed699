import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { LinkResponse } from "../../../shared/api.ts";
import { ApiError, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { cacheLinkStatus, refreshMe } from "../../lib/me.ts";

/** DELETE /api/link: removes the link at the merchant; the BFF restores the non-member rich menu. */
export async function unlinkMember(api: ApiClient): Promise<LinkResponse> {
  const response = await api.api.link.$delete();
  if (!response.ok) throw await ApiError.fromResponse(response);
  return response.json();
}

export function useUnlinkMember() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unlinkMember(api),
    onSuccess: ({ link }) => cacheLinkStatus(queryClient, api, link),
    onError: (error) => {
      // Unlinked elsewhere meanwhile (another device, the shop): show what is true now.
      if (error instanceof ApiError && error.code === "not_linked") void refreshMe(queryClient, api);
    },
  });
}
