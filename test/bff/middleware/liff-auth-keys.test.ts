import { afterEach, describe, expect, it, vi } from "vitest";
import { inject } from "vitest";
import { ErrorBody } from "../../../shared/errors.ts";
import { LineSigningKeys } from "../../../bff/lib/line-signing-keys.ts";
import { devPersona } from "../../fakes/personas.ts";
import { callBff } from "../helpers.ts";
import { SignJWT, generateKeyPair } from "jose";

// Each test gets a key server of its own on the fake LINE platform (its own keys, JWKS faults
// and fetch count), so a "cold isolate" is a JWKS URL nobody has fetched and other files'
// requests never move the figures.
function keyServer() {
  const base = `${inject("fakeLineUrl")}/__scoped/${crypto.randomUUID()}`;
  const post = (path: string, body: object = {}) =>
    fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return {
    base,
    jwksUrl: `${base}/oauth2/v2.1/certs`,
    // A day-long token, so tests that move the clock by hours fail on keys, never on exp.
    mint: async () =>
      ((await (await post("/__dev/id-token", { persona: "linked", expiresInSeconds: 86_400 })).json()) as { idToken: string })
        .idToken,
    rotate: async () => ((await (await post("/__dev/rotate-key")).json()) as { kid: string }).kid,
    fail: (mode: "server_error" | "none") => post("/__dev/faults", { mode }),
    fetches: async () => ((await (await fetch(`${base}/__dev/stats`)).json()) as { jwksFetches: number }).jwksFetches,
    me: (token: string) => callBff("/api/me", { token, bindings: { LINE_API_BASE: base } }),
  };
}

const MINUTE = 60_000;

afterEach(() => {
  vi.useRealTimers();
});

describe("LINE signing keys behind the LIFF ID token check", () => {
  it("20 concurrent requests on a cold isolate make one key fetch", async () => {
    const line = keyServer();
    const token = await line.mint();
    const answers = await Promise.all(Array.from({ length: 20 }, () => line.me(token)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(await line.fetches()).toBe(1);
  });

  it("keeps verifying with the last known keys while LINE's key endpoint is down (11 min, 3 h)", async () => {
    const line = keyServer();
    const token = await line.mint();
    expect((await line.me(token)).status).toBe(200);
    await line.fail("server_error");
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"] });
    for (const later of [11 * MINUTE, 3 * 60 * MINUTE]) {
      vi.setSystemTime(start + later);
      const response = await line.me(token);
      expect(response.status).toBe(200);
    }
    // The stale set was refreshed in the background (and failed), never in the request's path.
    expect(await line.fetches()).toBeGreaterThan(1);
  });

  it("refreshes stale keys in the background: the request answers from the old set", async () => {
    const line = keyServer();
    const token = await line.mint();
    expect((await line.me(token)).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 2 * 60 * MINUTE);
    expect((await line.me(token)).status).toBe(200);
    expect(await line.fetches()).toBe(2);
    // Fresh again: the next requests ask nobody.
    expect((await line.me(token)).status).toBe(200);
    expect(await line.fetches()).toBe(2);
  });

  it("accepts a token signed with a freshly rotated key within 30 s of the last fetch (one refetch)", async () => {
    const line = keyServer();
    expect((await line.me(await line.mint())).status).toBe(200);
    await line.rotate();
    const response = await line.me(await line.mint());
    expect(response.status).toBe(200);
    expect(await line.fetches()).toBe(2);
  });

  it("unknown key ids refetch at most once per 5 s, however many arrive", async () => {
    const line = keyServer();
    expect((await line.me(await line.mint())).status).toBe(200);
    const { privateKey } = await generateKeyPair("ES256");
    const now = Math.floor(Date.now() / 1000);
    const forged = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        new SignJWT({
          iss: "https://access.line.me",
          sub: devPersona("linked").lineUserId,
          aud: inject("liffChannelId"),
          iat: now,
          exp: now + 3600,
        })
          .setProtectedHeader({ alg: "ES256", kid: `forged-${i}` })
          .sign(privateKey),
      ),
    );
    for (const token of forged) expect((await line.me(token)).status).toBe(401);
    expect(await line.fetches()).toBe(2);
  });

  it("answers 502 only when no key was ever fetched and LINE is down", async () => {
    const line = keyServer();
    const token = await line.mint();
    await line.fail("server_error");
    const response = await line.me(token);
    expect(response.status).toBe(502);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("upstream_unavailable");
  });

  it("refuses a token issued more than 30 s in the future", async () => {
    const line = keyServer();
    const token = await line.mint();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() - 5 * MINUTE);
    const response = await line.me(token);
    expect(response.status).toBe(401);
    expect(ErrorBody.parse(await response.json()).error.message).toContain("iat");
  });

  it("a new isolate takes the keys from the Cache API instead of asking LINE", async () => {
    const line = keyServer();
    const token = await line.mint();
    expect((await line.me(token)).status).toBe(200);
    const header = JSON.parse(atob(token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/")));
    const freshIsolate = new LineSigningKeys(line.jwksUrl);
    await expect(freshIsolate.keyFor(header, { payload: "", signature: "", protected: "" })).resolves.toBeTruthy();
    expect(await line.fetches()).toBe(1);
  });
});
