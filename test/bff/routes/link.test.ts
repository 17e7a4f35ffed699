import { env } from "cloudflare:test";
import { afterEach, describe, expect, inject, it } from "vitest";
import { failureSubject, memberNumberIdentity } from "../../../bff/lib/rate-limit.ts";
import { LinkResponse, MeResponse } from "../../../shared/api.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { LineLink } from "../../../shared/merchant-contract.ts";
import { devPersona } from "../../fakes/personas.ts";
import {
  callBff,
  ensureLinkedRichMenu,
  freshLineUserId,
  jsonBody,
  merchantApi,
  merchantCallCount,
  mintIdToken,
  perUserRichMenu,
} from "../helpers.ts";

const hanako = devPersona("unlinked").lineUserId;
const pin = (value: string) => ({ type: "pin", value });
const newKey = () => crypto.randomUUID();

/** A JSON write as the app sends it, with its Idempotency-Key. */
function keyedJson(value: unknown, key: string): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json", "idempotency-key": key }, body: JSON.stringify(value) };
}

async function errorCode(response: Response) {
  return ErrorBody.parse(await response.json()).error.code;
}

async function linkAtMerchant(lineUserId: string) {
  const response = await merchantApi(`/v1/line-links/${lineUserId}`);
  return response.status === 404 ? null : LineLink.parse(await response.json());
}

