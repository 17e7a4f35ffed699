import { env } from "cloudflare:test";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { inject } from "vitest";
import {
  CardActivityResponse,
  MemberCardResponse,
  ScanResponse,
  StaffActionResponse,
  StaffMeResponse,
  TodaysActionsResponse,
  VoidActionResponse,
} from "../../../shared/api.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { importMemberCardKeys, issueMemberCardToken } from "../../../bff/card/member-card-token.ts";
import { failureSubject, memberNumberIdentity } from "../../../bff/lib/rate-limit.ts";
import { japanDayStart } from "../../../bff/staff/register-log.ts";
import {
  chooseLanguage,
  callBff,
  ENGLISH_WORDS,
  freshLineUserId,
  JAPANESE_TEXT,
  jsonBody,
  merchantApi,
  merchantCallCount,
  mintIdToken,
  setMerchantFault,
} from "../helpers.ts";

// 田中 陽子 (1000-0005, gold, 4,620 pt) is linked to a LINE user of this file's own, so the
// balances other files assert on never move.
const customer = freshLineUserId();
const MEMBER_ID = "mem_0005";
let customerToken: string;
let staffToken: string;

beforeAll(async () => {
  const linked = await merchantApi(`/v1/line-links/${customer}`, {
    method: "PUT",
    body: JSON.stringify({ memberId: MEMBER_ID }),
  });
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
      act(
        "00000000-0000-0000-0000-000000000000",
        "points",
        { kind: "award", purchaseAmountYen: 100, storeId: "store_shibuya" },
        crypto.randomUUID(),
        customerToken,
      ),
    ]);
    const bodies = await Promise.all(
      answers.map(async (r) => ({ status: r.status, body: ErrorBody.parse(await r.json()).error })),
    );
    for (const { status, body } of bodies) {
      expect(status).toBe(403);
      expect(body).toMatchObject({ code: "forbidden", message: "Forbidden" });
    }
  });

  it("tell staff who they are and which stores they serve", async () => {
    const response = await callBff("/api/staff/me", { token: staffToken });
    expect(await response.json()).toEqual({
      name: "鈴木 一郎",
      stores: [{ storeId: "store_shibuya", name: "渋谷店" }],
      console: false,
    });
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
    expect(statuses.sort((a, b) => a - b)).toEqual([201, 409]);
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
    const response = await act(
      scanId,
      "points",
      { kind: "redeem", points: before + 1, storeId: "store_shibuya" },
      crypto.randomUUID(),
    );
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
    const response = await callBff(`/api/staff/scans/${scanId}/check-ins`, {
      token: staffToken,
      ...jsonBody({ storeId: "store_shibuya" }),
    });
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
    const toCustomer = calls.calls.filter(
      (call) => call.path.endsWith("/push") && call.body.to === customer && call.delivered !== false,
    );
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
      const answer = CardActivityResponse.parse(
        await (await callBff(`/api/card/activity?cursor=${cursor}`, { token: customerToken })).json(),
      );
      seen.push(...answer.activities.map((activity) => activity.kind));
      cursor = answer.cursor;
    }
    expect(seen).toHaveLength(23);
    // 23 scans and check-ins one after another: on a loaded machine this takes more than 5 s.
  }, 30_000);

  it("refuse an activity query by the phone's clock or a made-up cursor", async () => {
    const since = await callBff(`/api/card/activity?since=${encodeURIComponent(new Date().toISOString())}`, {
      token: customerToken,
    });
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

describe("typed card codes (attack: guessing the 6-digit code)", () => {
  // 森 直子, a manager at 渋谷店: her budget is spent here, the staff persona's stays for the rest.
  const managerToken = () => mintIdToken({ sub: "U7c1e3a5b9d2f4c6e8a0b1d3f5a7c9e2b" });

  it("are one credential with the QR of a card that was opened: after the QR is scanned, its code is used up", async () => {
    const card = await freshCard();
    expect((await scan({ token: card.token })).status).toBe(201);
    const typed = await scan({ memberNumber: "1000-0005", code: card.code });
    expect(typed.status).toBe(409);
    expect(await code(typed)).toBe("card_used");
  });

  // Measured once with 2,000 guesses: 5 answered, 1,995 refused. 400 keep the suite quick.
  it("answer at most 5 of 400 guesses by one staff member, refuse the rest unchecked, and raise the alert", async () => {
    const token = await managerToken();
    const alerts = vi.spyOn(console, "error");
    const statuses: number[] = [];
    for (let batch = 0; batch < 8; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const guess = batch * 50 + i;
          const memberNumber = `5000-${String(guess % 10_000).padStart(4, "0")}`;
          return scan({ memberNumber, code: String(guess).padStart(6, "0") }, token);
        }),
      );
      statuses.push(...answers.map((r) => r.status));
    }
    expect(statuses).toHaveLength(400);
    expect(statuses.filter((s) => s === 422)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(395);
    expect(alerts.mock.calls.some(([line]) => String(line).includes("manual code guessing"))).toBe(true);
    alerts.mockRestore();
  }, 60_000);

  it("never let a paused staff member's refused guesses spend the member's budget", async () => {
    const token = await managerToken();
    for (let i = 0; i < 20; i++)
      expect((await scan({ memberNumber: "1000-0005", code: `00000${i % 10}` }, token)).status).toBe(429);
    const card = await freshCard();
    expect((await scan({ memberNumber: "1000-0005", code: card.code })).status).toBe(201);
  });

  it("pause a member number after 5 wrong codes, whoever typed them, without spending the typist's budget", async () => {
    const subject = await failureSubject("code-member", memberNumberIdentity("1000-0008"));
    const now = Math.floor(Date.now() / 1000);
    await env.DB.prepare(
      `INSERT INTO auth_failures (subject, short_started_at, short_failures, day_started_at, day_failures) VALUES (?1, ?2, 5, ?2, 5)`,
    )
      .bind(subject, now)
      .run();
    const refused = await scan({ memberNumber: "1000-0008", code: "123456" });
    expect(refused.status).toBe(429);
    const card = await freshCard();
    expect((await scan({ memberNumber: "1000-0005", code: card.code })).status).toBe(201);
  });
});

