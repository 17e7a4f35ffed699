import { queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import type { LinkStatus, MeResponse } from "../../shared/api.ts";
import { unwrap, type ApiClient } from "./api-client.ts";
import { useApiClient } from "./api-client-context.tsx";
import { identityQueryKey, useMemberScope, type MemberScope } from "./member-scope.ts";

// Who the signed-in LINE user is to this merchant. Shared rather than in a feature: the home
// screen, linking and the staff screen all read it, and linking must invalidate it.

export function getMe(api: ApiClient, signal?: AbortSignal): Promise<MeResponse> {
  return unwrap(api.api.me.$get(undefined, { init: { signal } }));
}

/** Under the LINE user's root, beside (not under) the member's data: it outlives a link change. */
export function meQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: [...identityQueryKey(scope), "me"],
    queryFn: ({ signal }) => getMe(api, signal),
  });
}

export function useMe() {
  return useQuery(meQueryOptions(useApiClient(), useMemberScope()));
}

/**
 * Puts the link status the BFF just answered (after linking, registering or unlinking) into
 * the cached /api/me, so the next screen shows it without another round trip.
 */
export function cacheLinkStatus(queryClient: QueryClient, api: ApiClient, scope: MemberScope, link: LinkStatus): void {
  queryClient.setQueryData(meQueryOptions(api, scope).queryKey, (me) => (me ? { ...me, link } : me));
}

/** Drops the cached /api/me when the BFF says it is out of date (e.g. a 409 already linked). */
export function refreshMe(queryClient: QueryClient, api: ApiClient, scope: MemberScope): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: meQueryOptions(api, scope).queryKey });
}
