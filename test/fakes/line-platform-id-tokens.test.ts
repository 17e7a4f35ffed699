import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ErrorBody } from "../../shared/errors.ts";
import { startFakeLinePlatform, type FakeLinePlatform } from "./line-platform.ts";
import { devPersona } from "./personas.ts";

const channelId = "1234567890";
let line: FakeLinePlatform;

beforeAll(async () => {
  line = await startFakeLinePlatform({ channelId, channelAccessToken: "test-channel-access-token" });
});
afterAll(() => line.close());
beforeEach(() => setFault({ target: "jwks", mode: "none" }));

async function verifyAsTheBffWould(idToken: string) {
  const jwks = createRemoteJWKSet(new URL(`${line.url}/oauth2/v2.1/certs`));
  return jwtVerify(idToken, jwks, { algorithms: ["ES256"], issuer: "https://access.line.me", audience: channelId });
}

async function mintOverHttp(body: unknown): Promise<Response> {
  return fetch(`${line.url}/__dev/id-token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function setFault(fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${line.url}/__dev/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  expect(response.status).toBe(200);
}

async function stats(): Promise<{ jwksFetches: number; idTokensMinted: number }> {
  return (await fetch(`${line.url}/__dev/stats`)).json();
}

describe("fake LINE platform › ID tokens", () => {
  it("serves one P-256 key at /oauth2/v2.1/certs in LINE's JWKS shape", async () => {
    const response = await fetch(`${line.url}/oauth2/v2.1/certs`);
    expect(response.status).toBe(200);
    const { keys } = await response.json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual({
      kty: "EC",
      crv: "P-256",
      x: expect.any(String),
      y: expect.any(String),
      kid: expect.any(String),
      alg: "ES256",
      use: "sig",
    });
  });

  it("mints persona tokens that verify against the served JWKS with ES256, LINE's issuer and the channel as audience", async () => {
    const idToken = await line.mintIdToken({ persona: "linked", scopes: ["openid", "profile"] });
    const { payload, protectedHeader } = await verifyAsTheBffWould(idToken);
    const { keys } = await (await fetch(`${line.url}/oauth2/v2.1/certs`)).json();

    expect(protectedHeader).toEqual({ alg: "ES256", kid: keys[0].kid, typ: "JWT" });
    expect(payload.sub).toBe(devPersona("linked").lineUserId);
    expect(payload.name).toBe("山田 太郎");
    expect(payload).not.toHaveProperty("picture");
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it("mints over HTTP with only LINE's claims and an ISO expiry", async () => {
    const response = await mintOverHttp({
      persona: "staff",
      scopes: ["openid", "profile"],
      nonce: "n-0123456789",
      amr: ["linesso"],
    });
    expect(response.status).toBe(200);
    const { idToken, expiresAt } = await response.json();
    const { payload } = await verifyAsTheBffWould(idToken);

    expect(Object.keys(payload).sort()).toEqual(["amr", "aud", "exp", "iat", "iss", "name", "nonce", "sub"]);
    expect(payload).toMatchObject({ sub: devPersona("staff").lineUserId, nonce: "n-0123456789", amr: ["linesso"] });
    expect(new Date(expiresAt).getTime()).toBe(payload.exp! * 1000);
  });

  it("leaves the persona's name and picture out unless profile was granted, as consent simplification grants only openid", async () => {
    const pictured = { sub: devPersona("linked").lineUserId, picture: "https://profile.line-scdn.net/abc" };
    for (const claims of [{ persona: "linked" as const }, { persona: "linked" as const, scopes: ["openid" as const] }]) {
      const { payload } = await verifyAsTheBffWould(await line.mintIdToken(claims));
      expect(payload.sub).toBe(devPersona("linked").lineUserId);
      expect(payload).not.toHaveProperty("name");
      expect(payload).not.toHaveProperty("picture");
    }
    const granted = await verifyAsTheBffWould(await line.mintIdToken({ persona: "linked", scopes: ["openid", "profile"] }));
    expect(granted.payload.name).toBe("山田 太郎");
    // An explicit claim is put in whatever the scopes (for tests of odd tokens).
    expect((await verifyAsTheBffWould(await line.mintIdToken(pictured))).payload.picture).toBe(pictured.picture);
  });

  it("refuses a scope LIFF does not have", async () => {
    expect((await mintOverHttp({ persona: "linked", scopes: ["openid", "friends"] })).status).toBe(400);
    expect((await mintOverHttp({ persona: "linked", scopes: [] })).status).toBe(400);
  });

  it("leaves name out when asked for null, as a MINI App token before profile consent", async () => {
    const { payload } = await verifyAsTheBffWould(
      await line.mintIdToken({ persona: "unlinked", scopes: ["openid", "profile"], name: null }),
    );
    expect(payload.sub).toBe(devPersona("unlinked").lineUserId);
    expect(payload).not.toHaveProperty("name");
  });

  it("lets sub, picture, aud and iss be overridden", async () => {
    const idToken = await line.mintIdToken({
      sub: "U00000000000000000000000000000000",
      picture: "https://profile.line-scdn.net/abc",
      aud: "9999999999",
      iss: "https://evil.example",
    });
    const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(`${line.url}/oauth2/v2.1/certs`)));
    expect(payload).toMatchObject({
      sub: "U00000000000000000000000000000000",
      picture: "https://profile.line-scdn.net/abc",
      aud: "9999999999",
      iss: "https://evil.example",
    });
    expect(payload).not.toHaveProperty("name");
    await expect(verifyAsTheBffWould(idToken)).rejects.toBeInstanceOf(errors.JWTClaimValidationFailed);
  });

  it("mints an already expired token for a negative lifetime, which verification rejects as expired", async () => {
    const idToken = await line.mintIdToken({ persona: "linked", expiresInSeconds: -60 });
    await expect(verifyAsTheBffWould(idToken)).rejects.toBeInstanceOf(errors.JWTExpired);
    expect(decodeProtectedHeader(idToken).alg).toBe("ES256");
  });

  it("answers 400 with an ErrorBody when neither persona nor sub is given, or a persona is unknown", async () => {
    for (const body of [{}, { persona: "owner" }, { sub: "" }, "not json"]) {
      const response = await mintOverHttp(body);
      expect(response.status).toBe(400);
      const error = ErrorBody.parse(await response.json());
      expect(error.error.code).toBe("bad_request");
      expect(error.error.issues?.length).toBeGreaterThan(0);
    }
  });

  it("counts JWKS fetches and minted tokens in /__dev/stats", async () => {
    const before = await stats();
    await fetch(`${line.url}/oauth2/v2.1/certs`);
    await line.mintIdToken({ persona: "linked" });
    await mintOverHttp({ persona: "staff" });
    const after = await stats();
    expect(after.jwksFetches - before.jwksFetches).toBe(1);
    expect(after.idTokensMinted - before.idTokensMinted).toBe(2);
  });

  it("makes the JWKS endpoint fail for the requested number of fetches", async () => {
    await setFault({ target: "jwks", mode: "server_error", times: 1 });
    expect((await fetch(`${line.url}/oauth2/v2.1/certs`)).status).toBe(500);
    expect((await fetch(`${line.url}/oauth2/v2.1/certs`)).status).toBe(200);

    await setFault({ target: "jwks", mode: "rate_limit", retryAfterSeconds: 3 });
    const limited = await fetch(`${line.url}/oauth2/v2.1/certs`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
  });
});

describe("fake LINE platform › dev endpoints", () => {
  it("lists the dev personas", async () => {
    const { personas } = await (await fetch(`${line.url}/__dev/personas`)).json();
    expect(personas.map((persona: { key: string }) => persona.key)).toEqual(["unlinked", "linked", "staff", "admin"]);
    expect(personas[1]).toEqual({
      key: "linked",
      lineUserId: devPersona("linked").lineUserId,
      displayName: "山田 太郎",
      pictureUrl: null,
      description: devPersona("linked").description,
    });
  });

  it("serves the dev page at / and /__dev with only relative URLs, so it works behind /__fake-line/", async () => {
    for (const path of ["/", "/__dev", "/__dev/"]) {
      const response = await fetch(`${line.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain("Fake LINE Platform");
      expect(html).toContain('name="viewport"');
      // No absolute paths or external origins in links, scripts or fetches.
      expect(html).not.toMatch(/(?:href|src)=["'](?:\/|https?:)/);
      expect(html).not.toMatch(/(?:fetch|api)\(["'`]\//);
    }
  });

  it("answers unknown paths with 404", async () => {
    const authorized = { headers: { authorization: "Bearer test-channel-access-token" } };
    expect((await fetch(`${line.url}/v2/bot/nope`, authorized)).status).toBe(404);
    expect((await fetch(`${line.url}/nope`)).status).toBe(404);
  });
});
