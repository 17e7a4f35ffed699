import { queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import type { LinkStatus, MeResponse } from "../../shared/api.ts";
import { ApiError, type ApiClient } from "./api-client.ts";
import { useApiClient } from "./api-client-context.tsx";

// Who the signed-in LINE user is to this merchant. Shared rather than in a feature: the home
// screen, linking and the staff screen all read it, and linking must invalidate it.

export async function getMe(api: ApiClient, signal?: AbortSignal): Promise<MeResponse> {
  const response = await api.api.me.$get(undefined, { init: { signal } });
  if (!response.ok) throw await ApiError.fromResponse(response);
  return response.json();
}

export function meQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ["me"],
    queryFn: ({ signal }) => getMe(api, signal),
  });
}

export function useMe() {
  return useQuery(meQueryOptions(useApiClient()));
}

/**
 * Puts the link status the BFF just answered (after linking, registering or unlinking) into
 * the cached /api/me, so the next screen shows it without another round trip.
 */
export function cacheLinkStatus(queryClient: QueryClient, api: ApiClient, link: LinkStatus): void {
  queryClient.setQueryData(meQueryOptions(api).queryKey, (me) => (me ? { ...me, link } : me));
}

/** Drops the cached /api/me when the BFF says it is out of date (e.g. a 409 already linked). */
export function refreshMe(queryClient: QueryClient, api: ApiClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: meQueryOptions(api).queryKey });
}
