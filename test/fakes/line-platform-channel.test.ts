import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeLinePlatform, type FakeLinePlatform } from "./line-platform.ts";

// The fake answers the channel questions `npm run doctor` asks as LINE's reference documents.
let line: FakeLinePlatform;
const channelAccessToken = "channel-token-for-verify";

beforeAll(async () => {
  line = await startFakeLinePlatform({ channelId: "1234567890", channelAccessToken, channelSecret: "secret" });
});
afterAll(async () => {
  await line.close();
});

const verifyV2 = (token: string) =>
  fetch(`${line.url}/v2/oauth/verify`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ access_token: token }).toString(),
  });

describe("fake LINE platform: channel access token verification and webhook endpoint information", () => {
  it("POST /v2/oauth/verify and GET /oauth2/v2.1/verify accept the channel's token with its channel id", async () => {
    for (const response of [
      await verifyV2(channelAccessToken),
      await fetch(`${line.url}/oauth2/v2.1/verify?access_token=${channelAccessToken}`),
    ]) {
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ client_id: "1234567890", expires_in: expect.any(Number) });
    }
  });

  it("refuses another token with 400 invalid_request", async () => {
    for (const response of [await verifyV2("other"), await fetch(`${line.url}/oauth2/v2.1/verify?access_token=other`)]) {
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: "invalid_request" });
    }
  });

  it("GET /v2/bot/channel/webhook/endpoint needs the token and tells the registered URL", async () => {
    expect((await fetch(`${line.url}/v2/bot/channel/webhook/endpoint`)).status).toBe(401);
    const auth = { headers: { authorization: `Bearer ${channelAccessToken}` } };
    expect(await (await fetch(`${line.url}/v2/bot/channel/webhook/endpoint`, auth)).json()).toEqual({
      endpoint: "",
      active: false,
    });
    await fetch(`${line.url}/__dev/webhook-endpoint`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "https://bff.example/webhook/line" }),
    });
    expect(await (await fetch(`${line.url}/v2/bot/channel/webhook/endpoint`, auth)).json()).toEqual({
      endpoint: "https://bff.example/webhook/line",
      active: true,
    });
  });
});