describe("staff powers after a scan", () => {
  const relink = () =>
    merchantApi(`/v1/line-links/${customer}`, { method: "PUT", body: JSON.stringify({ memberId: MEMBER_ID }) });

  it("end when the member unlinks: a redeem on a scan taken before is refused and redeems nothing", async () => {
    const { scanId } = await scanFreshCard();
    const before = await balance();
    await merchantApi(`/v1/line-links/${customer}`, { method: "DELETE" });
    try {
      const response = await act(scanId, "points", { kind: "redeem", points: 10, storeId: "store_shibuya" }, crypto.randomUUID());
      expect(response.status).toBe(422);
      expect(await code(response)).toBe("member_unlinked");
    } finally {
      await relink();
    }
    // Linked again since the scan: still not the link the scan saw.
    const again = await act(scanId, "points", { kind: "redeem", points: 10, storeId: "store_shibuya" }, crypto.randomUUID());
    expect(again.status).toBe(422);
    expect(await balance()).toBe(before);
  });

  it("are capped by the merchant: ¥10,000,000 is refused, and of ten ¥100,000 awards on one scan two go through", async () => {
    const { scanId } = await scanFreshCard();
    const before = await balance();
    const huge = await act(
      scanId,
      "points",
      { kind: "award", purchaseAmountYen: 10_000_000, storeId: "store_shibuya" },
      crypto.randomUUID(),
    );
    expect(huge.status).toBe(422);
    expect(await code(huge)).toBe("over_points_cap");
    const statuses = [];
    for (let i = 0; i < 10; i++) {
      const response = await act(
        scanId,
        "points",
        { kind: "award", purchaseAmountYen: 100_000, storeId: "store_shibuya" },
        crypto.randomUUID(),
      );
      statuses.push(response.status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s === 422)).toHaveLength(8);
    const gained = (await balance()) - before;
    expect(gained).toBe(2 * 3000); // gold: 3 points per ¥100
    const redeemTooMuch = await act(
      scanId,
      "points",
      { kind: "redeem", points: 10_001, storeId: "store_shibuya" },
      crypto.randomUUID(),
    );
    expect(await code(redeemTooMuch)).toBe("over_points_cap");
    // Give the points back so other assertions on this member's balance stay simple.
    const { scanId: another } = await scanFreshCard();
    expect(
      (await act(another, "points", { kind: "redeem", points: 6000, storeId: "store_shibuya" }, crypto.randomUUID())).status,
    ).toBe(201);
  });

  it("answer a repeated key from the BFF's own record, without calling the merchant again", async () => {
    const { scanId } = await scanFreshCard();
    const key = crypto.randomUUID();
    const award = { kind: "award", purchaseAmountYen: 500, storeId: "store_shibuya" };
    expect((await act(scanId, "points", award, key)).status).toBe(201);
    const calls = await merchantCallCount();
    const replay = await act(scanId, "points", award, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await merchantCallCount()).toBe(calls + 1); // the staff lookup only
  });

  it("record and message both a check-in and an award made with one key", async () => {
    const since = new Date().toISOString();
    // The card's poll starts from the server's "now".
    const start = CardActivityResponse.parse(await (await callBff("/api/card/activity", { token: customerToken })).json());
    const { scanId } = await scanFreshCard();
    const key = crypto.randomUUID();
    expect((await act(scanId, "check-ins", { storeId: "store_shibuya" }, key)).status).toBe(201);
    expect((await act(scanId, "points", { kind: "award", purchaseAmountYen: 300, storeId: "store_shibuya" }, key)).status).toBe(
      201,
    );
    const activity = await callBff(`/api/card/activity?cursor=${encodeURIComponent(start.cursor)}`, { token: customerToken });
    const { activities } = CardActivityResponse.parse(await activity.json());
    expect(activities.map((a) => a.kind)).toEqual(["check_in", "award"]);
    expect(await pushesToCustomer("獲得", since)).toBe(1);
  });

  it("allow one check-in per scan: a second one, with another key, is refused and sends nothing", async () => {
    const since = new Date().toISOString();
    const { scanId } = await scanFreshCard();
    expect((await act(scanId, "check-ins", { storeId: "store_shibuya" }, crypto.randomUUID())).status).toBe(201);
    const second = await act(scanId, "check-ins", { storeId: "store_shibuya" }, crypto.randomUUID());
    expect(second.status).toBe(409);
    expect(await code(second)).toBe("already_checked_in");
    expect(await pushesToCustomer("ご来店", since)).toBe(1);
  });
});

