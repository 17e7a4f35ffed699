import { createRemoteJWKSet, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { startLocalFakes } from "./index.ts";
import { devPersona } from "./personas.ts";

describe("startLocalFakes", () => {
  it("starts both fakes with the dev LIFF channel and generated secrets that each fake accepts", async () => {
    const fakes = await startLocalFakes();
    try {
      expect(fakes.channelId).toBe("2000000000");
      const idToken = await fakes.line.mintIdToken({ persona: "linked" });
      const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(`${fakes.line.url}/oauth2/v2.1/certs`)), {
        audience: "2000000000",
        issuer: "https://access.line.me",
      });
      expect(payload.sub).toBe(devPersona("linked").lineUserId);

      const link = await fetch(`${fakes.merchant.url}/v1/line-links/${payload.sub}`, {
        headers: { authorization: `Bearer ${fakes.merchantApiKey}` },
      });
      expect(link.status).toBe(200);

      const richMenu = await fetch(`${fakes.line.url}/v2/bot/user/${payload.sub}/richmenu`, {
        headers: { authorization: `Bearer ${fakes.channelAccessToken}` },
      });
      expect(richMenu.status).toBe(404);
    } finally {
      await fakes.close();
    }
  });

  it("generates new secrets on every start and frees its ports on close", async () => {
    const first = await startLocalFakes();
    const second = await startLocalFakes();
    await Promise.all([first.close(), second.close()]);

    expect(first.channelAccessToken).not.toBe(second.channelAccessToken);
    expect(first.merchantApiKey).not.toBe(second.merchantApiKey);
    expect(first.merchantApiKey).not.toBe(first.channelAccessToken);
    await expect(fetch(`${first.line.url}/__dev/stats`)).rejects.toThrow("fetch failed");
    await expect(fetch(`${first.merchant.url}/__dev/requests`)).rejects.toThrow("fetch failed");
  });
});
