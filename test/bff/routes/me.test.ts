import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { languageOf, languagesOf } from "../../../bff/lib/user-language.ts";
import { MeResponse } from "../../../shared/api.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { devPersona } from "../../fakes/personas.ts";
import { callBff, freshLineUserId, jsonBody, jwksFetchCount, mintIdToken, setMerchantFault } from "../helpers.ts";

async function me(token: string, path = "/api/me") {
  const response = await callBff(path, { token });
  return { response, body: await response.json() };
}

describe("GET /api/me", () => {
  afterEach(() => setMerchantFault({ mode: "none" }));

  it("shows a linked member's name, rank (with what it gives) and points", async () => {
    const { response, body } = await me(await mintIdToken({ persona: "linked", scopes: ["openid", "profile"] }));
    expect(response.status).toBe(200);
    const parsed = MeResponse.parse(body);
    expect(parsed.link).toEqual({
      status: "linked",
      member: {
        memberNumber: "1000-0001",
        name: "山田 太郎",
        rank: { code: "gold", name: "ゴールド", benefits: ["ポイント3倍", "焼き菓子10%オフクーポン", "誕生月クーポン"] },
        points: { balance: 1280 },
        // Gold is the sandbox's top rank: nothing further to reach.
        rankProgress: null,
      },
    });
    expect(parsed.profile.displayName).toBe("山田 太郎");
    expect(parsed.staff).toBeNull();
  });

  it("passes on how far a member is from the next rank, as the merchant counts it", async () => {
    const token = await mintIdToken({ sub: freshLineUserId() });
    const registered = await callBff("/api/link/register", {
      token,
      ...jsonBody({ profile: { name: "新井 みのり" }, consents: { terms: true, marketingMessages: false } }),
    });
    expect(registered.status).toBe(201);
    const { body } = await me(token);
    const { link } = MeResponse.parse(body);
    // A newcomer is regular and has spent nothing: silver needs ¥30,000 in a year at the sandbox.
    expect(link.status === "linked" ? link.member.rankProgress : "unlinked").toEqual({
      nextRank: { code: "silver", name: "シルバー", benefits: ["ポイント2倍", "誕生月クーポン"] },
      remainingYen: 30_000,
      spentYen: 0,
      thresholdYen: 30_000,
      periodEndsOn: null,
    });
    expect((await callBff("/api/link", { token, method: "DELETE" })).status).toBe(200);
  });

  it("says a new friend is not linked yet", async () => {
    const { response, body } = await me(await mintIdToken({ persona: "unlinked" }));
    expect(response.status).toBe(200);
    expect(MeResponse.parse(body).link).toEqual({ status: "unlinked" });
  });

  it("shows the stores a staff member works at", async () => {
    const { body } = await me(await mintIdToken({ persona: "staff" }));
    const parsed = MeResponse.parse(body);
    expect(parsed.staff?.stores.map((s) => s.name)).toContain("渋谷店");
    expect(parsed.link.status).toBe("unlinked");
  });

  it("works when LINE granted only openid, so the token has no name or picture", async () => {
    // A persona's token without scopes is what consent simplification hands out: openid only.
    const token = await mintIdToken({ persona: "linked" });
    const { response, body } = await me(token);
    expect(response.status).toBe(200);
    const parsed = MeResponse.parse(body);
    expect(parsed.profile).toEqual({ displayName: null, pictureUrl: null });
    expect(parsed.link.status).toBe("linked");
  });

  it("never takes identity from the query string", async () => {
    const linked = devPersona("linked").lineUserId;
    const token = await mintIdToken({ persona: "unlinked" });
    const { body } = await me(token, `/api/me?userId=${linked}&lineUserId=${linked}&memberId=M0001`);
    expect(MeResponse.parse(body).link).toEqual({ status: "unlinked" });
  });

  it("verifies tokens from cached keys, without asking LINE on every request", async () => {
    const token = await mintIdToken({ persona: "linked" });
    await me(token);
    const before = await jwksFetchCount();
    for (let i = 0; i < 5; i++) expect((await me(token)).response.status).toBe(200);
    expect(await jwksFetchCount()).toBe(before);
  });

  it("keeps ID tokens, LINE user ids and names out of the logs", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    const spies = (["log", "info", "warn", "error"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation(capture),
    );
    try {
      const token = await mintIdToken({ persona: "linked" });
      const { response } = await me(token);
      expect(response.status).toBe(200);
      await me("not-a-token");
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
    const logged = lines.join("\n");
    expect(logged).toContain("request");
    expect(logged).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
    expect(logged).not.toContain(devPersona("linked").lineUserId);
    expect(logged).not.toContain("山田");
  });

  it("tags every answer with a request id", async () => {
    const { response } = await me(await mintIdToken({ persona: "linked" }));
    expect(response.headers.get("x-request-id")).toMatch(/^[\w.-]{8,}$/);
  });
});

describe("GET /api/me when the merchant misbehaves", () => {
  afterEach(() => setMerchantFault({ mode: "none" }));

  it("answers 502 when the merchant cannot be reached", async () => {
    const token = await mintIdToken({ persona: "linked" });
    const response = await callBff("/api/me", { token, bindings: { MERCHANT_API_BASE: "http://127.0.0.1:9" } });
    expect(response.status).toBe(502);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("upstream_unavailable");
  });

  it("answers 504 when the merchant is too slow", async () => {
    await setMerchantFault({ mode: "slow", delayMs: 1000 });
    const token = await mintIdToken({ persona: "linked" });
    const response = await callBff("/api/me", { token, bindings: { MERCHANT_TIMEOUT_MS: "200" } });
    expect(response.status).toBe(504);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("upstream_timeout");
  });

  it("answers 502 when the merchant answers garbage", async () => {
    await setMerchantFault({ mode: "garbage" });
    const response = await callBff("/api/me", { token: await mintIdToken({ persona: "linked" }) });
    expect(response.status).toBe(502);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("upstream_invalid");
  });

  it("answers 502 when the merchant fails with a 500", async () => {
    await setMerchantFault({ mode: "server_error" });
    const response = await callBff("/api/me", { token: await mintIdToken({ persona: "linked" }) });
    expect(response.status).toBe(502);
    const body = ErrorBody.parse(await response.json());
    expect(body.error.code).toBe("upstream_unavailable");
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
  });
});

describe("PUT /api/me/language", () => {
  async function putLanguage(lineUserId: string, body: unknown) {
    const token = await mintIdToken({ sub: lineUserId });
    return callBff("/api/me/language", { token, ...jsonBody(body), method: "PUT" });
  }

  it("remembers the caller's language, answering 204 and no-store", async () => {
    const lineUserId = freshLineUserId();
    expect(await languageOf(env.DB, lineUserId)).toBe("ja");
    const response = await putLanguage(lineUserId, { language: "en" });
    expect(response.status).toBe(204);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await languageOf(env.DB, lineUserId)).toBe("en");
    expect((await putLanguage(lineUserId, { language: "ja" })).status).toBe(204);
    expect(await languageOf(env.DB, lineUserId)).toBe("ja");
  });

  it("refuses a body that is not a language (400) and keeps what was there", async () => {
    const lineUserId = freshLineUserId();
    await putLanguage(lineUserId, { language: "en" });
    for (const body of [{ language: "fr" }, { language: "EN" }, {}, { language: null }, "en"]) {
      const response = await putLanguage(lineUserId, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(ErrorBody.parse(await response.json()).error.code).toBe("bad_request");
    }
    expect(await languageOf(env.DB, lineUserId)).toBe("en");
  });

  it("answers 401 without a token", async () => {
    const response = await callBff("/api/me/language", { ...jsonBody({ language: "en" }), method: "PUT" });
    expect(response.status).toBe(401);
  });

  it("never lets another user's choice touch the caller's, whatever the body says", async () => {
    const caller = freshLineUserId();
    const other = freshLineUserId();
    const stranger = freshLineUserId();
    await putLanguage(caller, { language: "en" });
    expect((await putLanguage(other, { language: "ja", lineUserId: caller, userId: caller })).status).toBe(204);
    expect(await languagesOf(env.DB, [caller, other, stranger])).toEqual(
      new Map([
        [caller, "en"],
        [other, "ja"],
        [stranger, "ja"],
      ]),
    );
    expect(await languageOf(env.DB, caller)).toBe("en");
  });
});
