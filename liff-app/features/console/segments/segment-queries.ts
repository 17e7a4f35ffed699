import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type {
  SaveSegmentRequest,
  SegmentCountResponse,
  SegmentDefinition,
  SegmentListResponse,
} from "../../../../shared/console-segments.ts";
import { expectSuccess, unwrap, type ApiClient } from "../../../lib/api-client.ts";
import { useApiClient } from "../../../lib/api-client-context.tsx";
import { useMemberScope, type MemberScope } from "../../../lib/member-scope.ts";
import { consoleQueryKey } from "../console-queries.ts";

const segmentsKey = (scope: MemberScope) => [...consoleQueryKey(scope), "segments"] as const;

/** GET /api/console/segments: the saved segments, most recently updated first. */
export function segmentListQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: [...segmentsKey(scope), "list"],
    queryFn: ({ signal }): Promise<SegmentListResponse> => unwrap(api.api.console.segments.$get(undefined, { init: { signal } })),
  });
}

export function useSegmentList() {
  return useQuery(segmentListQueryOptions(useApiClient(), useMemberScope()));
}

/** GET /api/console/segments/:id/count: how many a saved segment reaches now. */
export function useSavedSegmentCount(segmentId: string) {
  const api = useApiClient();
  const scope = useMemberScope();
  return useQuery(
    queryOptions({
      queryKey: [...segmentsKey(scope), "count", segmentId],
      queryFn: ({ signal }): Promise<SegmentCountResponse> =>
        unwrap(api.api.console.segments[":segmentId"].count.$get({ param: { segmentId } }, { init: { signal } })),
    }),
  );
}

/** A value that follows `value` once it has stopped changing for `delayMs`. */
function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/** How long the builder waits after the last edit before counting again. */
export const LIVE_COUNT_DELAY_MS = 400;

/**
 * POST /api/console/segments/count for the builder's definition, once the merchant has stopped
 * typing; the last count stays on screen while the next one is on its way.
 */
export function useLiveSegmentCount(definition: SegmentDefinition) {
  const api = useApiClient();
  const scope = useMemberScope();
  const settled = useDebounced(JSON.stringify(definition), LIVE_COUNT_DELAY_MS);
  return useQuery(
    queryOptions({
      queryKey: [...segmentsKey(scope), "live-count", settled],
      queryFn: ({ signal }): Promise<SegmentCountResponse> =>
        unwrap(
          api.api.console.segments.count.$post(
            { json: { definition: JSON.parse(settled) as SegmentDefinition } },
            { init: { signal } },
          ),
        ),
      placeholderData: keepPreviousData,
      retry: false,
    }),
  );
}

/** PUT /api/console/segments/:id; the list and counts are read again after. */
export function useSaveSegment() {
  const api = useApiClient();
  const scope = useMemberScope();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ segmentId, request }: { segmentId: string; request: SaveSegmentRequest }) =>
      unwrap(api.api.console.segments[":segmentId"].$put({ param: { segmentId }, json: request })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: segmentsKey(scope) }),
  });
}

/** DELETE /api/console/segments/:id. */
export function useDeleteSegment() {
  const api = useApiClient();
  const scope = useMemberScope();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (segmentId: string) => expectSuccess(api.api.console.segments[":segmentId"].$delete({ param: { segmentId } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: segmentsKey(scope) }),
  });
}
