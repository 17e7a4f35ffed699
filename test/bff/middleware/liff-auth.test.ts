import { SignJWT, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { ErrorBody } from "../../../shared/errors.ts";
import { devPersona } from "../../fakes/personas.ts";
import { callBff, merchantCallCount, mintIdToken } from "../helpers.ts";

const base64url = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

function validClaims() {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: "https://access.line.me",
    sub: devPersona("linked").lineUserId,
    aud: inject("liffChannelId"),
    iat: now,
    exp: now + 3600,
  };
}

let servedKid: string;
beforeAll(async () => {
  const jwks = (await (await fetch(`${inject("fakeLineUrl")}/oauth2/v2.1/certs`)).json()) as {
    keys: { kid: string }[];
  };
  servedKid = jwks.keys[0].kid;
});

const badTokens: Record<string, () => Promise<string | undefined>> = {
  "no token at all": async () => undefined,
  "a malformed token": async () => "not.a.jwt",
  "the LIFF mock's literal id_token": async () => "id_token",
  "alg none": async () => `${base64url({ alg: "none", typ: "JWT" })}.${base64url(validClaims())}.`,
  "an HS256 token": async () =>
    new SignJWT(validClaims())
      .setProtectedHeader({ alg: "HS256", kid: servedKid })
      .sign(new TextEncoder().encode("a-shared-secret-anyone-could-guess")),
  "a token signed by a key that is not in the JWKS": async () => {
    const { privateKey } = await generateKeyPair("ES256");
    return new SignJWT(validClaims()).setProtectedHeader({ alg: "ES256", kid: servedKid }).sign(privateKey);
  },
  "a token with an unknown key id": async () => {
    const { privateKey } = await generateKeyPair("ES256");
    return new SignJWT(validClaims()).setProtectedHeader({ alg: "ES256", kid: "someone-else" }).sign(privateKey);
  },
  "a token for another channel (wrong aud)": () => mintIdToken({ persona: "linked", aud: "1999999999" }),
  "a token from another issuer": () => mintIdToken({ persona: "linked", iss: "https://evil.example" }),
  "an expired token": () => mintIdToken({ persona: "linked", expiresInSeconds: -120 }),
};

describe("LIFF ID token check on /api/me", () => {
  for (const [label, makeToken] of Object.entries(badTokens)) {
    it(`refuses ${label} with 401 and never calls the merchant`, async () => {
      const token = await makeToken();
      const before = await merchantCallCount();
      const response = await callBff("/api/me", { token });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      const body = ErrorBody.parse(await response.json());
      expect(body.error.code).toBe("unauthorized");
      expect(body.error.requestId).toBeTruthy();
      expect(await merchantCallCount()).toBe(before);
    });
  }

  it("refuses a Basic authorization header", async () => {
    const response = await callBff("/api/me", { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect(response.status).toBe(401);
  });

  it("accepts a token that expired within the allowed clock skew", async () => {
    const response = await callBff("/api/me", { token: await mintIdToken({ persona: "linked", expiresInSeconds: -5 }) });
    expect(response.status).toBe(200);
  });
});
