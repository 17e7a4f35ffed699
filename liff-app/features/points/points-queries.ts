import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { PointHistoryResponse, PointsResponse } from "../../../shared/api.ts";
import { unwrap, type ApiClient } from "../../lib/api-client.ts";
import { memberQueryKey, type MemberScope } from "../../lib/member-scope.ts";

const HISTORY_PAGE_SIZE = 20;

// The balance and history are the linked membership's: under the member's root, they go when
// the link does, and another LINE user never finds them.
const pointsKeys = {
  all: (scope: MemberScope) => [...memberQueryKey(scope), "points"] as const,
  balance: (scope: MemberScope) => [...pointsKeys.all(scope), "balance"] as const,
  history: (scope: MemberScope) => [...pointsKeys.all(scope), "history"] as const,
};

/** GET /api/points: the one balance (store and online points together) and what expires soon. */
export function pointsQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: pointsKeys.balance(scope),
    queryFn: ({ signal }): Promise<PointsResponse> => unwrap(api.api.points.$get(undefined, { init: { signal } })),
  });
}

/** GET /api/points/history, a page at a time, newest first; each page names the cursor of the next. */
export function pointHistoryQueryOptions(api: ApiClient, scope: MemberScope) {
  return infiniteQueryOptions({
    queryKey: pointsKeys.history(scope),
    queryFn: ({ pageParam, signal }): Promise<PointHistoryResponse> => {
      const query = pageParam ? { cursor: pageParam, limit: HISTORY_PAGE_SIZE } : { limit: HISTORY_PAGE_SIZE };
      return unwrap(api.api.points.history.$get({ query }, { init: { signal } }));
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}