describe("POST /api/link", () => {
  afterEach(async () => {
    await merchantApi(`/v1/line-links/${hanako}`, { method: "DELETE" });
  });

  it("links the signed-in LINE user with member number and PIN, and /api/me then shows the member", async () => {
    const token = await mintIdToken({ persona: "unlinked" });
    const response = await callBff("/api/link", { token, ...jsonBody({ memberNumber: "1000-0002", secondFactor: pin("1234") }) });
    expect(response.status).toBe(200);
    expect(LinkResponse.parse(await response.json()).link).toMatchObject({
      status: "linked",
      member: { memberNumber: "1000-0002", name: "佐藤 花子", points: { balance: 350 } },
    });
    const me = MeResponse.parse(await (await callBff("/api/me", { token })).json());
    expect(me.link.status).toBe("linked");
    expect((await linkAtMerchant(hanako))?.lineUserId).toBe(hanako);
  });

  it("refuses a wrong PIN with 422 and links nothing", async () => {
    const token = await mintIdToken({ persona: "unlinked" });
    const response = await callBff("/api/link", { token, ...jsonBody({ memberNumber: "1000-0002", secondFactor: pin("9999") }) });
    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe("invalid_credentials");
    expect(await linkAtMerchant(hanako)).toBeNull();
  });

  it("links the token's user even when the body names another LINE user", async () => {
    const token = await mintIdToken({ persona: "unlinked" });
    const someoneElse = freshLineUserId();
    const response = await callBff("/api/link", {
      token,
      ...jsonBody({ memberNumber: "1000-0002", secondFactor: pin("1234"), lineUserId: someoneElse, userId: someoneElse }),
    });
    expect(response.status).toBe(200);
    expect(await linkAtMerchant(someoneElse)).toBeNull();
    expect((await linkAtMerchant(hanako))?.lineUserId).toBe(hanako);
  });

  it("refuses a second membership for an already linked LINE user (409) and changes nothing", async () => {
    const token = await mintIdToken({ persona: "linked" });
    const response = await callBff("/api/link", { token, ...jsonBody({ memberNumber: "1000-0002", secondFactor: pin("1234") }) });
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe("already_linked");
    expect((await linkAtMerchant(devPersona("linked").lineUserId))?.memberId).toBe("mem_0001");
    expect(await linkAtMerchant(hanako)).toBeNull();
  });

  it("refuses a membership already linked to another LINE user (409) and changes nothing", async () => {
    const token = await mintIdToken({ persona: "unlinked" });
    const response = await callBff("/api/link", { token, ...jsonBody({ memberNumber: "1000-0001", secondFactor: pin("5678") }) });
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe("member_linked_elsewhere");
    expect(await linkAtMerchant(hanako)).toBeNull();
    expect((await linkAtMerchant(devPersona("linked").lineUserId))?.memberId).toBe("mem_0001");
  });

  it("answers 400 with the offending fields for a bad body, without calling the merchant", async () => {
    const token = await mintIdToken({ persona: "unlinked" });
    const before = await merchantCallCount();
    const response = await callBff("/api/link", { token, ...jsonBody({ memberNumber: "1000_0002", secondFactor: pin("12") }) });
    expect(response.status).toBe(400);
    const body = ErrorBody.parse(await response.json());
    expect(body.error.code).toBe("bad_request");
    expect(body.error.issues?.map((issue) => issue.path).sort()).toEqual(["memberNumber", "secondFactor.value"]);
    const malformed = await callBff("/api/link", {
      token,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
    expect(await merchantCallCount()).toBe(before);
  });

  it("replays the first link for a repeated key (200, not 409 already_linked), asking the merchant nothing", async () => {
    const token = await mintIdToken({ persona: "unlinked" });
    const key = newKey();
    const request = { memberNumber: "1000-0002", secondFactor: pin("1234") };
    const first = await callBff("/api/link", { token, ...keyedJson(request, key) });
    expect(first.status).toBe(200);
    const firstBody = LinkResponse.parse(await first.json());
    const before = await merchantCallCount();
    const repeat = await callBff("/api/link", { token, ...keyedJson(request, key) });
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get("idempotent-replayed")).toBe("true");
    expect(LinkResponse.parse(await repeat.json())).toEqual(firstBody);
    expect(await merchantCallCount()).toBe(before);
  });

  it("answers 400 for a malformed Idempotency-Key, without calling the merchant", async () => {
    const token = await mintIdToken({ persona: "unlinked" });
    const before = await merchantCallCount();
    const response = await callBff("/api/link", {
      token,
      ...keyedJson({ memberNumber: "1000-0002", secondFactor: pin("1234") }, "short"),
    });
    expect(response.status).toBe(400);
    expect(await merchantCallCount()).toBe(before);
    expect(await linkAtMerchant(hanako)).toBeNull();
  });
});

describe("POST /api/link brute-force limit", () => {
  const attempt = async (sub: string, memberNumber: string, value: string) =>
    callBff("/api/link", {
      token: await mintIdToken({ sub, name: null }),
      ...jsonBody({ memberNumber, secondFactor: pin(value) }),
    });
  const remainingTries = async (response: Response) => ErrorBody.parse(await response.json()).error.remainingTries;

  /** Puts earlier failures of a member number on record, as if made over the day. */
  async function failuresEarlierToday(memberNumber: string, dayFailures: number) {
    const subject = await failureSubject("link-member", memberNumberIdentity(memberNumber));
    const now = Math.floor(Date.now() / 1000);
    await env.DB.prepare(
      `INSERT INTO auth_failures (subject, short_started_at, short_failures, day_started_at, day_failures)
       VALUES (?1, ?2, 5, ?3, ?4)`,
    )
      .bind(subject, now - 16 * 60, now - 6 * 60 * 60, dayFailures)
      .run();
  }

  it("pauses a LINE user after 5 tries and says when to try again, even for the right PIN", async () => {
    const sub = freshLineUserId();
    for (let i = 0; i < 5; i++) expect((await attempt(sub, `7000-000${i}`, "0000")).status).toBe(422);
    const blocked = await attempt(sub, "1000-0002", "1234");
    expect(blocked.status).toBe(429);
    const body = ErrorBody.parse(await blocked.json());
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.retryAfterSeconds).toBeGreaterThan(800);
    expect(Number(blocked.headers.get("retry-after"))).toBe(body.error.retryAfterSeconds);
    expect(await linkAtMerchant(sub)).toBeNull();
  });

  it("says how many tries are left before linking pauses", async () => {
    const sub = freshLineUserId();
    const left = [];
    for (let i = 0; i < 5; i++) left.push(await remainingTries(await attempt(sub, `7100-000${i}`, "0000")));
    expect(left).toEqual([4, 3, 2, 1, 0]);
  });

  it("pauses a member number after 5 failures from different LINE users", async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(freshLineUserId(), "1000-0003", `000${i}`)).status).toBe(422);
    const blocked = await attempt(freshLineUserId(), "1000-0003", "2468");
    expect(blocked.status).toBe(429);
    expect(await errorCode(blocked)).toBe("rate_limited");
  });

  it("never lets a paused LINE user's refused tries lock the member: 20 refused tries, then the member links", async () => {
    const attacker = freshLineUserId();
    for (let i = 0; i < 5; i++) expect((await attempt(attacker, `7200-000${i}`, "0000")).status).toBe(422);
    const refused = [];
    for (let i = 0; i < 20; i++) refused.push((await attempt(attacker, "1000-0006", `10${10 + i}`)).status);
    expect(refused.every((status) => status === 429)).toBe(true);

    const owner = freshLineUserId();
    const linked = await attempt(owner, "1000-0006", "7777");
    expect(linked.status).toBe(200);
    await merchantApi(`/v1/line-links/${owner}`, { method: "DELETE" });
  });

  it("counts one member number however it is typed: full-width, spaces and no hyphen share one budget", async () => {
    const spellings = ["1000-0007", "10000007", "１０００－０００７", "1000 0007", "１０００ー０００７"];
    for (const spelling of spellings) expect((await attempt(freshLineUserId(), spelling, "0000")).status).toBe(422);
    expect((await attempt(freshLineUserId(), "1000ｰ0007", "3141")).status).toBe(429);
  });

  it("links with a member number typed in full-width digits", async () => {
    const sub = freshLineUserId();
    const response = await attempt(sub, "１０００－０００９", "1122");
    expect(response.status).toBe(200);
    await merchantApi(`/v1/line-links/${sub}`, { method: "DELETE" });
  });

  it("locks a member number after 10 failures in a day (423 member_locked), even for the right PIN", async () => {
    await failuresEarlierToday("1000-0010", 9);
    const tenth = await attempt(freshLineUserId(), "1000-0010", "0000");
    expect(tenth.status).toBe(422);
    expect(await remainingTries(tenth)).toBe(0);
    const locked = await attempt(freshLineUserId(), "1000-0010", "4455");
    expect(locked.status).toBe(423);
    expect(await errorCode(locked)).toBe("member_locked");
  });

  it("keeps the member's failures made by others when someone links: the next failure still pauses it", async () => {
    for (let i = 0; i < 4; i++) expect((await attempt(freshLineUserId(), "1000-0011", `000${i}`)).status).toBe(422);
    const owner = freshLineUserId();
    expect((await attempt(owner, "1000-0011", "6543")).status).toBe(200);
    await merchantApi(`/v1/line-links/${owner}`, { method: "DELETE" });
    const fifth = await attempt(freshLineUserId(), "1000-0011", "0009");
    expect(await remainingTries(fifth)).toBe(0);
    expect((await attempt(freshLineUserId(), "1000-0011", "6543")).status).toBe(429);
  });

  it("answers a replayed link from its record, even while the caller is paused, checking and counting nothing", async () => {
    const sub = freshLineUserId();
    const token = await mintIdToken({ sub, name: null });
    const key = newKey();
    const request = { memberNumber: "1000-0002", secondFactor: pin("1234") };
    expect((await callBff("/api/link", { token, ...keyedJson(request, key) })).status).toBe(200);
    await merchantApi(`/v1/line-links/${sub}`, { method: "DELETE" });
    for (let i = 0; i < 5; i++) expect((await attempt(sub, `7300-000${i}`, "0000")).status).toBe(422);
    expect((await attempt(sub, "7300-0009", "0000")).status).toBe(429);

    const before = await merchantCallCount();
    const replay = await callBff("/api/link", { token, ...keyedJson(request, key) });
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await merchantCallCount()).toBe(before);
    expect(await linkAtMerchant(sub)).toBeNull();
  });

  it("counts parallel tries too: of 8 at once, at most 5 reach the merchant", async () => {
    const sub = freshLineUserId();
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt(sub, `9000-000${i + 1}`, "0000")));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 422)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  });
});

