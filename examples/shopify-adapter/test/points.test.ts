import { describe, expect, it } from "vitest";
import { ErrorBody } from "../../../shared/errors.ts";
import {
  PointHistoryPage,
  PointsBalance,
  PointTransaction,
  type PointTransactionRequest,
} from "../../../shared/merchant-contract.ts";
import { parseContractAnswer } from "../../../test/fakes/merchant-contract-answers.ts";
import { adapterPerTest, GOLD_MEMBER, LINKED_MEMBER, NEW_MEMBER } from "./adapter-fixture.ts";

const adapter = adapterPerTest();
const { shopify } = adapter;

const award = (purchaseAmountYen: number): PointTransactionRequest => ({
  kind: "award",
  purchaseAmountYen,
  storeId: "shibuya",
  staffId: "staff-07",
});
const redeem = (points: number): PointTransactionRequest => ({ kind: "redeem", points, storeId: "shibuya", staffId: "staff-07" });

const transact = (memberId: string, request: unknown, key: string) =>
  adapter.call("POST", `/v1/members/${memberId}/point-transactions`, { body: request, headers: { "idempotency-key": key } });

async function balance(memberId: string): Promise<number> {
  const response = await adapter.call("GET", `/v1/members/${memberId}/points`);
  return PointsBalance.parse(await parseContractAnswer("getPoints", response)).balance;
}

async function temporaryFailure(response: Response) {
  expect(response.status).toBe(503);
  const body = ErrorBody.parse(await response.json());
  expect(body.error.code).toBe("upstream_unavailable");
  return { body, retryAfter: Number(response.headers.get("retry-after")) };
}

