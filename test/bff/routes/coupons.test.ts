import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CouponsResponse,
  CouponView,
  MemberCardResponse,
  ScanResponse,
  StaffCouponRedemptionResponse,
  StaffCouponsResponse,
} from "../../../shared/api.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { MemberCoupon } from "../../../shared/merchant-contract.ts";
import { callBff, freshLineUserId, jsonBody, linkForThisFile, merchantApi, mintIdToken } from "../helpers.ts";

// 伊藤 翔 (1000-0006) is linked to a LINE user of this file's own and granted coupons of his own
// here, so no other file sees them move. 鈴木 美咲 (mem_0003) holds the seeded cpn_0003_line.
const customer = { lineUserId: freshLineUserId(), memberId: "mem_0006", token: "" };
linkForThisFile(customer);

const MANAGER_LINE_USER = "U7c1e3a5b9d2f4c6e8a0b1d3f5a7c9e2b"; // 森 直子: 渋谷店 and 吉祥寺店
let staffToken: string;
let managerToken: string;

beforeAll(async () => {
  staffToken = await mintIdToken({ persona: "staff" });
  managerToken = await mintIdToken({ sub: MANAGER_LINE_USER });
});

const code = async (response: Response) => ErrorBody.parse(await response.json()).error.code;

async function grant(couponDefinitionId: string): Promise<MemberCoupon> {
  const response = await merchantApi(`/v1/members/${customer.memberId}/coupons`, {
    method: "POST",
    headers: { "idempotency-key": crypto.randomUUID() },
    body: JSON.stringify({ couponDefinitionId }),
  });
  expect(response.status).toBe(201);
  return MemberCoupon.parse(await response.json());
}

async function scanFreshCard(token = staffToken) {
  const card = MemberCardResponse.parse(await (await callBff("/api/card", { token: customer.token })).json());
  const response = await callBff("/api/staff/scans", { token, ...jsonBody({ token: card.token }) });
  expect(response.status).toBe(201);
  return ScanResponse.parse(await response.json());
}

function redeem(scanId: string, couponId: string, token = staffToken, storeId = "store_shibuya", key = crypto.randomUUID()) {
  return callBff(`/api/staff/coupons/scans/${scanId}/redemptions`, {
    token,
    ...jsonBody({ couponId, storeId }),
    headers: { "content-type": "application/json", "idempotency-key": key },
  });
}

function voidUse(scanId: string, redemptionId: string, token = staffToken, storeId = "store_shibuya") {
  return callBff(`/api/staff/coupons/scans/${scanId}/redemptions/${redemptionId}/void`, {
    token,
    ...jsonBody({ storeId }),
  });
}

describe("GET /api/coupons", () => {
  it("lists the linked member's own coupons, the welcome coupon of the first link among them", async () => {
    const granted = await grant("line_only_drink_50");
    const response = await callBff("/api/coupons", { token: customer.token });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { coupons } = CouponsResponse.parse(await response.json());
    expect(coupons.map((coupon) => coupon.couponId)).toContain(granted.couponId);
    expect(coupons.some((coupon) => coupon.kind === "welcome")).toBe(true);
    expect(coupons.some((coupon) => coupon.couponId === "cpn_0003_line")).toBe(false);
  });

  it("answers 404 not_linked without a membership and 401 without a token", async () => {
    const response = await callBff("/api/coupons", { token: await mintIdToken({ sub: freshLineUserId() }) });
    expect([response.status, await code(response)]).toEqual([404, "not_linked"]);
    expect((await callBff("/api/coupons")).status).toBe(401);
  });
});

describe("GET /api/coupons/:couponId", () => {
  it("shows one of the member's coupons", async () => {
    const granted = await grant("birthday_cake");
    const response = await callBff(`/api/coupons/${granted.couponId}`, { token: customer.token });
    expect(response.status).toBe(200);
    expect(CouponView.parse(await response.json())).toMatchObject({ couponId: granted.couponId, status: "available" });
  });

  it("answers 404 for another member's coupon by id (attack: reading someone else's coupon)", async () => {
    const response = await callBff("/api/coupons/cpn_0003_line", { token: customer.token });
    expect([response.status, await code(response)]).toEqual([404, "not_found"]);
    expect((await callBff("/api/coupons/not%20an%20id", { token: customer.token })).status).toBe(400);
  });
});

