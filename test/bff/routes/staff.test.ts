import { env } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { CardActivityResponse, MemberCardResponse, ScanResponse, StaffActionResponse } from "../../../shared/api.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { importMemberCardKeys, issueMemberCardToken } from "../../../bff/card/member-card-token.ts";
import { callBff, freshLineUserId, jsonBody, merchantApi, mintIdToken } from "../helpers.ts";

// 田中 陽子 (1000-0005, gold, 4,620 pt) is linked to a LINE user of this file's own, so the
// balances other files assert on never move.
const customer = freshLineUserId();
const MEMBER_ID = "mem_0005";
let customerToken: string;
let staffToken: string;

beforeAll(async () => {
  const linked = await merchantApi(`/v1/line-links/${customer}`, { method: "PUT", body: JSON.stringify({ memberId: MEMBER_ID }) });
  expect(linked.status).toBe(200);
  customerToken = await mintIdToken({ sub: customer, name: "田中 陽子" });
  staffToken = await mintIdToken({ persona: "staff" });
});

afterAll(async () => {
  await merchantApi(`/v1/line-links/${customer}`, { method: "DELETE" });
});

async function freshCard() {
  const response = await callBff("/api/card", { token: customerToken });
  expect(response.status).toBe(200);
  return MemberCardResponse.parse(await response.json());
}

const scan = (body: object, token = staffToken) => callBff("/api/staff/scans", { token, ...jsonBody(body) });

async function scanFreshCard() {
  const response = await scan({ token: (await freshCard()).token });
  expect(response.status).toBe(201);
  return ScanResponse.parse(await response.json());
}

function act(scanId: string, path: "points" | "check-ins", body: object, key: string, token = staffToken) {
  return callBff(`/api/staff/scans/${scanId}/${path}`, {
    token,
    ...jsonBody(body),
    headers: { "content-type": "application/json", "idempotency-key": key },
  });
}

async function balance() {
  const response = await merchantApi(`/v1/members/${MEMBER_ID}/summary`);
  return ((await response.json()) as { points: { balance: number } }).points.balance;
}

const code = async (response: Response) => ErrorBody.parse(await response.json()).error.code;