describe("voiding a mistaken action (POST /api/staff/actions/:actionId/void)", () => {
  // 森 直子 serves 渋谷店 too; 石井 亮 serves 二子玉川店 only.
  const managerToken = () => mintIdToken({ sub: "U7c1e3a5b9d2f4c6e8a0b1d3f5a7c9e2b" });
  const otherStoreToken = () => mintIdToken({ sub: "U3e5a7c9b1d2f4a6c8e0b2d4f6a8c0e1d" });

  const voidAction = (actionId: string, key = crypto.randomUUID(), token = staffToken) =>
    callBff(`/api/staff/actions/${actionId}/void`, { token, method: "POST", headers: { "idempotency-key": key } });

  async function award(purchaseAmountYen: number) {
    const { scanId } = await scanFreshCard();
    const response = await act(
      scanId,
      "points",
      { kind: "award", purchaseAmountYen, storeId: "store_shibuya" },
      crypto.randomUUID(),
    );
    expect(response.status).toBe(201);
    const { action } = StaffActionResponse.parse(await response.json());
    return { scanId, actionId: action.actionId!, points: action.points ?? 0 };
  }

  it("gives an award's points back once, however often or with whatever key it is voided, and messages the customer once", async () => {
    const since = new Date().toISOString();
    const before = await balance();
    const { actionId, points } = await award(1200);
    expect(points).toBe(36); // gold: 3 points per ¥100
    expect(await balance()).toBe(before + 36);

    const key = crypto.randomUUID();
    const first = await voidAction(actionId, key);
    expect(first.status).toBe(200);
    const voided = VoidActionResponse.parse(await first.json());
    expect(voided.action).toMatchObject({
      kind: "award",
      memberNumber: "1000-0005",
      purchaseAmountYen: 1200,
      voidableUntil: null,
    });
    expect(voided.action.voided).toMatchObject({ points: -36, balance: before });
    expect(await balance()).toBe(before);

    const replay = await voidAction(actionId, key);
    expect(VoidActionResponse.parse(await replay.json()).action).toEqual(voided.action);
    const [again, concurrent] = await Promise.all([voidAction(actionId), voidAction(actionId)]);
    expect([again.status, concurrent.status]).toEqual([200, 200]);
    expect(await balance()).toBe(before);
    expect(await pushesToCustomer("取り消しました", since)).toBe(1);
  });

  it("puts a redemption's points back, and lets a voided check-in be made again", async () => {
    const before = await balance();
    const { scanId } = await scanFreshCard();
    const redeem = await act(scanId, "points", { kind: "redeem", points: 50, storeId: "store_shibuya" }, crypto.randomUUID());
    const redeemed = StaffActionResponse.parse(await redeem.json()).action;
    expect((await voidAction(redeemed.actionId!)).status).toBe(200);
    expect(await balance()).toBe(before);

    const checkIn = await act(scanId, "check-ins", { storeId: "store_shibuya" }, crypto.randomUUID());
    const checkedIn = StaffActionResponse.parse(await checkIn.json()).action;
    expect((await act(scanId, "check-ins", { storeId: "store_shibuya" }, crypto.randomUUID())).status).toBe(409);
    expect((await voidAction(checkedIn.actionId!)).status).toBe(200);
    expect((await act(scanId, "check-ins", { storeId: "store_shibuya" }, crypto.randomUUID())).status).toBe(201);
  });

  it("refuses another staff member of the same store, and staff of another store, as if the action did not exist", async () => {
    const before = await balance();
    const { actionId } = await award(1000);
    for (const token of [await managerToken(), await otherStoreToken()]) {
      const response = await voidAction(actionId, crypto.randomUUID(), token);
      expect(response.status).toBe(404);
      expect(await code(response)).toBe("not_found");
    }
    expect(await balance()).toBe(before + 30);
    expect((await voidAction(actionId)).status).toBe(200);
  });

  it("refuses an action made for a store the staff member no longer serves, without asking the merchant", async () => {
    const before = await balance();
    const { actionId } = await award(1000);
    // As if 鈴木 一郎 had made it at 吉祥寺店, which he does not serve (any more).
    await env.DB.prepare("UPDATE member_card_actions SET store_id = 'store_kichijoji' WHERE action_id = ?1").bind(actionId).run();
    const calls = await merchantCallCount();
    const response = await voidAction(actionId);
    expect(response.status).toBe(403);
    expect(await code(response)).toBe("forbidden");
    expect(await merchantCallCount()).toBe(calls + 1); // the staff lookup only
    expect(await balance()).toBe(before + 30);
    await env.DB.prepare("UPDATE member_card_actions SET store_id = 'store_shibuya' WHERE action_id = ?1").bind(actionId).run();
    expect((await voidAction(actionId)).status).toBe(200);
  });

  it("refuses once the scan's window has closed, and changes nothing", async () => {
    const before = await balance();
    const { scanId, actionId } = await award(1000);
    await env.DB.prepare("UPDATE member_card_scans SET scanned_at = scanned_at - 600001 WHERE scan_id = ?1").bind(scanId).run();
    const response = await voidAction(actionId);
    expect(response.status).toBe(422);
    expect(await code(response)).toBe("void_window_closed");
    expect(await balance()).toBe(before + 30);
    // Give the points back so other assertions on this member's balance stay simple.
    const { scanId: another } = await scanFreshCard();
    await act(another, "points", { kind: "redeem", points: 30, storeId: "store_shibuya" }, crypto.randomUUID());
  });

  it("tell the customer in their own language: English for a customer who chose English", async () => {
    const since = new Date().toISOString();
    await chooseLanguage(customer, "en");
    try {
      const { actionId } = await award(1000);
      expect((await voidAction(actionId)).status).toBe(200);
      expect(await pushesToCustomer("were cancelled", since)).toBe(1);
      const texts = await pushedTexts(since);
      const voidText = texts.find((text) => text.includes("cancelled"))!;
      expect(voidText).toMatch(/^The 30 pt you earned at 渋谷店 were cancelled\.\nYour balance: [\d,]+ pt$/);
      expect(voidText.replace("渋谷店", "")).not.toMatch(JAPANESE_TEXT);
    } finally {
      await chooseLanguage(customer, "ja");
    }
    const { actionId } = await award(1000);
    const japaneseSince = new Date().toISOString();
    expect((await voidAction(actionId)).status).toBe(200);
    const japanese = (await pushedTexts(japaneseSince)).find((text) => text.includes("取り消しました"))!;
    expect(japanese).toMatch(/^渋谷店で付与した 30 pt を取り消しました。/);
    expect(japanese).not.toMatch(ENGLISH_WORDS);
  });

  it("need an idempotency key and a well-formed action id", async () => {
    const { actionId } = await award(100);
    const keyless = await callBff(`/api/staff/actions/${actionId}/void`, { token: staffToken, method: "POST" });
    expect(keyless.status).toBe(400);
    expect((await voidAction("ord_0001")).status).toBe(400);
    expect((await voidAction(actionId, crypto.randomUUID(), customerToken)).status).toBe(403);
    expect((await voidAction(actionId)).status).toBe(200);
  });
});

