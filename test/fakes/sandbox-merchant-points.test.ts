import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ErrorBody } from "../../shared/errors.ts";
import { PointHistoryPage, PointsBalance } from "../../shared/merchant-contract.ts";
import { parseContractAnswer } from "./merchant-contract-answers.ts";
import { MerchantDatabase } from "./sandbox-merchant/database.ts";
import { SANDBOX_TEST_API_KEY as apiKey, sandboxMerchantPerTest } from "./sandbox-merchant-fixture.ts";
import {
  addDays,
  addYears,
  dueExpiries,
  expireDuePoints,
  expiringSoon,
  expiryInstant,
  japanDate,
  ledgerOf,
  pointBalance,
  replayLedger,
  type LedgerEntry,
} from "./sandbox-merchant/points.ts";
import { memberSeeds } from "./sandbox-merchant/seed.ts";

const merchant = sandboxMerchantPerTest();

const get = (path: string) => fetch(`${merchant.url}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });

async function history(memberId: string, limit: number) {
  const entries: PointHistoryPage["entries"] = [];
  let cursor: string | null = null;
  do {
    const response = await get(`/v1/members/${memberId}/point-history?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    const page = PointHistoryPage.parse(await parseContractAnswer("listPointHistory", response));
    entries.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}

describe("sandbox merchant › points ledger arithmetic", () => {
  const entry = (
    transactionId: number,
    points: number,
    occurredAt: string,
    expiresOn: string | null,
    reason: LedgerEntry["reason"] = points > 0 ? "purchase" : "redemption",
  ): LedgerEntry => ({
    transactionId,
    points,
    reason,
    occurredAt: new Date(occurredAt).toISOString(),
    expiresOn,
  });

  it("takes a use from the points that expire soonest, never-expiring points last", () => {
    const lots = replayLedger([
      entry(1, 100, "2026-01-01T10:00:00+09:00", null, "migration"),
      entry(2, 50, "2026-02-01T10:00:00+09:00", "2027-02-01"),
      entry(3, 30, "2026-03-01T10:00:00+09:00", "2026-12-01"),
      entry(4, -60, "2026-04-01T10:00:00+09:00", null),
    ]);
    expect(lots).toEqual([
      { transactionId: 1, expiresOn: null, remaining: 100 },
      { transactionId: 2, expiresOn: "2027-02-01", remaining: 20 },
    ]);
  });

  it("lets an expiry take only what ran out, and a use only what was still valid that day", () => {
    const entries = [
      entry(1, 40, "2025-01-10T10:00:00+09:00", "2026-01-10"),
      entry(2, 70, "2025-06-01T10:00:00+09:00", "2026-06-01"),
      entry(3, -10, "2026-02-01T10:00:00+09:00", null),
    ];
    expect(dueExpiries(replayLedger(entries), "2026-02-02")).toEqual([{ points: 40, expiresOn: "2026-01-10" }]);
    const expired = [...entries, entry(4, -40, expiryInstant("2026-01-10"), null, "expiry")];
    expect(dueExpiries(replayLedger(expired), "2026-02-02")).toEqual([]);
    expect(expiringSoon(replayLedger(expired), "2026-04-15")).toEqual([{ points: 60, expiresOn: "2026-06-01" }]);
    expect(expiringSoon(replayLedger(expired), "2026-03-01")).toEqual([]);
  });

  it("counts dates in Japan time", () => {
    expect(japanDate("2026-04-02T14:59:59Z")).toBe("2026-04-02");
    expect(japanDate("2026-04-02T15:00:00Z")).toBe("2026-04-03");
    expect(expiryInstant("2026-04-02")).toBe("2026-04-02T15:00:00.000Z");
    expect(addYears("2024-02-29", 1)).toBe("2025-03-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });
});

describe("sandbox merchant › getPoints", () => {
  it("gives every seeded member their documented balance and only dates within 60 days", async () => {
    const today = japanDate(new Date());
    for (const member of memberSeeds) {
      const response = await get(`/v1/members/${member.memberId}/points`);
      const points = PointsBalance.parse(await parseContractAnswer("getPoints", response));
      expect(points.balance).toBe(member.points);
      for (const lot of points.expiringSoon) {
        expect(lot.expiresOn >= today && lot.expiresOn <= addDays(today, 60)).toBe(true);
      }
    }
  });

  it("shows 山田 太郎's limited-time bonus expiring 12 days after seeding", async () => {
    const points = PointsBalance.parse(await (await get("/v1/members/mem_0001/points")).json());
    expect(points).toEqual({ balance: 1280, expiringSoon: [{ points: 75, expiresOn: addDays(japanDate(new Date()), 12) }] });
  });

  it("answers 404 for an unknown member", async () => {
    const response = await get("/v1/members/mem_9999/points");
    expect(ErrorBody.parse(await parseContractAnswer("getPoints", response)).error.code).toBe("not_found");
    expect(response.status).toBe(404);
  });
});

describe("sandbox merchant › listPointHistory", () => {
  it("pages 吉田 愛's ledger newest first, with an entry of every kind adding up to her balance", async () => {
    const entries = await history("mem_0011", 3);
    expect(await history("mem_0011", 100)).toEqual(entries);
    const times = entries.map((entry) => entry.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(entries.map((entry) => entry.kind))).toEqual(
      new Set(["earned_in_store", "earned_online", "redeemed", "expired", "adjusted", "signup_bonus"]),
    );
    expect(entries.reduce((sum, entry) => sum + entry.points, 0)).toBe(3300);
  });

  it("keeps its pages steady while new entries arrive", async () => {
    const first = PointHistoryPage.parse(await (await get("/v1/members/mem_0011/point-history?limit=3")).json());
    const added = await fetch(`${merchant.url}/__dev/members/mem_0011/points-event`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ points: 10, note: "テスト" }),
    });
    expect(added.status).toBe(200);
    const second = PointHistoryPage.parse(
      await (await get(`/v1/members/mem_0011/point-history?limit=3&cursor=${first.nextCursor}`)).json(),
    );
    const seen = new Set(first.entries.map((entry) => entry.entryId));
    expect(second.entries.filter((entry) => seen.has(entry.entryId))).toEqual([]);
    expect(second.entries.map((entry) => entry.note)).not.toContain("テスト");
    const fresh = PointHistoryPage.parse(await (await get("/v1/members/mem_0011/point-history?limit=1")).json());
    expect(fresh.entries[0]).toMatchObject({ kind: "adjusted", points: 10, note: "テスト" });
  });

  it("answers 400 for a cursor it never issued or a limit out of range, 404 for an unknown member", async () => {
    for (const query of ["cursor=bm90LWEtY3Vyc29y", "cursor=%5B%5D", "limit=0", "limit=101"]) {
      const response = await get(`/v1/members/mem_0011/point-history?${query}`);
      expect(response.status, query).toBe(400);
      expect(ErrorBody.parse(await response.json()).error.code).toBe("bad_request");
    }
    expect((await get("/v1/members/mem_9999/point-history")).status).toBe(404);
  });
});

describe("sandbox merchant › expiry", () => {
  let db: MerchantDatabase;
  beforeAll(async () => {
    db = await MerchantDatabase.open();
  });
  afterAll(() => db.close());

  it("writes the expiries due by a later day once, and the balance drops by what ran out", () => {
    const before = pointBalance(db, "mem_0011")!;
    const later = new Date(Date.now() + 120 * 86_400_000);
    const due = dueExpiries(replayLedger(ledgerOf(db, "mem_0011")), japanDate(later));
    const total = due.reduce((sum, lot) => sum + lot.points, 0);
    expect(total).toBeGreaterThan(0);
    expireDuePoints(db, "mem_0011", later);
    expect(pointBalance(db, "mem_0011")).toBe(before - total);
    expireDuePoints(db, "mem_0011", later);
    expect(pointBalance(db, "mem_0011")).toBe(before - total);
    const expiries = db.rows(
      "SELECT points FROM point_transactions WHERE member_id = ? AND reason = 'expiry'",
      ["mem_0011"],
      z.object({ points: z.number() }),
    );
    expect(expiries.length).toBe(1 + due.length);
  });
});
