import { afterEach, describe, expect, it, vi } from "vitest";
import { errorBody } from "../../../shared/errors.ts";
import { createMerchantClient } from "../../../bff/merchant/client.ts";
import { UpstreamError } from "../../../bff/lib/errors.ts";

const log = { info: () => {}, warn: () => {}, error: () => {} };
const client = () =>
  createMerchantClient({ baseUrl: "https://merchant.test", apiKey: "k", timeoutMs: 1000, requestId: "r", log });
const atShibuya = { storeId: "store_shibuya", staffId: "stf_001" };
const key = "k".repeat(16);

function merchantAnswers(status: number, body: unknown) {
  vi.spyOn(globalThis, "fetch").mockResolvedValue(
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }),
  );
}

afterEach(() => vi.restoreAllMocks());

describe("merchant client › coupon redemptions", () => {
  it("hands back each refusal the contract names, with our words instead of the merchant's", async () => {
    for (const [status, code] of [
      [409, "coupon_used"],
      [422, "coupon_expired"],
      [422, "coupon_wrong_store"],
      [422, "idempotency_conflict"],
    ] as const) {
      merchantAnswers(status, errorBody(code, "<b>internal detail</b>"));
      const answer = await client().redeemCoupon("mem_1", "cpn_1", atShibuya, key);
      expect(answer).toMatchObject({ refused: code });
      expect(JSON.stringify(answer)).not.toContain("internal detail");
    }
  });

  it("reads a 404 as no such coupon for this member", async () => {
    merchantAnswers(404, errorBody("not_found", "no"));
    expect(await client().redeemCoupon("mem_1", "cpn_1", atShibuya, key)).toBeNull();
  });

  it("treats a refusal the contract does not name as a merchant off the contract", async () => {
    merchantAnswers(409, errorBody("slot_full", "something else"));
    const answer = client().redeemCoupon("mem_1", "cpn_1", atShibuya, key);
    await expect(answer).rejects.toBeInstanceOf(UpstreamError);
    await expect(answer).rejects.toMatchObject({ code: "upstream_invalid" });
  });

  it("refuses a coupon answer that does not match the contract", async () => {
    merchantAnswers(200, { couponId: "cpn_1", status: "maybe" });
    await expect(client().getMemberCoupon("mem_1", "cpn_1")).rejects.toMatchObject({ code: "upstream_invalid" });
  });
});
