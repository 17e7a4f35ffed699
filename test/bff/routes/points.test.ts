import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrderDetailResponse, PointHistoryResponse, PointsResponse } from "../../../shared/api.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { callBff, freshLineUserId, merchantApi, mintIdToken } from "../helpers.ts";

// 吉田 愛 (1000-0011, gold) is linked to a LINE user of this file's own. Her seeded ledger has
// an entry of every kind: in store, online, redeemed, expired, adjusted and the sign-up bonus.
const customer = freshLineUserId();
const MEMBER_ID = "mem_0011";
let token: string;

beforeAll(async () => {
  const linked = await merchantApi(`/v1/line-links/${customer}`, {
    method: "PUT",
    body: JSON.stringify({ memberId: MEMBER_ID }),
  });
  expect(linked.status).toBe(200);
  token = await mintIdToken({ sub: customer });
});

afterAll(async () => {
  await merchantApi(`/v1/line-links/${customer}`, { method: "DELETE" });
});

const japanToday = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
const daysFrom = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const code = async (response: Response) => ErrorBody.parse(await response.json()).error.code;

async function summaryBalance() {
  const response = await merchantApi(`/v1/members/${MEMBER_ID}/summary`);
  return ((await response.json()) as { points: { balance: number } }).points.balance;
}

async function wholeHistory(limit: number) {
  const entries: PointHistoryResponse["entries"] = [];
  let cursor: string | null = null;
  do {
    const response = await callBff(`/api/points/history?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, {
      token,
    });
    expect(response.status).toBe(200);
    const page = PointHistoryResponse.parse(await response.json());
    expect(page.entries.length).toBeLessThanOrEqual(limit);
    entries.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}

describe("GET /api/points", () => {
  it("shows one balance for store and online points, and what expires within 60 days, soonest first", async () => {
    const response = await callBff("/api/points", { token });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const points = PointsResponse.parse(await response.json());
    expect(points.balance).toBe(await summaryBalance());
    expect(points.expiringSoon.length).toBeGreaterThan(0);
    const dates = points.expiringSoon.map((lot) => lot.expiresOn);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    for (const date of dates) {
      expect(date >= japanToday()).toBe(true);
      expect(date <= daysFrom(japanToday(), 60)).toBe(true);
    }
    // The seeded limited-time bonus: 87 pt on the 渋谷店 order, valid for 9 days from seeding
    // (8 if Japan's midnight passed since the fakes started).
    const bonus = points.expiringSoon.find((lot) => lot.points === 87);
    expect([daysFrom(japanToday(), 8), daysFrom(japanToday(), 9)]).toContain(bonus?.expiresOn);
    expect(points.expiringSoon.reduce((sum, lot) => sum + lot.points, 0)).toBeLessThanOrEqual(points.balance);
  });

  it("answers 404 not_linked to a LINE user without a membership, 401 without a token", async () => {
    const response = await callBff("/api/points", { token: await mintIdToken({ sub: freshLineUserId() }) });
    expect(response.status).toBe(404);
    expect(await code(response)).toBe("not_linked");
    expect((await callBff("/api/points")).status).toBe(401);
    expect((await callBff("/api/points/history")).status).toBe(401);
  });
});

describe("GET /api/points/history", () => {
  it("lists the one ledger newest first, a page at a time, adding up to the balance", async () => {
    const entries = await wholeHistory(4);
    const times = entries.map((entry) => entry.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(entries.map((entry) => entry.entryId)).size).toBe(entries.length);
    expect(entries.reduce((sum, entry) => sum + entry.points, 0)).toBe(await summaryBalance());
    expect(await wholeHistory(50)).toEqual(entries);
  });

  it("has every kind of entry, each with its store or order", async () => {
    const entries = await wholeHistory(50);
    const byKind = (kind: string) => entries.filter((entry) => entry.kind === kind);
    for (const kind of ["earned_in_store", "earned_online", "redeemed", "expired", "adjusted", "signup_bonus"]) {
      expect(byKind(kind).length, kind).toBeGreaterThan(0);
    }
    for (const entry of byKind("earned_in_store"))
      expect(entry).toMatchObject({ storeName: "渋谷店", orderId: expect.any(String) });
    for (const entry of byKind("earned_online")) expect(entry.orderId).toMatch(/^ord_/);
    expect(byKind("redeemed")).toEqual([expect.objectContaining({ points: -300, storeName: "渋谷店" })]);
    expect(byKind("expired")).toEqual([expect.objectContaining({ points: -228, occurredAt: "2026-04-02T15:00:00.000Z" })]);
    for (const entry of [...byKind("redeemed"), ...byKind("expired")]) expect(entry.points).toBeLessThan(0);
  });

  it("refers only to the member's own orders", async () => {
    const orderIds = new Set((await wholeHistory(50)).flatMap((entry) => (entry.orderId ? [entry.orderId] : [])));
    expect(orderIds.size).toBeGreaterThan(0);
    for (const orderId of orderIds) {
      const response = await callBff(`/api/orders/${orderId}`, { token });
      expect(response.status, orderId).toBe(200);
      OrderDetailResponse.parse(await response.json());
    }
  });

  it("answers 400 for a limit out of range and for a cursor the merchant never issued", async () => {
    for (const query of ["limit=0", "limit=51", "limit=x", "cursor=", "cursor=bm90LWEtY3Vyc29y"]) {
      const response = await callBff(`/api/points/history?${query}`, { token });
      expect(response.status, query).toBe(400);
      expect(await code(response)).toBe("bad_request");
    }
  });
});
