import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ErrorBody } from "../../shared/errors.ts";
import {
  BirthdayCandidatePage,
  CouponCatalogue,
  CouponRedemption,
  MemberCoupon,
  MemberCouponList,
  PointsExpiryCandidatePage,
} from "../../shared/merchant-contract.ts";
import { devPersona } from "./personas.ts";
import { parseContractAnswer, type MerchantOperationId } from "./merchant-contract-answers.ts";
import { SANDBOX_TEST_API_KEY as apiKey, sandboxMerchantPerTest } from "./sandbox-merchant-fixture.ts";

const merchant = sandboxMerchantPerTest();

async function call(operation: MerchantOperationId, method: string, path: string, init: { body?: unknown; key?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.key !== undefined) headers["idempotency-key"] = init.key;
  const response = await fetch(`${merchant.url}${path}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: await parseContractAnswer(operation, response) };
}

const coupons = async (memberId: string) =>
  MemberCouponList.parse((await call("listMemberCoupons", "GET", `/v1/members/${memberId}/coupons`)).body).coupons;
const redeem = (memberId: string, couponId: string, storeId = "store_shibuya", key: string = randomUUID()) =>
  call("redeemCoupon", "POST", `/v1/members/${memberId}/coupons/${couponId}/redemptions`, {
    body: { storeId, staffId: "stf_001" },
    key,
  });
const codeOf = (body: unknown) => ErrorBody.parse(body).error.code;

describe("sandbox merchant › coupons", () => {
  it("offers the coffee chain's LINE-only, welcome, gold rank and birthday coupons", async () => {
    const { body } = await call("listCouponCatalogue", "GET", "/v1/coupons");
    const kinds = CouponCatalogue.parse(body).coupons.map((coupon) => coupon.kind);
    expect(kinds.sort()).toEqual(["birthday", "line_only", "rank", "welcome"]);
  });

  it("lists a member's coupons available, used and expired, with uses left and stores", async () => {
    const list = await coupons("mem_0001");
    const byId = new Map(list.map((coupon) => [coupon.couponId, coupon]));
    expect(byId.get("cpn_0001_line")).toMatchObject({ status: "available", usesLeft: 1, kind: "line_only" });
    expect(byId.get("cpn_0001_gold")).toMatchObject({ status: "available", usesLeft: 1, usesAllowed: 2 });
    expect(byId.get("cpn_0001_gold")?.stores.map((store) => store.name)).toEqual(["吉祥寺店", "渋谷店"]);
    expect(byId.get("cpn_0001_welcome")).toMatchObject({ status: "used", usesLeft: 0 });
    expect(byId.get("cpn_0001_birthday")).toMatchObject({ status: "expired", everyStore: true });
    expect(list.some((coupon) => coupon.couponId === "cpn_0003_line")).toBe(false);
  });

  it("answers 404 for another member's coupon by id, and when redeeming it", async () => {
    const read = await call("getMemberCoupon", "GET", "/v1/members/mem_0001/coupons/cpn_0003_line");
    expect(read.status).toBe(404);
    const used = await redeem("mem_0001", "cpn_0003_line");
    expect(used.status).toBe(404);
    expect((await coupons("mem_0003"))[0]).toMatchObject({ couponId: "cpn_0003_line", usesLeft: 1 });
  });

  it("lets exactly one of two concurrent redemptions of a single-use coupon succeed", async () => {
    const results = await Promise.all([redeem("mem_0001", "cpn_0001_line"), redeem("mem_0001", "cpn_0001_line")]);
    expect(results.map((result) => result.status).sort((a, b) => a - b)).toEqual([201, 409]);
    const refused = results.find((result) => result.status === 409);
    expect(codeOf(refused?.body)).toBe("coupon_used");
    const won = CouponRedemption.parse(results.find((result) => result.status === 201)?.body);
    expect(won.coupon).toMatchObject({ status: "used", usesLeft: 0 });
  });

  it("replays the first answer for a repeated key instead of using the coupon again", async () => {
    const key = randomUUID();
    const first = await redeem("mem_0001", "cpn_0001_gold", "store_shibuya", key);
    const again = await redeem("mem_0001", "cpn_0001_gold", "store_shibuya", key);
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    const otherBody = await redeem("mem_0001", "cpn_0001_gold", "store_kichijoji", key);
    expect(codeOf(otherBody.body)).toBe("idempotency_conflict");
  });

  it("refuses an expired coupon and a store that does not take it, with their own codes, changing nothing", async () => {
    const expired = await redeem("mem_0001", "cpn_0001_birthday");
    expect([expired.status, codeOf(expired.body)]).toEqual([422, "coupon_expired"]);
    const elsewhere = await redeem("mem_0001", "cpn_0001_gold", "store_futakotamagawa");
    expect([elsewhere.status, codeOf(elsewhere.body)]).toEqual([422, "coupon_wrong_store"]);
    const used = await redeem("mem_0001", "cpn_0001_welcome");
    expect([used.status, codeOf(used.body)]).toEqual([409, "coupon_used"]);
    const gold = MemberCoupon.parse((await call("getMemberCoupon", "GET", "/v1/members/mem_0001/coupons/cpn_0001_gold")).body);
    expect(gold.usesLeft).toBe(1);
  });

  it("gives a use back on void, once however often it is voided", async () => {
    const redeemed = CouponRedemption.parse((await redeem("mem_0001", "cpn_0001_line")).body);
    const path = `/v1/members/mem_0001/coupons/cpn_0001_line/redemptions/${redeemed.redemptionId}/void`;
    const voided = CouponRedemption.parse((await call("voidCouponRedemption", "POST", path)).body);
    const twice = CouponRedemption.parse((await call("voidCouponRedemption", "POST", path)).body);
    expect(voided.voidedAt).not.toBeNull();
    expect(twice.coupon).toMatchObject({ status: "available", usesLeft: 1 });
    const otherMember = await call("voidCouponRedemption", "POST", path.replace("mem_0001", "mem_0003"));
    expect(otherMember.status).toBe(404);
  });

  it("grants the welcome coupon on a member's first link only", async () => {
    const lineUserId = devPersona("unlinked").lineUserId;
    const link = () => call("putLineLink", "PUT", `/v1/line-links/${lineUserId}`, { body: { memberId: "mem_0002" } });
    expect((await link()).status).toBe(200);
    expect((await call("deleteLineLink", "DELETE", `/v1/line-links/${lineUserId}`)).status).toBe(204);
    expect((await link()).status).toBe(200);
    const welcome = (await coupons("mem_0002")).filter((coupon) => coupon.kind === "welcome");
    expect(welcome).toHaveLength(1);
    expect(welcome[0]).toMatchObject({ status: "available", usesLeft: 1 });
  });

  it("grants a catalogue coupon once per idempotency key", async () => {
    const key = randomUUID();
    const grant = () =>
      call("grantCoupon", "POST", "/v1/members/mem_0004/coupons", { body: { couponDefinitionId: "line_only_drink_50" }, key });
    const [first, second] = [await grant(), await grant()];
    expect(first.status).toBe(201);
    expect(second).toEqual(first);
    expect(await coupons("mem_0004")).toHaveLength(1);
    const unknown = await call("grantCoupon", "POST", "/v1/members/mem_0004/coupons", {
      body: { couponDefinitionId: "no_such_coupon" },
      key: randomUUID(),
    });
    expect(unknown.status).toBe(404);
  });

  it("grants at most one coupon per grant key, whatever the Idempotency-Key", async () => {
    const grant = () =>
      call("grantCoupon", "POST", "/v1/members/mem_0004/coupons", {
        body: { couponDefinitionId: "birthday_cake", grantKey: "birthday:mem_0004:2027" },
        key: randomUUID(),
      });
    const first = await grant();
    const again = await grant();
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(MemberCoupon.parse(again.body).couponId).toBe(MemberCoupon.parse(first.body).couponId);
    expect(await coupons("mem_0004")).toHaveLength(1);
  });

  it("lists the linked members born in a month, for the birthday job", async () => {
    const { body } = await call("listBirthdayCandidates", "GET", "/v1/coupons/birthday-candidates?month=5");
    expect(BirthdayCandidatePage.parse(body)).toEqual({
      members: [{ memberId: "mem_0001", lineUserId: devPersona("linked").lineUserId }],
      nextCursor: null,
    });
    const august = await call("listBirthdayCandidates", "GET", "/v1/coupons/birthday-candidates?month=8");
    // 佐藤 花子 (born in August) has not linked LINE.
    expect(BirthdayCandidatePage.parse(august.body).members).toEqual([]);
  });

  it("lists linked members whose points expire in a range, one entry per date, for the reminder", async () => {
    // 山田 太郎's limited-time bonus runs out 12 days after seeding; 佐藤 花子 has not linked LINE.
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    const day = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const { status, body } = await call(
      "listPointsExpiryCandidates",
      "GET",
      `/v1/points/expiry-candidates?from=${today}&through=${day(14)}`,
    );
    expect(status).toBe(200);
    const page = PointsExpiryCandidatePage.parse(body);
    const taro = page.members.filter((batch) => batch.memberId === "mem_0001");
    expect(taro).toEqual([
      {
        memberId: "mem_0001",
        lineUserId: devPersona("linked").lineUserId,
        points: expect.any(Number),
        expiresOn: day(12),
        batchId: `exp_${day(12)}`,
      },
    ]);
    expect(page.members.map((batch) => batch.memberId)).not.toContain("mem_0002");
    const before = await call(
      "listPointsExpiryCandidates",
      "GET",
      `/v1/points/expiry-candidates?from=${today}&through=${day(11)}`,
    );
    expect(PointsExpiryCandidatePage.parse(before.body).members.map((batch) => batch.memberId)).not.toContain("mem_0001");
    const backwards = await call(
      "listPointsExpiryCandidates",
      "GET",
      `/v1/points/expiry-candidates?from=${day(3)}&through=${today}`,
    );
    expect(backwards.status).toBe(400);
  });

  it("answers 400 for a redemption without an Idempotency-Key", async () => {
    const response = await fetch(`${merchant.url}/v1/members/mem_0001/coupons/cpn_0001_line/redemptions`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ storeId: "store_shibuya", staffId: "stf_001" }),
    });
    expect(response.status).toBe(400);
  });
});