describe("GET /api/card", () => {
  it("gives a linked member a fresh single-use token and code each time", async () => {
    const [first, second] = [await freshCard(), await freshCard()];
    expect(first.member).toMatchObject({ memberNumber: "1000-0005", name: "田中 陽子" });
    expect(first.token).not.toBe(second.token);
    expect(Date.parse(first.tokenExpiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    expect(first.code).toMatch(/^\d{6}$/);
  });

  it("refuses a LINE user with no membership", async () => {
    const response = await callBff("/api/card", { token: await mintIdToken({ sub: freshLineUserId() }) });
    expect(response.status).toBe(404);
    expect(await code(response)).toBe("not_linked");
  });
});

describe("staff routes", () => {
  it("answer 403 to customers with no hint of what is there", async () => {
    const answers = await Promise.all([
      callBff("/api/staff/me", { token: customerToken }),
      scan({ token: (await freshCard()).token }, customerToken),
      act("00000000-0000-0000-0000-000000000000", "points", { kind: "award", purchaseAmountYen: 100, storeId: "store_shibuya" }, crypto.randomUUID(), customerToken),
    ]);
    const bodies = await Promise.all(answers.map(async (r) => ({ status: r.status, body: ErrorBody.parse(await r.json()).error })));
    for (const { status, body } of bodies) {
      expect(status).toBe(403);
      expect(body).toMatchObject({ code: "forbidden", message: "Forbidden" });
    }
  });

  it("tell staff who they are and which stores they serve", async () => {
    const response = await callBff("/api/staff/me", { token: staffToken });
    expect(await response.json()).toEqual({ name: "鈴木 一郎", stores: [{ storeId: "store_shibuya", name: "渋谷店" }] });
  });
});

describe("POST /api/staff/scans", () => {
  it("accepts a fresh QR token once and shows the member", async () => {
    const { token } = await freshCard();
    const first = await scan({ token });
    expect(first.status).toBe(201);
    expect(ScanResponse.parse(await first.json()).member).toMatchObject({ name: "田中 陽子", memberNumber: "1000-0005" });
    const replay = await scan({ token });
    expect(replay.status).toBe(409);
    expect(await code(replay)).toBe("card_used");
  });

  it("lets exactly one of two simultaneous scans of the same code win", async () => {
    const { token } = await freshCard();
    const statuses = (await Promise.all([scan({ token }), scan({ token })])).map((r) => r.status);
    expect(statuses.sort()).toEqual([201, 409]);
  });

  it("refuses an expired code and says to refresh the card", async () => {
    const keys = await importMemberCardKeys(env.MEMBER_CARD_SECRET);
    const old = await issueMemberCardToken(keys, MEMBER_ID, new Date(Date.now() - 61_000));
    const response = await scan({ token: old.token });
    expect(response.status).toBe(410);
    const body = ErrorBody.parse(await response.json());
    expect(body.error.code).toBe("card_expired");
    expect(body.error.message).toMatch(/refresh/);
  });

  it("refuses forged and foreign codes", async () => {
    const foreignKeys = await importMemberCardKeys(btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))));
    const foreign = await issueMemberCardToken(foreignKeys, MEMBER_ID);
    const { token } = await freshCard();
    const tampered = token.slice(0, -3) + (token.endsWith("AAA") ? "BBB" : "AAA");
    for (const candidate of [foreign.token, tampered, "https://line.me", `${inject("merchantUrl")}/v1/members/${MEMBER_ID}`]) {
      const response = await scan({ token: candidate });
      expect(response.status).toBe(422);
      expect(await code(response)).toBe("card_invalid");
    }
  });

  it("refuses the card of a member who unlinked after it was shown", async () => {
    const { token } = await freshCard();
    await merchantApi(`/v1/line-links/${customer}`, { method: "DELETE" });
    try {
      const response = await scan({ token });
      expect(response.status).toBe(422);
      expect(await code(response)).toBe("member_unlinked");
    } finally {
      await merchantApi(`/v1/line-links/${customer}`, { method: "PUT", body: JSON.stringify({ memberId: MEMBER_ID }) });
    }
  });

  it("accepts the member number with the card's 6-digit code, once", async () => {
    const card = await freshCard();
    const typed = { memberNumber: "1000-0005", code: card.code };
    expect((await scan(typed)).status).toBe(201);
    expect((await scan(typed)).status).toBe(409);
    const wrong = await scan({ memberNumber: "1000-0005", code: card.code === "000000" ? "111111" : "000000" });
    expect(wrong.status).toBe(422);
  });
});

