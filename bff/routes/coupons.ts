import { Hono } from "hono";
import { CouponParams, type CouponsResponse, type CouponView } from "../../shared/api.ts";
import type { AppEnv } from "../env.ts";
import { refuse } from "../lib/refuse.ts";
import { validate } from "../lib/validate.ts";
import { liffAuth } from "../middleware/liff-auth.ts";
import { requireMember } from "../middleware/require-member.ts";

/** The member's coupon wallet: every coupon the merchant holds for them, and one by id. */
export const couponRoutes = new Hono<AppEnv>()
  .use(liffAuth())
  .get("/", requireMember(), async (c) => {
    const list = await c.get("merchant").listMemberCoupons(c.get("memberId"));
    if (!list) return refuse(c, 404, "not_linked", "This membership no longer exists");
    const body: CouponsResponse = { coupons: list.coupons };
    return c.json(body, 200);
  })
  .get("/:couponId", validate("param", CouponParams), requireMember(), async (c) => {
    // Asked of the merchant for the caller's own member id: someone else's coupon is not found.
    const coupon = await c.get("merchant").getMemberCoupon(c.get("memberId"), c.req.valid("param").couponId);
    if (!coupon) return refuse(c, 404, "not_found", "No such coupon");
    const body: CouponView = coupon;
    return c.json(body, 200);
  });
