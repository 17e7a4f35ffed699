import { queryOptions, useQuery } from "@tanstack/react-query";
import type { LinkSettingsResponse } from "../../../shared/api.ts";
import { unwrap, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";

/** Which second factor the merchant checks besides the member number: a PIN, the birth date or a one-time code. */
export type SecondFactorType = LinkSettingsResponse["secondFactor"];

export function getLinkSettings(api: ApiClient, signal?: AbortSignal): Promise<LinkSettingsResponse> {
  return unwrap(api.api.link.settings.$get(undefined, { init: { signal } }));
}

export function linkSettingsQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ["link-settings"],
    queryFn: ({ signal }) => getLinkSettings(api, signal),
    // A merchant changes this about never; one answer per app session is plenty.
    staleTime: Infinity,
  });
}

export function useLinkSettings() {
  return useQuery(linkSettingsQueryOptions(useApiClient()));
}