describe("staff actions after a scan", () => {
  it("award points for a purchase at the member's rate, once per idempotency key", async () => {
    const { scanId } = await scanFreshCard();
    const before = await balance();
    const key = crypto.randomUUID();
    const award = { kind: "award", purchaseAmountYen: 1200, storeId: "store_shibuya" };
    const first = await act(scanId, "points", award, key);
    expect(first.status).toBe(201);
    const firstBody = StaffActionResponse.parse(await first.json());
    expect(firstBody.action.points).toBeGreaterThan(0);
    const retried = await act(scanId, "points", award, key);
    expect(StaffActionResponse.parse(await retried.json()).action).toEqual(firstBody.action);
    expect(await balance()).toBe(before + (firstBody.action.points ?? 0));

    const reused = await act(scanId, "points", { ...award, purchaseAmountYen: 9999 }, key);
    expect(reused.status).toBe(422);
    expect(await code(reused)).toBe("idempotency_conflict");
  });

  it("never redeem below zero", async () => {
    const { scanId } = await scanFreshCard();
    const before = await balance();
    const response = await act(scanId, "points", { kind: "redeem", points: before + 1, storeId: "store_shibuya" }, crypto.randomUUID());
    expect(response.status).toBe(422);
    expect(await code(response)).toBe("insufficient_points");
    expect(await balance()).toBe(before);
    const exact = await act(scanId, "points", { kind: "redeem", points: 10, storeId: "store_shibuya" }, crypto.randomUUID());
    expect(StaffActionResponse.parse(await exact.json()).action.balance).toBe(before - 10);
  });

  it("are refused for a store the staff member does not serve", async () => {
    const { scanId } = await scanFreshCard();
    const response = await act(scanId, "check-ins", { storeId: "store_kichijoji" }, crypto.randomUUID());
    expect(response.status).toBe(403);
  });

  it("need an idempotency key", async () => {
    const { scanId } = await scanFreshCard();
    const response = await callBff(`/api/staff/scans/${scanId}/check-ins`, { token: staffToken, ...jsonBody({ storeId: "store_shibuya" }) });
    expect(response.status).toBe(400);
  });

  it("show up on the customer's card and in one LINE message, even when retried", async () => {
    const start = CardActivityResponse.parse(await (await callBff("/api/card/activity", { token: customerToken })).json());
    const { scanId } = await scanFreshCard();
    const key = crypto.randomUUID();
    expect((await act(scanId, "check-ins", { storeId: "store_shibuya" }, key)).status).toBe(201);
    expect((await act(scanId, "check-ins", { storeId: "store_shibuya" }, key)).status).toBe(201);

    const activity = await callBff(`/api/card/activity?cursor=${start.cursor}`, { token: customerToken });
    const { activities } = CardActivityResponse.parse(await activity.json());
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({ kind: "check_in", storeName: "渋谷店" });

    const calls = (await (await fetch(`${inject("fakeLineUrl")}/__dev/calls`)).json()) as {
      calls: { path: string; delivered?: boolean; body: { to?: string; messages?: { text?: string }[] } }[];
    };
    const toCustomer = calls.calls.filter((call) => call.path.endsWith("/push") && call.body.to === customer && call.delivered !== false);
    expect(toCustomer.filter((call) => call.body.messages?.[0]?.text?.includes("ご来店"))).toHaveLength(1);
  });

  it("reach the card past 20 actions: the cursor moves on, nothing is skipped or repeated", async () => {
    const start = CardActivityResponse.parse(await (await callBff("/api/card/activity", { token: customerToken })).json());
    expect(start.activities).toEqual([]);
    for (let i = 0; i < 23; i++) {
      const { scanId } = await scanFreshCard();
      expect((await act(scanId, "check-ins", { storeId: "store_shibuya" }, crypto.randomUUID())).status).toBe(201);
    }
    const seen: string[] = [];
    let cursor = start.cursor;
    for (let page = 0; page < 3; page++) {
      const answer = CardActivityResponse.parse(await (await callBff(`/api/card/activity?cursor=${cursor}`, { token: customerToken })).json());
      seen.push(...answer.activities.map((activity) => activity.kind));
      cursor = answer.cursor;
    }
    expect(seen).toHaveLength(23);
  });

  it("refuse an activity query by the phone's clock or a made-up cursor", async () => {
    const since = await callBff(`/api/card/activity?since=${encodeURIComponent(new Date().toISOString())}`, { token: customerToken });
    expect(CardActivityResponse.parse(await since.json()).activities).toEqual([]);
    expect((await callBff("/api/card/activity?cursor=yesterday", { token: customerToken })).status).toBe(400);
  });

  it("are refused on a scan made by someone else", async () => {
    const { scanId } = await scanFreshCard();
    const manager = await mintIdToken({ sub: "U7c1e3a5b9d2f4c6e8a0b1d3f5a7c9e2b" });
    const response = await act(scanId, "check-ins", { storeId: "store_shibuya" }, crypto.randomUUID(), manager);
    expect(response.status).toBe(404);
  });
});