describe("staff coupons at the register", () => {
  it("list the scanned member's usable coupons at this store only", async () => {
    const anywhere = await grant("birthday_cake");
    const notAtFutako = await grant("line_only_drink_50");
    const scan = await scanFreshCard(managerToken);
    const list = async (storeId: string) => {
      const response = await callBff(`/api/staff/coupons/scans/${scan.scanId}?storeId=${storeId}`, { token: managerToken });
      expect(response.status).toBe(200);
      return StaffCouponsResponse.parse(await response.json()).coupons.map((coupon) => coupon.couponId);
    };
    expect(await list("store_kichijoji")).toEqual(expect.arrayContaining([anywhere.couponId, notAtFutako.couponId]));
    const used = await grant("line_only_drink_50");
    expect((await redeem(scan.scanId, used.couponId, managerToken, "store_kichijoji")).status).toBe(201);
    expect(await list("store_kichijoji")).not.toContain(used.couponId);
    // A store the staff member does not work at: refused, nothing listed.
    const elsewhere = await callBff(`/api/staff/coupons/scans/${scan.scanId}?storeId=store_futakotamagawa`, {
      token: managerToken,
    });
    expect(elsewhere.status).toBe(403);
  });

  it("are refused to customers (403) and need a scan of the staff member's own (404)", async () => {
    const coupon = await grant("line_only_drink_50");
    const scan = await scanFreshCard();
    const asCustomer = await redeem(scan.scanId, coupon.couponId, customer.token);
    expect(asCustomer.status).toBe(403);
    const othersScan = await redeem(scan.scanId, coupon.couponId, managerToken);
    expect([othersScan.status, await code(othersScan)]).toEqual([404, "not_found"]);
    const listed = await callBff(`/api/staff/coupons/scans/${scan.scanId}?storeId=store_shibuya`, { token: customer.token });
    expect(listed.status).toBe(403);
  });

  it("redeem a coupon once: two staff at once → one success, the other refused as used", async () => {
    const coupon = await grant("line_only_drink_50");
    const [mine, theirs] = [await scanFreshCard(), await scanFreshCard(managerToken)];
    const results = await Promise.all([
      redeem(mine.scanId, coupon.couponId),
      redeem(theirs.scanId, coupon.couponId, managerToken),
    ]);
    expect(results.map((response) => response.status).sort((a, b) => a - b)).toEqual([201, 409]);
    const refused = results.find((response) => response.status === 409);
    expect(refused && (await code(refused))).toBe("coupon_used");
    const left = MemberCoupon.parse(await (await merchantApi(`/v1/members/mem_0006/coupons/${coupon.couponId}`)).json());
    expect(left.usesLeft).toBe(0);
  });

  it("replay the first answer for a repeated key instead of using a second use", async () => {
    const coupon = await grant("gold_baked_goods_10");
    const scan = await scanFreshCard();
    const key = crypto.randomUUID();
    const first = StaffCouponRedemptionResponse.parse(
      await (await redeem(scan.scanId, coupon.couponId, staffToken, "store_shibuya", key)).json(),
    );
    const again = await redeem(scan.scanId, coupon.couponId, staffToken, "store_shibuya", key);
    expect(again.status).toBe(201);
    expect(StaffCouponRedemptionResponse.parse(await again.json()).redemptionId).toBe(first.redemptionId);
    expect(first.coupon.usesLeft).toBe(1);
  });

  it("refuse another member's coupon (404) and a store that does not take it", async () => {
    const scan = await scanFreshCard(managerToken);
    const others = await redeem(scan.scanId, "cpn_0003_line", managerToken);
    expect([others.status, await code(others)]).toEqual([404, "not_found"]);
    const goldOnlyShibuyaKichijoji = await grant("gold_baked_goods_10");
    const staffAtFutako = await redeem(scan.scanId, goldOnlyShibuyaKichijoji.couponId, managerToken, "store_futakotamagawa");
    expect(staffAtFutako.status).toBe(403);
    const unchanged = MemberCoupon.parse(await (await merchantApi("/v1/members/mem_0003/coupons/cpn_0003_line")).json());
    expect(unchanged.usesLeft).toBe(1);
  });

  it("void a use made on the same scan, giving it back; never another scan's use", async () => {
    const coupon = await grant("line_only_drink_50");
    const scan = await scanFreshCard();
    const used = StaffCouponRedemptionResponse.parse(await (await redeem(scan.scanId, coupon.couponId)).json());
    const laterScan = await scanFreshCard();
    const fromOtherScan = await voidUse(laterScan.scanId, used.redemptionId);
    expect(fromOtherScan.status).toBe(404);
    const byOtherStaff = await voidUse(scan.scanId, used.redemptionId, managerToken);
    expect(byOtherStaff.status).toBe(404);
    const voided = await voidUse(scan.scanId, used.redemptionId);
    expect(voided.status).toBe(200);
    expect(StaffCouponRedemptionResponse.parse(await voided.json()).coupon).toMatchObject({ status: "available", usesLeft: 1 });
  });

  it("void only within the scan window", async () => {
    const coupon = await grant("line_only_drink_50");
    const scan = await scanFreshCard();
    const used = StaffCouponRedemptionResponse.parse(await (await redeem(scan.scanId, coupon.couponId)).json());
    await env.DB.prepare("UPDATE member_card_scans SET scanned_at = scanned_at - ?1 WHERE scan_id = ?2")
      .bind(11 * 60_000, scan.scanId)
      .run();
    const late = await voidUse(scan.scanId, used.redemptionId);
    expect([late.status, await code(late)]).toEqual([404, "not_found"]);
    const left = MemberCoupon.parse(await (await merchantApi(`/v1/members/mem_0006/coupons/${coupon.couponId}`)).json());
    expect(left.usesLeft).toBe(0);
  });
});