describe("Shopify adapter › points", () => {
  it("answers the balance from the customer's loyalty.points metafield, and 0 for a customer who never had points", async () => {
    expect(await balance(GOLD_MEMBER)).toBe(120);
    expect(await balance(NEW_MEMBER)).toBe(0);
    const unknown = await adapter.call("GET", "/v1/members/7309999999999/points");
    expect(ErrorBody.parse(await parseContractAnswer("getPoints", unknown)).error.code).toBe("not_found");
  });

  it("awards at the rank's rate and writes the balance and the ledger to Shopify together", async () => {
    const response = await transact(GOLD_MEMBER, award(1250), "award-gold-0000000001");
    const transaction = PointTransaction.parse(await parseContractAnswer("createPointTransaction", response));
    // Gold: 2 points per ¥100.
    expect(transaction).toMatchObject({ kind: "award", points: 24, balance: 144, storeId: "shibuya", staffId: "staff-07" });
    expect(shopify.metafield(`gid://shopify/Customer/${GOLD_MEMBER}`, "loyalty.points")).toBe("144");
    expect(await balance(GOLD_MEMBER)).toBe(144);
  });

  it("applies an award sent twice with the same Idempotency-Key once, and answers the first answer again", async () => {
    const first = PointTransaction.parse(
      await parseContractAnswer("createPointTransaction", await transact(NEW_MEMBER, award(1000), "award-twice-00000001")),
    );
    const again = PointTransaction.parse(
      await parseContractAnswer("createPointTransaction", await transact(NEW_MEMBER, award(1000), "award-twice-00000001")),
    );
    expect(again).toEqual(first);
    expect(await balance(NEW_MEMBER)).toBe(10);
  });

  it("applies a redeem sent twice with the same key once, even by an adapter that has forgotten the first (the key is in Shopify's ledger)", async () => {
    const first = PointTransaction.parse(
      await parseContractAnswer("createPointTransaction", await transact(GOLD_MEMBER, redeem(50), "redeem-twice-0000001")),
    );
    expect(first).toMatchObject({ points: -50, balance: 70 });
    adapter.restartAdapter();
    const again = PointTransaction.parse(
      await parseContractAnswer("createPointTransaction", await transact(GOLD_MEMBER, redeem(50), "redeem-twice-0000001")),
    );
    expect(again).toEqual(first);
    expect(await balance(GOLD_MEMBER)).toBe(70);
  });

  it("refuses the same key with another body (422 idempotency_conflict), before and after a restart", async () => {
    await transact(GOLD_MEMBER, redeem(10), "redeem-conflict-0001");
    const conflict = await transact(GOLD_MEMBER, redeem(20), "redeem-conflict-0001");
    expect(ErrorBody.parse(await parseContractAnswer("createPointTransaction", conflict)).error.code).toBe(
      "idempotency_conflict",
    );
    adapter.restartAdapter();
    const afterRestart = await transact(GOLD_MEMBER, redeem(20), "redeem-conflict-0001");
    expect(ErrorBody.parse(await parseContractAnswer("createPointTransaction", afterRestart)).error.code).toBe(
      "idempotency_conflict",
    );
    expect(await balance(GOLD_MEMBER)).toBe(110);
  });

  it("refuses a redeem over the balance with 422 insufficient_points, changes nothing, and lets the same key try again later", async () => {
    const refused = await transact(LINKED_MEMBER, redeem(41), "redeem-too-much-0001");
    expect(refused.status).toBe(422);
    expect(ErrorBody.parse(await parseContractAnswer("createPointTransaction", refused)).error.code).toBe("insufficient_points");
    expect(shopify.operations).not.toContain("LoyaltyMetafieldsSet");
    expect(await balance(LINKED_MEMBER)).toBe(40);

    await transact(LINKED_MEMBER, award(500), "award-top-up-0000001");
    const retried = await transact(LINKED_MEMBER, redeem(41), "redeem-too-much-0001");
    expect(PointTransaction.parse(await parseContractAnswer("createPointTransaction", retried)).balance).toBe(4);
  });

  it("applies two awards at once for one member both, by compare-and-set on the ledger (the later one reads again)", async () => {
    const answers = await Promise.all([
      transact(GOLD_MEMBER, award(1000), "award-at-once-000001"),
      transact(GOLD_MEMBER, award(2000), "award-at-once-000002"),
    ]);
    expect(answers.map((response) => response.status)).toEqual([201, 201]);
    expect(await balance(GOLD_MEMBER)).toBe(180);
  });

  it("answers a throttled write with the contract's temporary failure (503, Retry-After) and applies the retry once", async () => {
    shopify.throttleNext("LoyaltyMetafieldsSet");
    const throttled = await temporaryFailure(await transact(GOLD_MEMBER, award(1000), "award-throttled-0001"));
    // The recording: 52 requested, 12 available, 100 restored a second.
    expect(throttled.retryAfter).toBe(1);
    expect(throttled.body.error.retryAfterSeconds).toBe(1);
    expect(await balance(GOLD_MEMBER)).toBe(120);

    const retried = await transact(GOLD_MEMBER, award(1000), "award-throttled-0001");
    expect(PointTransaction.parse(await parseContractAnswer("createPointTransaction", retried)).balance).toBe(140);
    await transact(GOLD_MEMBER, award(1000), "award-throttled-0001");
    expect(await balance(GOLD_MEMBER)).toBe(140);
  });

  it("answers Shopify's 429 on a read with 503 and the Retry-After Shopify gave", async () => {
    shopify.throttleNext("LoyaltyCustomer", "http-429");
    const { retryAfter } = await temporaryFailure(await adapter.call("GET", `/v1/members/${GOLD_MEMBER}/points`));
    expect(retryAfter).toBe(2);
  });

  it("never applies a write twice when Shopify applied it but the answer was lost: the retry is answered from the ledger", async () => {
    shopify.loseAnswerNext("LoyaltyMetafieldsSet");
    await temporaryFailure(await transact(GOLD_MEMBER, redeem(100), "redeem-lost-answer-1"));
    // Shopify did it: the balance moved, though nobody heard.
    expect(await balance(GOLD_MEMBER)).toBe(20);

    const retried = await transact(GOLD_MEMBER, redeem(100), "redeem-lost-answer-1");
    expect(PointTransaction.parse(await parseContractAnswer("createPointTransaction", retried))).toMatchObject({
      points: -100,
      balance: 20,
    });
    expect(await balance(GOLD_MEMBER)).toBe(20);
  });

  it("requires an Idempotency-Key and a valid body (400), and changes nothing without them", async () => {
    const withoutKey = await adapter.call("POST", `/v1/members/${GOLD_MEMBER}/point-transactions`, { body: award(1000) });
    expect(ErrorBody.parse(await parseContractAnswer("createPointTransaction", withoutKey)).error.code).toBe("bad_request");
    const badBody = await transact(
      GOLD_MEMBER,
      { kind: "redeem", points: -5, storeId: "shibuya", staffId: "staff-07" },
      "redeem-bad-body-0001",
    );
    const body = ErrorBody.parse(await parseContractAnswer("createPointTransaction", badBody));
    expect(body.error.issues?.map((issue) => issue.path)).toContain("points");
    expect(shopify.operations).toEqual([]);
  });

  it("lists the ledger newest first, a page at a time, in the contract's shape", async () => {
    await transact(NEW_MEMBER, award(300), "history-award-000001");
    await transact(NEW_MEMBER, award(700), "history-award-000002");
    await transact(NEW_MEMBER, redeem(4), "history-redeem-00001");
    const first = PointHistoryPage.parse(
      await parseContractAnswer("listPointHistory", await adapter.call("GET", `/v1/members/${NEW_MEMBER}/point-history?limit=2`)),
    );
    expect(first.entries.map((entry) => [entry.kind, entry.points])).toEqual([
      ["redeemed", -4],
      ["earned_in_store", 7],
    ]);
    const second = PointHistoryPage.parse(
      await parseContractAnswer(
        "listPointHistory",
        await adapter.call("GET", `/v1/members/${NEW_MEMBER}/point-history?limit=2&cursor=${first.nextCursor}`),
      ),
    );
    expect(second).toMatchObject({ entries: [{ kind: "earned_in_store", points: 3 }], nextCursor: null });
    const madeUp = await adapter.call("GET", `/v1/members/${NEW_MEMBER}/point-history?cursor=pt_madeup`);
    expect(ErrorBody.parse(await parseContractAnswer("listPointHistory", madeUp)).error.code).toBe("bad_request");
  });

  it("previews an award at the member's rank rate without writing", async () => {
    const response = await adapter.call("POST", `/v1/members/${NEW_MEMBER}/point-awards/preview`, {
      body: { purchaseAmountYen: 1299, storeId: "shibuya" },
    });
    expect(await parseContractAnswer("previewPointAward", response)).toEqual({ points: 12 });
    expect(shopify.operations).toEqual(["LoyaltyCustomer"]);
  });

  it("answers 500 internal, not a member's 4xx, when Shopify refuses the adapter's own access token", async () => {
    adapter.restartAdapter("shpat_revoked");
    const response = await adapter.call("GET", `/v1/members/${GOLD_MEMBER}/points`);
    expect(response.status).toBe(500);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("internal");
    expect(String(adapter.errors[0])).toContain("Invalid API key or access token");
  });
});
