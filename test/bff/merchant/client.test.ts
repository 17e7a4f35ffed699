import { afterEach, describe, expect, it, vi } from "vitest";
import { errorBody } from "../../../shared/errors.ts";
import { createMerchantClient } from "../../../bff/merchant/client.ts";
import { UpstreamError } from "../../../bff/lib/errors.ts";

const log = { info: () => {}, warn: () => {}, error: () => {} };
const client = () =>
  createMerchantClient({ baseUrl: "https://merchant.test", apiKey: "k", timeoutMs: 1000, requestId: "r", log });
const award = { kind: "award", purchaseAmountYen: 100, storeId: "store_shibuya", staffId: "stf_001" } as const;

function merchantAnswers(status: number, body: unknown) {
  vi.spyOn(globalThis, "fetch").mockResolvedValue(
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }),
  );
}

afterEach(() => vi.restoreAllMocks());

describe("merchant client › point transactions", () => {
  it("hands back the two refusals the contract names", async () => {
    merchantAnswers(422, errorBody("insufficient_points", "no"));
    expect(await client().createPointTransaction("mem_1", award, "k".repeat(16))).toMatchObject({
      refused: "insufficient_points",
    });
    merchantAnswers(422, errorBody("idempotency_conflict", "other body"));
    expect(await client().createPointTransaction("mem_1", award, "k".repeat(16))).toMatchObject({
      refused: "idempotency_conflict",
    });
  });

  it("never reports another 422 as an idempotency conflict: it is a merchant off the contract", async () => {
    merchantAnswers(422, errorBody("slot_full", "something else"));
    const answer = client().createPointTransaction("mem_1", award, "k".repeat(16));
    await expect(answer).rejects.toBeInstanceOf(UpstreamError);
    await expect(answer).rejects.toMatchObject({ code: "upstream_invalid" });
  });
});
