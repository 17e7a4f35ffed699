import { describe, expect, it } from "vitest";
import { ErrorBody } from "../../shared/errors.ts";
import { LineUserId, SegmentMemberPage, type MerchantSegmentFilter } from "../../shared/merchant-contract.ts";
import { parseContractAnswer } from "./merchant-contract-answers.ts";
import { devPersona } from "./personas.ts";
import { SANDBOX_TEST_API_KEY as apiKey, sandboxMerchantPerTest } from "./sandbox-merchant-fixture.ts";

const merchant = sandboxMerchantPerTest();

// 山田 太郎 (mem_0001, gold, born May, 渋谷店, last bought 2026-11-21) is linked in the seed;
// these tests link 鈴木 美咲 (mem_0003, silver, born January, 吉祥寺店, last bought 2026-10-18,
// 820 pt) and 高橋 健太 (mem_0004, regular, born November, 渋谷店, only a cancelled order).
// 佐藤 花子 (mem_0002, born August) stays unlinked.
const YAMADA = devPersona("linked").lineUserId;
const SUZUKI = "U3000000000000000000000000000aaaa";
const TAKAHASHI = "U4000000000000000000000000000bbbb";

async function link(lineUserId: string, memberId: string) {
  const response = await fetch(`${merchant.url}/v1/line-links/${lineUserId}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ memberId }),
  });
  expect(response.status).toBe(200);
}

async function evaluate(body: unknown, authorization = `Bearer ${apiKey}`) {
  const response = await fetch(`${merchant.url}/v1/segments/members`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await parseContractAnswer("evaluateSegment", response) };
}

async function matching(filter: MerchantSegmentFilter): Promise<string[]> {
  await link(SUZUKI, "mem_0003");
  await link(TAKAHASHI, "mem_0004");
  const { status, body } = await evaluate({ filter });
  expect(status).toBe(200);
  return SegmentMemberPage.parse(body).lineUserIds;
}

async function bulk(count: number, seed: string) {
  const response = await fetch(`${merchant.url}/__dev/bulk-members`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ count, seed }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    count: number;
    members: Array<{ lineUserId: string; rankCode: string; birthMonth: number }>;
  };
}

describe("sandbox merchant › POST /v1/segments/members (evaluateSegment)", () => {
  it("lists every linked member for an empty filter, in id order, and never an unlinked one", async () => {
    expect(await matching({})).toEqual([YAMADA, SUZUKI, TAKAHASHI].sort());
    // 佐藤 花子 is the only member born in August, and she is not linked.
    expect(await matching({ birthMonths: [8] })).toEqual([]);
  });

  it("filters by rank", async () => {
    expect(await matching({ rankCodes: ["silver"] })).toEqual([SUZUKI]);
    expect(await matching({ rankCodes: ["gold", "silver"] })).toEqual([YAMADA, SUZUKI].sort());
  });

  it("filters by birth month", async () => {
    expect(await matching({ birthMonths: [1] })).toEqual([SUZUKI]);
    expect(await matching({ birthMonths: [5, 11] })).toEqual([YAMADA, TAKAHASHI].sort());
  });

  it("filters by the last purchase's Japan date, leaving out members who never bought (a cancelled order is no purchase)", async () => {
    expect(await matching({ lastPurchaseBefore: "2026-11-01" })).toEqual([SUZUKI]);
    // 鈴木 bought at 16:45 on 18 October, Japan time: that day counts as "on or after".
    expect(await matching({ lastPurchaseAfter: "2026-10-18" })).toEqual([YAMADA, SUZUKI].sort());
    expect(await matching({ lastPurchaseAfter: "2026-10-19" })).toEqual([YAMADA]);
    expect(await matching({ lastPurchaseAfter: "2026-10-01", lastPurchaseBefore: "2026-11-01" })).toEqual([SUZUKI]);
  });

  it("filters by product and category bought, not counting cancelled orders", async () => {
    expect(await matching({ purchasedProductIds: ["prd_015"] })).toEqual([SUZUKI]);
    // 高橋 健太 ordered the drip bags (prd_008) once, and cancelled.
    expect(await matching({ purchasedProductIds: ["prd_008"] })).toEqual([YAMADA]);
    expect(await matching({ purchasedCategories: ["baked_goods"] })).toEqual([YAMADA, SUZUKI].sort());
    expect(await matching({ purchasedCategories: ["equipment"], rankCodes: ["silver"] })).toEqual([]);
  });

  it("filters by home store and by points balance", async () => {
    expect(await matching({ favouriteStoreIds: ["store_shibuya"] })).toEqual([YAMADA, TAKAHASHI].sort());
    expect(await matching({ pointsMin: 800, pointsMax: 1000 })).toEqual([SUZUKI]);
    expect(await matching({ pointsMax: 100 })).toEqual([TAKAHASHI]);
  });

  it("ANDs every given criterion", async () => {
    expect(await matching({ favouriteStoreIds: ["store_shibuya"], rankCodes: ["gold"] })).toEqual([YAMADA]);
    expect(await matching({ favouriteStoreIds: ["store_shibuya"], rankCodes: ["silver"] })).toEqual([]);
  });

  it("pages through the whole segment in a stable order with the same total on every page", async () => {
    await bulk(23, "paging");
    const first = SegmentMemberPage.parse((await evaluate({ filter: {} })).body);
    const everyone = first.lineUserIds;
    expect(first.total).toBe(24);
    expect(everyone).toEqual([...everyone].sort());

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body } = await evaluate({ filter: {}, limit: 5, ...(cursor ? { cursor } : {}) });
      expect(status).toBe(200);
      const page = SegmentMemberPage.parse(body);
      expect(page.total).toBe(24);
      expect(page.lineUserIds.length).toBeLessThanOrEqual(5);
      seen.push(...page.lineUserIds);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(seen).toEqual(everyone);
    expect(pages).toBe(5);
  });

  it("refuses a bad filter, limit or cursor with 400 and the error body", async () => {
    const bad = [
      { filter: { birthMonths: [13] } },
      { filter: { rankCodes: [] } },
      { filter: { pointsMin: 500, pointsMax: 100 } },
      { filter: { lastPurchaseBefore: "2026-13-01" } },
      { filter: { favouriteStore: ["store_shibuya"] } },
      { filter: {}, limit: 1001 },
      { filter: {}, cursor: "not-a-cursor" },
      {},
    ];
    for (const body of bad) {
      const response = await evaluate(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(ErrorBody.parse(response.body).error.code).toBe("bad_request");
    }
  });

  it("answers 401 without the API key", async () => {
    const response = await fetch(`${merchant.url}/v1/segments/members`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ filter: {} }),
    });
    expect(response.status).toBe(401);
  });
});

describe("sandbox merchant › POST /__dev/bulk-members", () => {
  it("adds linked members with LINE user ids that are the same for the same seed, and different for another", async () => {
    const first = await bulk(50, "alpha");
    expect(first.count).toBe(50);
    for (const member of first.members) expect(LineUserId.safeParse(member.lineUserId).success).toBe(true);
    expect(new Set(first.members.map((member) => member.lineUserId)).size).toBe(50);

    // The same seed again adds nothing new; another seed adds others.
    const again = await bulk(50, "alpha");
    expect(again.members.map((member) => member.lineUserId)).toEqual(first.members.map((member) => member.lineUserId));
    const other = await bulk(50, "beta");
    expect(other.members.some((member) => first.members.some((seen) => seen.lineUserId === member.lineUserId))).toBe(false);

    const all = SegmentMemberPage.parse((await evaluate({ filter: {} })).body);
    expect(all.total).toBe(101);
    // Their ranks and birth months vary, so segments over them mean something.
    const silverInMarch = first.members.filter((member) => member.rankCode === "silver" && member.birthMonth === 3);
    const { body } = await evaluate({ filter: { rankCodes: ["silver"], birthMonths: [3] } });
    const matched = SegmentMemberPage.parse(body).lineUserIds;
    expect(silverInMarch.length).toBeGreaterThan(0);
    for (const member of silverInMarch) expect(matched).toContain(member.lineUserId);
  });

  it("makes 10,000 linked members in one call, for campaigns at scale", async () => {
    const started = performance.now();
    expect((await bulk(10_000, "scale")).count).toBe(10_000);
    const elapsed = performance.now() - started;
    const page = SegmentMemberPage.parse((await evaluate({ filter: {}, limit: 1000 })).body);
    expect(page.total).toBe(10_001);
    expect(page.lineUserIds).toHaveLength(1000);
    expect(elapsed).toBeLessThan(20_000);
  });

  it("refuses a bad request", async () => {
    const response = await fetch(`${merchant.url}/__dev/bulk-members`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ count: 0, seed: "Not Valid" }),
    });
    expect(response.status).toBe(400);
  });
});