describe("GET /api/staff/scans/:scanId/award-preview", () => {
  const preview = (scanId: string, query: string, token = staffToken) =>
    callBff(`/api/staff/scans/${scanId}/award-preview?${query}`, { token });

  it("tells the points the merchant's rule gives, and changes nothing", async () => {
    const before = await balance();
    const { scanId } = await scanFreshCard();
    const response = await preview(scanId, "purchaseAmountYen=1200&storeId=store_shibuya");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ points: 36 }); // gold: 3 points per ¥100
    expect(await balance()).toBe(before);
  });

  it("is refused for another store, someone else's scan, and customers", async () => {
    const { scanId } = await scanFreshCard();
    expect((await preview(scanId, "purchaseAmountYen=1200&storeId=store_kichijoji")).status).toBe(403);
    const manager = await mintIdToken({ sub: "U7c1e3a5b9d2f4c6e8a0b1d3f5a7c9e2b" });
    expect((await preview(scanId, "purchaseAmountYen=1200&storeId=store_shibuya", manager)).status).toBe(404);
    expect((await preview(scanId, "purchaseAmountYen=1200&storeId=store_shibuya", customerToken)).status).toBe(403);
    expect((await preview(scanId, "purchaseAmountYen=0&storeId=store_shibuya")).status).toBe(400);
  });
});

