import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { PointHistoryResponse, PointsResponse } from "../../../shared/api.ts";
import { ApiError, type ApiClient } from "../../lib/api-client.ts";

const HISTORY_PAGE_SIZE = 20;

/** GET /api/points: the one balance (store and online points together) and what expires soon. */
export function pointsQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ["points", "balance"],
    queryFn: async ({ signal }): Promise<PointsResponse> => {
      const response = await api.api.points.$get(undefined, { init: { signal } });
      if (!response.ok) throw await ApiError.fromResponse(response);
      return response.json();
    },
  });
}

/** GET /api/points/history, a page at a time, newest first; each page names the cursor of the next. */
export function pointHistoryQueryOptions(api: ApiClient) {
  return infiniteQueryOptions({
    queryKey: ["points", "history"],
    queryFn: async ({ pageParam, signal }): Promise<PointHistoryResponse> => {
      const query = pageParam ? { cursor: pageParam, limit: HISTORY_PAGE_SIZE } : { limit: HISTORY_PAGE_SIZE };
      const response = await api.api.points.history.$get({ query }, { init: { signal } });
      if (!response.ok) throw await ApiError.fromResponse(response);
      return response.json();
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}
