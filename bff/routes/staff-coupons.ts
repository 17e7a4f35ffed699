import { Hono } from "hono";
import {
  IdempotencyHeaders,
  StaffCouponRedemptionParams,
  StaffCouponRedemptionResponse,
  StaffCouponScanParams,
  StaffCouponsQuery,
  StaffRedeemCouponRequest,
  StaffVoidCouponRequest,
  type StaffCouponsResponse,
} from "../../shared/api.ts";
import type { CouponRedemption } from "../../shared/merchant-contract.ts";
import { SCAN_ACTION_WINDOW_MS, type MemberCardScan } from "../card/scans.ts";
import { findScanRedemption, markScanRedemptionVoided, recordScanRedemption } from "../coupons/redemptions.ts";
import type { AppEnv } from "../env.ts";
import { UpstreamError } from "../lib/errors.ts";
import type { MerchantClient } from "../merchant/client.ts";
import { withIdempotency } from "../lib/idempotency.ts";
import { refuse } from "../lib/refuse.ts";
import { validate } from "../lib/validate.ts";
import { liffAuth } from "../middleware/liff-auth.ts";
import { requireStaff } from "../middleware/require-staff.ts";
import { actionContext } from "../staff/action-context.ts";
import { merchantIdempotencyKey } from "../merchant/idempotency-key.ts";

const actUntil = (scan: MemberCardScan) => new Date(scan.scannedAt + SCAN_ACTION_WINDOW_MS).toISOString();

const redemptionView = (redemption: CouponRedemption, scan: MemberCardScan): StaffCouponRedemptionResponse => ({
  redemptionId: redemption.redemptionId,
  redeemedAt: redemption.redeemedAt,
  voidedAt: redemption.voidedAt,
  voidUntil: actUntil(scan),
  coupon: redemption.coupon,
});

const couponRefusals = {
  coupon_used: [409, "This coupon has already been used (perhaps at another register just now)"],
  coupon_expired: [422, "This coupon has expired"],
  coupon_wrong_store: [422, "This coupon cannot be used at this store"],
  idempotency_conflict: [422, "This idempotency key was already used for a different request"],
} as const;

/** The register's coupons: after a scan, the member's coupons usable here; redeem one; void it in the scan's window. */
export const staffCouponRoutes = new Hono<AppEnv>()
  .use(liffAuth())
  .use(requireStaff())
  .get("/scans/:scanId", validate("param", StaffCouponScanParams), validate("query", StaffCouponsQuery), async (c) => {
    const context = await actionContext(c, c.req.valid("param").scanId, c.req.valid("query").storeId);
    if (context.refused) return refuse(c, context.refused.status, context.refused.code, context.refused.message);
    const { scan, store } = context;
    const list = await c.get("merchant").listMemberCoupons(scan.memberId);
    if (!list) return refuse(c, 404, "not_found", "This member no longer exists");
    const usableHere = list.coupons.filter(
      (coupon) => coupon.status === "available" && coupon.stores.some((s) => s.storeId === store.storeId),
    );
    const body: StaffCouponsResponse = { coupons: usableHere, actUntil: actUntil(scan) };
    return c.json(body, 200);
  })
  .post(
    "/scans/:scanId/redemptions",
    validate("header", IdempotencyHeaders),
    validate("param", StaffCouponScanParams),
    validate("json", StaffRedeemCouponRequest),
    async (c) => {
      const key = c.req.valid("header")["idempotency-key"];
      const { scanId } = c.req.valid("param");
      const request = c.req.valid("json");
      const staffId = c.get("staff").staffId;
      const scope = { scope: "staff.coupon_redeem", subject: staffId, key };
      const firstAnswer = { schema: StaffCouponRedemptionResponse, status: 201, what: "coupon redemption" } as const;
      // Only the merchant knows whether a coupon is still unused: nothing is used while it is down.
      const merchantDown = () =>
        refuse(
          c,
          503,
          "merchant_unavailable_coupon",
          "The store system cannot be reached: coupons cannot be used until it is back",
        );
      return withIdempotency(c, scope, { scanId, ...request }, firstAnswer, async (keep) => {
        const context = await actionContext(c, scanId, request.storeId);
        if (context.refused) return refuse(c, context.refused.status, context.refused.code, context.refused.message);
        const { scan, store } = context;
        if (context.merchantDown) return merchantDown();
        // The merchant decides atomically: of two registers redeeming the last use, one wins.
        let redeemed: Awaited<ReturnType<MerchantClient["redeemCoupon"]>>;
        try {
          redeemed = await c
            .get("merchant")
            .redeemCoupon(
              scan.memberId,
              request.couponId,
              { storeId: store.storeId, staffId },
              await merchantIdempotencyKey(c.get("lineUserId"), key),
            );
        } catch (error) {
          if (error instanceof UpstreamError && error.isOutage) return merchantDown();
          throw error;
        }
        if (!redeemed) return refuse(c, 404, "not_found", "This member has no such coupon");
        if ("refused" in redeemed) {
          const [status, message] = couponRefusals[redeemed.refused];
          return refuse(c, status, redeemed.refused, message);
        }
        await recordScanRedemption(c.env.DB, {
          redemptionId: redeemed.redemptionId,
          scanId: scan.scanId,
          memberId: scan.memberId,
          couponId: request.couponId,
          staffId,
          storeId: store.storeId,
          redeemedAt: Date.parse(redeemed.redeemedAt),
        });
        c.get("log").info("coupon redeemed", { kind: redeemed.coupon.kind });
        const body = redemptionView(redeemed, scan);
        await keep(body);
        return c.json(body, 201);
      });
    },
  )
  .post(
    "/scans/:scanId/redemptions/:redemptionId/void",
    validate("param", StaffCouponRedemptionParams),
    validate("json", StaffVoidCouponRequest),
    async (c) => {
      const { scanId, redemptionId } = c.req.valid("param");
      const context = await actionContext(c, scanId, c.req.valid("json").storeId);
      if (context.refused) return refuse(c, context.refused.status, context.refused.code, context.refused.message);
      const { scan } = context;
      // Only a use made on this very scan: not another scan's, nor one from another day.
      const noted = await findScanRedemption(c.env.DB, scan.scanId, redemptionId);
      if (!noted) return refuse(c, 404, "not_found", "No such coupon use on this scan");
      const voided = await c.get("merchant").voidCouponRedemption(noted.memberId, noted.couponId, redemptionId);
      if (!voided) return refuse(c, 404, "not_found", "No such coupon use on this scan");
      await markScanRedemptionVoided(c.env.DB, redemptionId);
      c.get("log").info("coupon use voided", { kind: voided.coupon.kind });
      return c.json(redemptionView(voided, scan), 200);
    },
  );