describe("today's actions (GET /api/staff/actions)", () => {
  const today = async (storeId = "store_shibuya", token = staffToken) =>
    callBff(`/api/staff/actions?storeId=${storeId}`, { token });

  it("list this staff member's actions at the store, newest first, by member number, with the void still possible", async () => {
    const { scanId } = await scanFreshCard();
    const checkIn = await act(scanId, "check-ins", { storeId: "store_shibuya" }, crypto.randomUUID());
    const award = await act(
      scanId,
      "points",
      { kind: "award", purchaseAmountYen: 300, storeId: "store_shibuya" },
      crypto.randomUUID(),
    );
    const awarded = StaffActionResponse.parse(await award.json()).action;
    expect(
      (
        await callBff(`/api/staff/actions/${awarded.actionId}/void`, {
          token: staffToken,
          method: "POST",
          headers: { "idempotency-key": crypto.randomUUID() },
        })
      ).status,
    ).toBe(200);

    const { actions } = TodaysActionsResponse.parse(await (await today()).json());
    const [newest, second] = actions;
    expect(newest).toMatchObject({
      actionId: awarded.actionId,
      kind: "award",
      memberNumber: "1000-0005",
      purchaseAmountYen: 300,
    });
    expect(newest.voided).not.toBeNull();
    expect(newest.voidableUntil).toBeNull();
    expect(second).toMatchObject({
      kind: "check_in",
      memberNumber: "1000-0005",
      actionId: StaffActionResponse.parse(await checkIn.json()).action.actionId,
    });
    expect(Date.parse(second.voidableUntil!)).toBeGreaterThan(Date.now());
    expect(JSON.stringify(actions)).not.toContain("mem_0005");
  });

  it("start at midnight Japan time: an action from before today's midnight in Japan is not listed", async () => {
    const { scanId } = await scanFreshCard();
    const response = await act(scanId, "check-ins", { storeId: "store_shibuya" }, crypto.randomUUID());
    const { actionId } = StaffActionResponse.parse(await response.json()).action;
    const listed = async () => TodaysActionsResponse.parse(await (await today()).json()).actions.map((a) => a.actionId);
    expect(await listed()).toContain(actionId);
    await env.DB.prepare("UPDATE member_card_actions SET occurred_at = ?2 WHERE action_id = ?1")
      .bind(actionId, japanDayStart(Date.now()) - 1)
      .run();
    expect(await listed()).not.toContain(actionId);
  });

  it("count the day in Japan: 23:59 and 00:00 Japan time fall on different days", () => {
    expect(new Date(japanDayStart(Date.parse("2026-12-01T14:59:59Z"))).toISOString()).toBe("2026-11-30T15:00:00.000Z");
    expect(new Date(japanDayStart(Date.parse("2026-12-01T15:00:00Z"))).toISOString()).toBe("2026-12-01T15:00:00.000Z");
  });

  it("show nobody else's actions and refuse a store the staff member does not serve", async () => {
    const manager = await mintIdToken({ sub: "U7c1e3a5b9d2f4c6e8a0b1d3f5a7c9e2b" });
    const { scanId } = await scanFreshCard();
    await act(scanId, "check-ins", { storeId: "store_shibuya" }, crypto.randomUUID());
    expect(TodaysActionsResponse.parse(await (await today("store_shibuya", manager)).json()).actions).toEqual([]);
    const elsewhere = await today("store_kichijoji");
    expect(elsewhere.status).toBe(403);
    expect((await today("store_shibuya", customerToken)).status).toBe(403);
  });
});