describe("linking with a one-time code", () => {
  const otpMerchant = { MERCHANT_API_BASE: inject("otpMerchantUrl") };
  const sentCode = async (memberNumber: string) => {
    const response = await fetch(`${inject("otpMerchantUrl")}/__dev/one-time-codes?memberNumber=${memberNumber}`);
    return ((await response.json()) as { codes: { code: string }[] }).codes[0]?.code;
  };

  it("sends a code through the merchant (202 for any number) and links with it once", async () => {
    const sub = freshLineUserId();
    const token = await mintIdToken({ sub });
    const settings = await callBff("/api/link/settings", { token, bindings: otpMerchant });
    expect(await settings.json()).toEqual({ secondFactor: "otp" });
    const sent = await callBff("/api/link/one-time-code", {
      token,
      bindings: otpMerchant,
      ...jsonBody({ memberNumber: "1000-0004" }),
    });
    expect(sent.status).toBe(202);
    const unknown = await callBff("/api/link/one-time-code", {
      token,
      bindings: otpMerchant,
      ...jsonBody({ memberNumber: "9999-0404" }),
    });
    expect(unknown.status).toBe(202);
    const code = await sentCode("1000-0004");
    expect(code).toMatch(/^\d{6}$/);
    const linked = await callBff("/api/link", {
      token,
      bindings: otpMerchant,
      ...jsonBody({ memberNumber: "1000-0004", secondFactor: { type: "otp", value: code } }),
    });
    expect(linked.status).toBe(200);
  });

  it("limits the codes one LINE user can have sent: the fourth within 15 minutes is refused", async () => {
    const token = await mintIdToken({ sub: freshLineUserId() });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const response = await callBff("/api/link/one-time-code", {
        token,
        bindings: otpMerchant,
        ...jsonBody({ memberNumber: `1000-000${i + 5}` }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
  });
});

describe("the rich menu follows the link", () => {
  it("shows the linked menu after linking, and the default menu again after unlinking", async () => {
    const linkedMenu = await ensureLinkedRichMenu();
    const sub = freshLineUserId();
    const token = await mintIdToken({ sub });
    const registered = await callBff("/api/link/register", {
      token,
      ...jsonBody({ profile: { name: "メニュー 確認" }, consents: { terms: true, marketingMessages: false } }),
    });
    expect(registered.status).toBe(201);
    expect(await perUserRichMenu(sub)).toBe(linkedMenu);
    expect((await callBff("/api/link", { token, method: "DELETE" })).status).toBe(200);
    expect(await perUserRichMenu(sub)).toBeNull();
  });
});

describe("DELETE /api/link", () => {
  it("unlinks at the merchant, and a second unlink says it is not linked", async () => {
    await env.DB.prepare("DELETE FROM link_events WHERE line_user_id = ?1").bind(hanako).run();
    const token = await mintIdToken({ persona: "unlinked" });
    await callBff("/api/link", { token, ...jsonBody({ memberNumber: "1000-0002", secondFactor: pin("1234") }) });
    const response = await callBff("/api/link", { token, method: "DELETE" });
    expect(response.status).toBe(200);
    expect(LinkResponse.parse(await response.json()).link).toEqual({ status: "unlinked" });
    expect(await linkAtMerchant(hanako)).toBeNull();
    const again = await callBff("/api/link", { token, method: "DELETE" });
    expect(again.status).toBe(404);
    expect(await errorCode(again)).toBe("not_linked");
    // The console's record: the link by the app, then one unlink (the refused second adds nothing).
    expect(await consoleLinkRecord(hanako)).toEqual({ mapping: null, events: ["linked:app", "unlinked:-"] });
  });

  it("replays the first unlink for a repeated key: 200, not 404 not_linked", async () => {
    const token = await mintIdToken({ persona: "unlinked" });
    await callBff("/api/link", { token, ...jsonBody({ memberNumber: "1000-0002", secondFactor: pin("1234") }) });
    const key = newKey();
    const unlink = () => callBff("/api/link", { token, method: "DELETE", headers: { "idempotency-key": key } });
    const first = await unlink();
    expect(first.status).toBe(200);
    const repeat = await unlink();
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get("idempotent-replayed")).toBe("true");
    expect(LinkResponse.parse(await repeat.json()).link).toEqual({ status: "unlinked" });
    const fresh = await callBff("/api/link", { token, method: "DELETE", headers: { "idempotency-key": newKey() } });
    expect(fresh.status).toBe(404);
  });
});

describe("POST /api/link/register", () => {
  const newcomer = { profile: { name: "新井 さくら" }, consents: { terms: true, marketingMessages: false } };

  it("creates a membership linked to the LINE user, with the welcome points", async () => {
    const sub = freshLineUserId();
    const token = await mintIdToken({ sub, name: null, picture: null });
    const response = await callBff("/api/link/register", { token, ...jsonBody(newcomer) });
    expect(response.status).toBe(201);
    const { link } = LinkResponse.parse(await response.json());
    expect(link).toMatchObject({ status: "linked", member: { name: "新井 さくら", points: { balance: 100 } } });
    expect((await linkAtMerchant(sub))?.lineUserId).toBe(sub);
    expect(await consoleLinkRecord(sub)).toEqual({ mapping: "register", events: ["linked:register"] });
  });

  it("makes one membership from a double tap: the second is refused as already linked", async () => {
    const token = await mintIdToken({ sub: freshLineUserId() });
    const statuses = (await Promise.all([1, 2].map(() => callBff("/api/link/register", { token, ...jsonBody(newcomer) })))).map(
      (r) => r.status,
    );
    expect(statuses.sort((a, b) => a - b)).toEqual([201, 409]);
  });

  it("replays the first registration's 201 for a repeated key, and the merchant registers once", async () => {
    const sub = freshLineUserId();
    const token = await mintIdToken({ sub });
    const key = newKey();
    const first = await callBff("/api/link/register", { token, ...keyedJson(newcomer, key) });
    expect(first.status).toBe(201);
    const firstBody = LinkResponse.parse(await first.json());
    const before = await merchantCallCount();
    const repeat = await callBff("/api/link/register", { token, ...keyedJson(newcomer, key) });
    expect(repeat.status).toBe(201);
    expect(repeat.headers.get("idempotent-replayed")).toBe("true");
    expect(LinkResponse.parse(await repeat.json())).toEqual(firstBody);
    expect(await merchantCallCount()).toBe(before);
  });

  it("refuses a key reused with another body (422 idempotency_conflict) and registers nothing more", async () => {
    const token = await mintIdToken({ sub: freshLineUserId() });
    const key = newKey();
    expect((await callBff("/api/link/register", { token, ...keyedJson(newcomer, key) })).status).toBe(201);
    const before = await merchantCallCount();
    const other = { ...newcomer, profile: { name: "別の 名前" } };
    const reused = await callBff("/api/link/register", { token, ...keyedJson(other, key) });
    expect(reused.status).toBe(422);
    expect(await errorCode(reused)).toBe("idempotency_conflict");
    expect(await merchantCallCount()).toBe(before);
  });

  it("answers 409 possible_duplicate for the name and birth date of an existing member, and registers once confirmed", async () => {
    const sub = freshLineUserId();
    const token = await mintIdToken({ sub });
    const namesake = { ...newcomer, profile: { name: "佐藤 花子", birthDate: "1992-08-23" } };
    const refused = await callBff("/api/link/register", { token, ...jsonBody(namesake) });
    expect(refused.status).toBe(409);
    expect(await errorCode(refused)).toBe("possible_duplicate");
    expect(await linkAtMerchant(sub)).toBeNull();
    const confirmed = await callBff("/api/link/register", { token, ...jsonBody({ ...namesake, confirmNotDuplicate: true }) });
    expect(confirmed.status).toBe(201);
  });

  it("requires the name and the terms consent", async () => {
    const token = await mintIdToken({ sub: freshLineUserId() });
    const noTerms = await callBff("/api/link/register", {
      token,
      ...jsonBody({ ...newcomer, consents: { terms: false, marketingMessages: false } }),
    });
    expect(noTerms.status).toBe(400);
    const noName = await callBff("/api/link/register", { token, ...jsonBody({ ...newcomer, profile: { name: " " } }) });
    expect(noName.status).toBe(400);
    expect(ErrorBody.parse(await noName.json()).error.issues?.[0]?.path).toBe("profile.name");
  });
});

/** What the BFF recorded for the console: the current mapping's route and the link events, oldest first. */
async function consoleLinkRecord(lineUserId: string): Promise<{ mapping: string | null; events: string[] }> {
  const mapping = await env.DB.prepare("SELECT route FROM member_links WHERE line_user_id = ?1")
    .bind(lineUserId)
    .first<{ route: string }>();
  const { results } = await env.DB.prepare("SELECT kind, route FROM link_events WHERE line_user_id = ?1 ORDER BY event_id")
    .bind(lineUserId)
    .all<{ kind: string; route: string | null }>();
  return { mapping: mapping?.route ?? null, events: results.map((row) => `${row.kind}:${row.route ?? "-"}`) };
}
