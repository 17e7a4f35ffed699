import { queryOptions } from "@tanstack/react-query";
import type { MyReservationsResponse, OrdersResponse, PointsResponse, ReservationView } from "../../../shared/api.ts";
import { unwrap, type ApiClient } from "../../lib/api-client.ts";
import { memberQueryKey, type MemberScope } from "../../lib/member-scope.ts";

// What home's "now" blocks read: the member's own data, under the member's root (gone with the
// link). Always asked afresh when home opens (staleTime 0), so a booking or an order made a
// moment ago shows when the customer comes back; the cached answer stays on screen meanwhile.
const homeKeys = {
  all: (scope: MemberScope) => [...memberQueryKey(scope), "home"] as const,
  reservations: (scope: MemberScope) => [...homeKeys.all(scope), "reservations"] as const,
  latestOrder: (scope: MemberScope) => [...homeKeys.all(scope), "latest-order"] as const,
  points: (scope: MemberScope) => [...homeKeys.all(scope), "points"] as const,
};

// Each block reads one thing of its answer through `select`: an answer without it (a BFF of
// another version) fails that block alone, as an error, instead of the screen.

/** GET /api/reservations: the next one is the first upcoming (confirmed, earliest first); null when none. */
export function nextReservationQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: homeKeys.reservations(scope),
    queryFn: ({ signal }): Promise<MyReservationsResponse> => unwrap(api.api.reservations.$get({}, { init: { signal } })),
    select: (answer): ReservationView | null => answer.upcoming.find((reservation) => reservation.status === "confirmed") ?? null,
    staleTime: 0,
  });
}

/** GET /api/orders?limit=1: the newest order; null before the first. */
export function latestOrderQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: homeKeys.latestOrder(scope),
    queryFn: ({ signal }): Promise<OrdersResponse> => unwrap(api.api.orders.$get({ query: { limit: 1 } }, { init: { signal } })),
    select: (answer): OrdersResponse["orders"][number] | null => answer.orders[0] ?? null,
    staleTime: 0,
  });
}

/** GET /api/points: what expires within 60 days, soonest first. */
export function expiringPointsQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: homeKeys.points(scope),
    queryFn: ({ signal }): Promise<PointsResponse> => unwrap(api.api.points.$get(undefined, { init: { signal } })),
    select: (answer): PointsResponse["expiringSoon"] => [...answer.expiringSoon],
    staleTime: 0,
  });
}