async function pushedTexts(since: string) {
  const calls = (await (await fetch(`${inject("fakeLineUrl")}/__dev/calls`)).json()) as {
    calls: { at?: string; path: string; delivered?: boolean; body: { to?: string; messages?: { text?: string }[] } }[];
  };
  return calls.calls
    .filter(
      (call) =>
        call.path.endsWith("/push") &&
        call.body.to === customer &&
        call.delivered !== false &&
        (call.at === undefined || call.at >= since),
    )
    .map((call) => call.body.messages?.[0]?.text ?? "");
}

async function pushesToCustomer(text: string, since: string) {
  const calls = (await (await fetch(`${inject("fakeLineUrl")}/__dev/calls`)).json()) as {
    calls: { at?: string; path: string; delivered?: boolean; body: { to?: string; messages?: { text?: string }[] } }[];
  };
  return calls.calls.filter(
    (call) =>
      call.path.endsWith("/push") &&
      call.body.to === customer &&
      call.delivered !== false &&
      (call.at === undefined || call.at >= since) &&
      call.body.messages?.[0]?.text?.includes(text),
  ).length;
}

describe("staff sign-in while the merchant is down", () => {
  afterEach(async () => {
    await setMerchantFault({ mode: "none" });
  });

  it("lets known staff in from the last good record when the merchant fails", async () => {
    const first = await callBff("/api/staff/me", { token: staffToken });
    expect(first.status).toBe(200);
    await setMerchantFault({ mode: "server_error", times: 10 });
    const during = await callBff("/api/staff/me", { token: staffToken });
    expect(during.status).toBe(200);
    expect(StaffMeResponse.parse(await during.json()).name).toBeTruthy();
  });

  it("refuses a LINE user the merchant says is not staff, even with a cached staff record", async () => {
    const removed = freshLineUserId();
    await env.DB.prepare("INSERT INTO staff_cache (line_user_id, record_json, fetched_at) VALUES (?, ?, ?)")
      .bind(removed, JSON.stringify({ staffId: "stf_gone", name: "元スタッフ", stores: [] }), Date.now())
      .run();
    const response = await callBff("/api/staff/me", { token: await mintIdToken({ sub: removed }) });
    expect(response.status).toBe(403);
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM staff_cache WHERE line_user_id = ?")
      .bind(removed)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
  });

  it("refuses during an outage when no recent staff record is cached", async () => {
    const stranger = freshLineUserId();
    const token = await mintIdToken({ sub: stranger });
    await setMerchantFault({ mode: "server_error", times: 10 });
    const response = await callBff("/api/staff/me", { token });
    expect(response.status).toBe(502);
  });
});

describe("a scan while the merchant is down", () => {
  afterEach(async () => {
    await setMerchantFault({ mode: "none" });
  });

  it("identifies the member from the last known summary, marked with its time", async () => {
    const before = await scanFreshCard();
    expect(before.source).toBeUndefined();
    const card = await freshCard();
    await setMerchantFault({ mode: "server_error", times: 10 });
    const response = await scan({ token: card.token });
    expect(response.status).toBe(201);
    const during = ScanResponse.parse(await response.json());
    expect(during.source).toBe("snapshot");
    expect(during.member).toEqual(before.member);
    expect(Date.parse(during.memberAsOf ?? "")).toBeLessThanOrEqual(Date.now());
  });

  it("refuses a points redeem with merchant_unavailable_redeem: the balance cannot be checked", async () => {
    const scanned = await scanFreshCard();
    await setMerchantFault({ mode: "server_error", times: 10 });
    const response = await act(
      scanned.scanId,
      "points",
      { kind: "redeem", points: 100, storeId: "store_shibuya" },
      crypto.randomUUID(),
    );
    expect(response.status).toBe(503);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("merchant_unavailable_redeem");
  });

  it("does not accept a forged code during an outage", async () => {
    await setMerchantFault({ mode: "server_error", times: 10 });
    const response = await scan({ token: "not-a-card-code" });
    expect(response.status).toBe(422);
  });
});
