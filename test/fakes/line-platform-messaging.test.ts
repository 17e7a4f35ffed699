import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeLinePlatform, type FakeLinePlatform, type RecordedCall } from "./line-platform.ts";
import { createRichMenuWithImage } from "./rich-menu-fixtures.ts";
import { devPersona } from "./personas.ts";

const channelAccessToken = "test-channel-access-token";
const linked = devPersona("linked").lineUserId;
const staff = devPersona("staff").lineUserId;
let line: FakeLinePlatform;

beforeAll(async () => {
  line = await startFakeLinePlatform({ channelId: "1234567890", channelAccessToken });
});
afterAll(() => line.close());
beforeEach(async () => {
  await devRequest("POST", "/__dev/faults", { mode: "none" });
  await devRequest("DELETE", "/__dev/calls");
});

function callMessagingApi(
  method: string,
  path: string,
  { body, retryKey, token = channelAccessToken }: { body?: unknown; retryKey?: string; token?: string | null } = {},
): Promise<Response> {
  const headers = new Headers();
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  if (retryKey !== undefined) headers.set("x-line-retry-key", retryKey);
  if (body !== undefined) headers.set("content-type", "application/json");
  return fetch(`${line.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

function devRequest(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${line.url}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function recordedCalls(): Promise<RecordedCall[]> {
  const { calls } = await (await devRequest("GET", "/__dev/calls")).json();
  return calls;
}

const textPush = (text = "ご来店ありがとうございます") => ({ to: linked, messages: [{ type: "text", text }] });

describe("fake LINE platform › Messaging API authentication", () => {
  it("answers 401 with LINE's message without the channel access token, and records the call as not delivered", async () => {
    for (const token of [null, "wrong-token"]) {
      const response = await callMessagingApi("POST", "/v2/bot/message/push", { body: textPush(), token });
      expect(response.status).toBe(401);
      expect((await response.json()).message).toMatch(/^Authentication failed/);
    }
    const calls = await recordedCalls();
    expect(calls.map((call) => [call.status, call.delivered])).toEqual([
      [401, false],
      [401, false],
    ]);
  });
});

describe("fake LINE platform › push", () => {
  it("answers 200 with one sent message per message and records the call with its body and retry key", async () => {
    const retryKey = randomUUID();
    const body = { to: linked, messages: [{ type: "text", text: "1" }, { type: "sticker", packageId: "446", stickerId: "1988" }] };
    const response = await callMessagingApi("POST", "/v2/bot/message/push", { body, retryKey });

    expect(response.status).toBe(200);
    const { sentMessages } = await response.json();
    expect(sentMessages).toHaveLength(2);
    expect(sentMessages[0]).toEqual({ id: expect.stringMatching(/^\d{18}$/), quoteToken: expect.any(String) });
    expect(await recordedCalls()).toEqual([
      {
        seq: expect.any(Number),
        at: expect.any(String),
        method: "POST",
        path: "/v2/bot/message/push",
        retryKey,
        body,
        status: 200,
        delivered: true,
      },
    ]);
  });

  it("rejects invalid bodies with 400 and LINE's details, naming each property", async () => {
    const tooMany = { to: linked, messages: Array.from({ length: 6 }, () => ({ type: "text", text: "x" })) };
    const emptyText = { to: linked, messages: [{ type: "text", text: "" }] };
    const badTarget = { to: "someone", messages: [{ type: "text", text: "x" }] };

    const properties = [];
    for (const body of [tooMany, emptyText, badTarget]) {
      const response = await callMessagingApi("POST", "/v2/bot/message/push", { body });
      expect(response.status).toBe(400);
      const error = await response.json();
      expect(error.message).toMatch(/error/);
      properties.push(error.details.map((detail: { property: string }) => detail.property));
    }
    expect(properties).toEqual([["messages"], ["messages[0].text"], ["to"]]);
  });

  it("answers a repeated retry key with 409, the accepted request id and the original sent messages, without a second delivery", async () => {
    const retryKey = randomUUID();
    const first = await callMessagingApi("POST", "/v2/bot/message/push", { body: textPush(), retryKey });
    const firstBody = await first.json();
    const repeat = await callMessagingApi("POST", "/v2/bot/message/push", { body: textPush(), retryKey });

    expect(repeat.status).toBe(409);
    expect(repeat.headers.get("x-line-accepted-request-id")).toBe(first.headers.get("x-line-request-id"));
    expect(await repeat.json()).toEqual({
      message: "The retry key is already accepted",
      sentMessages: firstBody.sentMessages,
    });
    const calls = await recordedCalls();
    expect(calls.map((call) => [call.status, call.delivered])).toEqual([
      [200, true],
      [409, false],
    ]);
  });

  it("rejects a retry key that is not a UUID", async () => {
    const response = await callMessagingApi("POST", "/v2/bot/message/push", { body: textPush(), retryKey: "again" });
    expect(response.status).toBe(400);
  });
});

describe("fake LINE platform › multicast", () => {
  it("answers 200 {} and dedupes a repeated retry key with 409", async () => {
    const retryKey = randomUUID();
    const body = { to: [linked, staff], messages: [{ type: "text", text: "新しい豆が入荷しました" }] };
    const first = await callMessagingApi("POST", "/v2/bot/message/multicast", { body, retryKey });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({});

    const repeat = await callMessagingApi("POST", "/v2/bot/message/multicast", { body, retryKey });
    expect(repeat.status).toBe(409);
    expect(repeat.headers.get("x-line-accepted-request-id")).toBe(first.headers.get("x-line-request-id"));
    expect((await recordedCalls()).filter((call) => call.delivered)).toHaveLength(1);
  });

  it("rejects more than 500 recipients", async () => {
    const to = Array.from({ length: 501 }, () => linked);
    const response = await callMessagingApi("POST", "/v2/bot/message/multicast", {
      body: { to, messages: [{ type: "text", text: "x" }] },
    });
    expect(response.status).toBe(400);
  });
});

describe("fake LINE platform › rich menus and link tokens", () => {
  it("links, reads and unlinks a per-user rich menu, visible in /__dev/richmenus", async () => {
    const richMenuId = await createRichMenuWithImage(line.url, channelAccessToken);
    const path = `/v2/bot/user/${staff}/richmenu`;
    expect((await callMessagingApi("POST", `${path}/${richMenuId}`)).status).toBe(200);
    const current = await callMessagingApi("GET", path);
    expect(await current.json()).toEqual({ richMenuId });
    expect(await (await devRequest("GET", "/__dev/richmenus")).json()).toEqual({ [staff]: richMenuId });

    expect((await callMessagingApi("DELETE", path)).status).toBe(200);
    const none = await callMessagingApi("GET", path);
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ message: "the user has no richmenu" });
  });

  it("issues a random link token valid for 10 minutes", async () => {
    const response = await callMessagingApi("POST", `/v2/bot/user/${linked}/linkToken`);
    const { linkToken } = await response.json();
    expect(linkToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const { linkTokens } = await (await devRequest("GET", "/__dev/link-tokens")).json();
    const issued = linkTokens.find((token: { linkToken: string }) => token.linkToken === linkToken);
    expect(issued.userId).toBe(linked);
    expect(Date.parse(issued.expiresAt) - Date.parse(issued.issuedAt)).toBe(10 * 60 * 1000);
  });

  it("records Messaging API calls only, not dev endpoints or the JWKS", async () => {
    await fetch(`${line.url}/oauth2/v2.1/certs`);
    await devRequest("GET", "/__dev/richmenus");
    await callMessagingApi("GET", `/v2/bot/user/${linked}/richmenu`);
    expect((await recordedCalls()).map((call) => call.path)).toEqual([`/v2/bot/user/${linked}/richmenu`]);
    await devRequest("DELETE", "/__dev/calls");
    expect(await recordedCalls()).toEqual([]);
  });
});

describe("fake LINE platform › injected faults", () => {
  it("answers 429 with Retry-After for the given number of requests, then recovers", async () => {
    await devRequest("POST", "/__dev/faults", { mode: "rate_limit", times: 2, retryAfterSeconds: 7 });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await callMessagingApi("POST", "/v2/bot/message/push", { body: textPush() });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(response.headers.get("retry-after")).toBe("7");
        expect(await response.json()).toEqual({ message: "The API rate limit has been exceeded. Try again later." });
      }
    }
    expect(statuses).toEqual([429, 429, 200]);
    expect((await recordedCalls()).map((call) => [call.status, call.delivered])).toEqual([
      [429, false],
      [429, false],
      [200, true],
    ]);
  });

  it("answers 500 until reset, and a retry with the same key after a 500 is delivered, not a 409", async () => {
    await devRequest("POST", "/__dev/faults", { mode: "server_error" });
    const retryKey = randomUUID();
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await callMessagingApi("POST", "/v2/bot/message/push", { body: textPush(), retryKey });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ message: "An error occurred in the server" });
    }
    const { faults } = await (await devRequest("GET", "/__dev/faults")).json();
    expect(faults.messaging).toEqual({ fault: { mode: "server_error" }, remaining: null });

    await devRequest("POST", "/__dev/faults", { mode: "none" });
    const retried = await callMessagingApi("POST", "/v2/bot/message/push", { body: textPush(), retryKey });
    expect(retried.status).toBe(200);
  });

  it("delays answers when slow", async () => {
    await devRequest("POST", "/__dev/faults", { mode: "slow", delayMs: 150, times: 1 });
    const started = performance.now();
    const response = await callMessagingApi("GET", `/v2/bot/user/${linked}/richmenu`);
    expect(response.status).toBe(404);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("rejects an unknown fault mode with 400", async () => {
    expect((await devRequest("POST", "/__dev/faults", { mode: "explode" })).status).toBe(400);
  });
});
