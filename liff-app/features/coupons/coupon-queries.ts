import { queryOptions } from "@tanstack/react-query";
import type { CouponsResponse, CouponView } from "../../../shared/api.ts";
import { unwrap, type ApiClient } from "../../lib/api-client.ts";
import { memberQueryKey, type MemberScope } from "../../lib/member-scope.ts";

// The coupons are the linked membership's: under the member's root, they go when the link does.
const couponKeys = {
  all: (scope: MemberScope) => [...memberQueryKey(scope), "coupons"] as const,
  list: (scope: MemberScope) => [...couponKeys.all(scope), "list"] as const,
  one: (scope: MemberScope, couponId: string) => [...couponKeys.all(scope), "one", couponId] as const,
};

/** GET /api/coupons: every coupon of the member, available, used and expired. */
export function couponsQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: couponKeys.list(scope),
    queryFn: ({ signal }): Promise<CouponsResponse> => unwrap(api.api.coupons.$get(undefined, { init: { signal } })),
  });
}

/** GET /api/coupons/:couponId: one of the member's coupons (someone else's is not found). */
export function couponQueryOptions(api: ApiClient, scope: MemberScope, couponId: string) {
  return queryOptions({
    queryKey: couponKeys.one(scope, couponId),
    queryFn: ({ signal }): Promise<CouponView> =>
      unwrap(api.api.coupons[":couponId"].$get({ param: { couponId } }, { init: { signal } })),
  });
}

/** Available coupons first (soonest to expire first), then used (latest first), then expired (latest first). */
export function groupCoupons(coupons: readonly CouponView[]) {
  const latestFirst = (a?: string | null, b?: string | null) => (b ?? "").localeCompare(a ?? "");
  return {
    available: coupons.filter((c) => c.status === "available").sort((a, b) => a.validUntil.localeCompare(b.validUntil)),
    used: coupons.filter((c) => c.status === "used").sort((a, b) => latestFirst(a.lastUsedAt, b.lastUsedAt)),
    expired: coupons.filter((c) => c.status === "expired").sort((a, b) => latestFirst(a.validUntil, b.validUntil)),
  };
}
