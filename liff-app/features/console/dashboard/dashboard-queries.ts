import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type { ConsoleDashboardResponse } from "../../../../shared/api.ts";
import { unwrap, type ApiClient } from "../../../lib/api-client.ts";
import { useApiClient } from "../../../lib/api-client-context.tsx";
import { useMemberScope, type MemberScope } from "../../../lib/member-scope.ts";
import { consoleQueryKey } from "../console-queries.ts";

export type DashboardDays = 30 | 90;

/** GET /api/console/dashboard?days=… */
export function dashboardQueryOptions(api: ApiClient, scope: MemberScope, days: DashboardDays) {
  return queryOptions({
    queryKey: [...consoleQueryKey(scope), "dashboard", days],
    queryFn: ({ signal }): Promise<ConsoleDashboardResponse> =>
      unwrap(api.api.console.dashboard.$get({ query: { days } }, { init: { signal } })),
  });
}

export function useConsoleDashboard(days: DashboardDays) {
  // The previous period stays on screen while the other loads.
  return useQuery({ ...dashboardQueryOptions(useApiClient(), useMemberScope(), days), placeholderData: keepPreviousData });
}
