import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { StaffCouponRedemptionResponse, StaffCouponsResponse } from "../../../shared/api.ts";
import { unwrap, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useKeyedWrite } from "../../lib/keyed-write.ts";
import { identityQueryKey, useMemberScope, type MemberScope } from "../../lib/member-scope.ts";

/** A coupon staff chose to use on the scanned card, at their store. */
export interface CouponToRedeem {
  couponId: string;
  storeId: string;
}

/** The scanned member's coupons, under the LINE user's root: staff rights belong to the LINE account. */
const memberCouponsRootKey = (scope: MemberScope, scanId: string) =>
  [...identityQueryKey(scope), "staff", "coupons", scanId] as const;

/** GET /api/staff/coupons/scans/:scanId?storeId=…: the scanned member's coupons usable at this store. */
export function memberCouponsQueryOptions(api: ApiClient, scope: MemberScope, scanId: string, storeId: string) {
  return queryOptions({
    queryKey: [...memberCouponsRootKey(scope, scanId), storeId],
    queryFn: ({ signal }): Promise<StaffCouponsResponse> =>
      unwrap(api.api.staff.coupons.scans[":scanId"].$get({ param: { scanId }, query: { storeId } }, { init: { signal } })),
  });
}

export function useMemberCoupons(scanId: string, storeId: string) {
  return useQuery(memberCouponsQueryOptions(useApiClient(), useMemberScope(), scanId, storeId));
}

/**
 * POST /api/staff/coupons/scans/:scanId/redemptions with an Idempotency-Key: a double tap, a
 * retry of an open outcome or a reload sends the same key, so the coupon is used once. After
 * an answer the list is read again (a use taken, or a coupon used elsewhere meanwhile).
 */
export function useRedeemCoupon(scanId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const scope = useMemberScope();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: memberCouponsRootKey(scope, scanId) });
  return useKeyedWrite({
    describe: (request: CouponToRedeem) => ({
      method: "POST",
      path: `/api/staff/coupons/scans/${scanId}/redemptions`,
      body: request,
    }),
    send: (request: CouponToRedeem, idempotencyKey: string): Promise<StaffCouponRedemptionResponse> =>
      unwrap(
        api.api.staff.coupons.scans[":scanId"].redemptions.$post({
          param: { scanId },
          json: request,
          header: { "idempotency-key": idempotencyKey },
        }),
      ),
    onSuccess: refresh,
    onError: refresh,
    // One scan may use several coupons.
    finishes: false,
  });
}

/** POST …/redemptions/:redemptionId/void: gives the use back, while the scan's window is open. */
export function useVoidCouponUse(scanId: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const scope = useMemberScope();
  return useMutation({
    mutationFn: ({ redemptionId, storeId }: { redemptionId: string; storeId: string }) =>
      unwrap(
        api.api.staff.coupons.scans[":scanId"].redemptions[":redemptionId"].void.$post({
          param: { scanId, redemptionId },
          json: { storeId },
        }),
      ),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: memberCouponsRootKey(scope, scanId) }),
  });
}
