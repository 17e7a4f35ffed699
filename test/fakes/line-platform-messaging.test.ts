import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
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
    const body = {
      to: linked,
      messages: [
        { type: "text", text: "1" },
        { type: "sticker", packageId: "446", stickerId: "1988" },
      ],
    };
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
    const answers = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await callMessagingApi("POST", "/v2/bot/message/push", { body: textPush() });
      answers.push({ status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json() });
    }
    expect(answers.map((answer) => answer.status)).toEqual([429, 429, 200]);
    expect(answers.slice(0, 2)).toEqual(
      Array(2).fill({
        status: 429,
        retryAfter: "7",
        body: { message: "The API rate limit has been exceeded. Try again later." },
      }),
    );
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

describe("fake LINE platform › Flex and quick reply refusals, as LINE's reference documents them", () => {
  const bubble = (body: unknown[], footer?: unknown[]) => ({
    type: "bubble",
    body: { type: "box", layout: "vertical", contents: body },
    ...(footer ? { footer: { type: "box", layout: "vertical", contents: footer } } : {}),
  });
  const flex = (contents: unknown, altText = "お知らせ") => ({ type: "flex", altText, contents });
  const button = (action: Record<string, unknown>) => ({ type: "button", action });

  async function refusedProperties(message: unknown): Promise<string[]> {
    const response = await callMessagingApi("POST", "/v2/bot/message/push", { body: { to: linked, messages: [message] } });
    expect(response.status).toBe(400);
    const error = await response.json();
    expect(error.message).toMatch(/^The request body has \d+ error\(s\)$/);
    return error.details.map((detail: { property: string }) => detail.property);
  }

  it("accepts a well-formed bubble with a text, a nested box and a URI button", async () => {
    const message = flex(
      bubble(
        [
          { type: "text", text: "ご注文" },
          { type: "box", layout: "horizontal", contents: [{ type: "text", text: "コーヒー豆" }] },
        ],
        [button({ type: "uri", label: "注文を確認", uri: "https://liff.line.me/1-a/orders/1" })],
      ),
    );
    const response = await callMessagingApi("POST", "/v2/bot/message/push", { body: { to: linked, messages: [message] } });
    expect(response.status).toBe(200);
  });

  it("refuses empty text, found recursively through boxes, naming the property", async () => {
    const nested = bubble([
      { type: "text", text: "ok" },
      { type: "box", layout: "vertical", contents: [{ type: "text", text: "" }] },
    ]);
    expect(await refusedProperties(flex(nested))).toEqual(["messages[0].contents.body.contents[1].contents[0].text"]);
  });

  it("refuses a button without a label or with a label over 40 characters", async () => {
    const message = flex(
      bubble(
        [{ type: "text", text: "x" }],
        [button({ type: "uri", uri: "https://example.com" }), button({ type: "postback", label: "あ".repeat(41), data: "a=1" })],
      ),
    );
    expect(await refusedProperties(message)).toEqual([
      "messages[0].contents.footer.contents[0].action.label",
      "messages[0].contents.footer.contents[1].action.label",
    ]);
  });

  it("refuses URI actions over 1,000 characters or with a scheme other than http, https, line or tel", async () => {
    for (const uri of [`https://example.com/${"a".repeat(990)}`, "javascript:alert(1)", "ftp://example.com/x"]) {
      const message = flex(bubble([{ type: "text", text: "x" }], [button({ type: "uri", label: "開く", uri })]));
      expect(await refusedProperties(message)).toEqual(["messages[0].contents.footer.contents[0].action.uri"]);
    }
    for (const uri of ["tel:0312345678", "line://nv/chat", "http://example.com"]) {
      const message = flex(bubble([{ type: "text", text: "x" }], [button({ type: "uri", label: "開く", uri })]));
      const response = await callMessagingApi("POST", "/v2/bot/message/push", { body: { to: linked, messages: [message] } });
      expect(response.status).toBe(200);
    }
  });

  it("refuses a bubble over 30 KB of JSON, a carousel over 12 bubbles and altText over 1,500 characters", async () => {
    const big = bubble(Array.from({ length: 30 }, () => ({ type: "text", text: "あ".repeat(400) })));
    expect(await refusedProperties(flex(big))).toEqual(["messages[0].contents"]);

    const small = bubble([{ type: "text", text: "x" }]);
    const carousel = { type: "carousel", contents: Array.from({ length: 13 }, () => small) };
    expect(await refusedProperties(flex(carousel))).toEqual(["messages[0].contents.contents"]);

    expect(await refusedProperties(flex(small, "a".repeat(1501)))).toEqual(["messages[0].altText"]);
  });

  it("refuses more than 13 quick reply items", async () => {
    const item = { type: "action", action: { type: "message", label: "はい", text: "はい" } };
    const message = { type: "text", text: "どちらにしますか", quickReply: { items: Array.from({ length: 14 }, () => item) } };
    expect(await refusedProperties(message)).toEqual(["messages[0].quickReply.items"]);
  });
});

describe("fake LINE platform › monthly quota", () => {
  afterEach(async () => {
    await devRequest("POST", "/__dev/quota", { limit: null });
  });

  it("answers the monthly-limit 429 without Retry-After when the fault is armed", async () => {
    await devRequest("POST", "/__dev/faults", { mode: "monthly_limit", times: 1 });
    const response = await callMessagingApi("POST", "/v2/bot/message/push", { body: textPush() });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBeNull();
    expect(await response.json()).toEqual({ message: "You have reached your monthly limit." });
  });

  it("reports quota and consumption per recipient, leaves replies free, and refuses pushes past the limit by itself", async () => {
    expect(await (await callMessagingApi("GET", "/v2/bot/message/quota")).json()).toEqual({ type: "none" });
    const before = (await (await callMessagingApi("GET", "/v2/bot/message/quota/consumption")).json()).totalUsage;

    await devRequest("POST", "/__dev/quota", { limit: before + 3 });
    expect(await (await callMessagingApi("GET", "/v2/bot/message/quota")).json()).toEqual({ type: "limited", value: before + 3 });
    expect((await callMessagingApi("POST", "/v2/bot/message/push", { body: textPush() })).status).toBe(200);
    const multicast = { to: [linked, staff], messages: [{ type: "text", text: "x" }] };
    expect((await callMessagingApi("POST", "/v2/bot/message/multicast", { body: multicast })).status).toBe(200);
    expect(await (await callMessagingApi("GET", "/v2/bot/message/quota/consumption")).json()).toEqual({ totalUsage: before + 3 });

    const refused = await callMessagingApi("POST", "/v2/bot/message/push", { body: textPush() });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBeNull();
    expect(await refused.json()).toEqual({ message: "You have reached your monthly limit." });
    expect((await recordedCalls()).at(-1)).toMatchObject({ status: 429, delivered: false });
    expect(await (await devRequest("GET", "/__dev/quota")).json()).toEqual({ limit: before + 3, totalUsage: before + 3 });
  });
});

describe("fake LINE platform › latency", () => {
  afterEach(async () => {
    await devRequest("POST", "/__dev/latency", { ms: 0 });
  });

  it("makes every Messaging API call wait the configured round trip, within 0–5000 ms", async () => {
    expect(await (await devRequest("POST", "/__dev/latency", { ms: 120 })).json()).toEqual({ ms: 120 });
    const started = performance.now();
    await callMessagingApi("GET", "/v2/bot/message/quota");
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect((await devRequest("POST", "/__dev/latency", { ms: 5001 })).status).toBe(400);
  });
});

describe("fake LINE platform › LINE MINI App service messages", () => {
  const send = (body: unknown, token = channelAccessToken) =>
    callMessagingApi("POST", "/message/v3/notifier/send?target=service", { body, token });
  const params = { daytime: "5月3日 18:00", shop_name: "Kissa" };

  async function notificationToken(): Promise<{ notificationToken: string; sessionId: string }> {
    const { accessToken } = await (await devRequest("POST", "/__dev/liff-access-token", { userId: linked })).json();
    const issued = await callMessagingApi("POST", "/message/v3/notifier/token", { body: { liffAccessToken: accessToken } });
    expect(issued.status).toBe(200);
    const body = await issued.json();
    expect(body).toEqual({
      notificationToken: expect.any(String),
      expiresIn: 31_536_000,
      remainingCount: 5,
      sessionId: expect.any(String),
    });
    const again = await callMessagingApi("POST", "/message/v3/notifier/token", { body: { liffAccessToken: accessToken } });
    expect(again.status).toBe(400);
    return body;
  }

  it("issues one notification token per LIFF access token it minted, and refuses others", async () => {
    await notificationToken();
    const unknown = await callMessagingApi("POST", "/message/v3/notifier/token", { body: { liffAccessToken: "made-up" } });
    expect(unknown.status).toBe(400);
    const noChannelToken = await callMessagingApi("POST", "/message/v3/notifier/token", {
      body: { liffAccessToken: "x" },
      token: null,
    });
    expect(noChannelToken.status).toBe(401);
  });

  it("sends five times, renewing the token each time, then refuses; spent tokens are refused; calls are recorded", async () => {
    let { notificationToken: token, sessionId } = await notificationToken();
    const spent = token;
    for (let remaining = 4; remaining >= 0; remaining--) {
      const response = await send({ templateName: "reservation_confirm_ja", params, notificationToken: token });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({ remainingCount: remaining, sessionId, expiresIn: expect.any(Number) });
      expect(body.notificationToken).not.toBe(token);
      token = body.notificationToken;
    }
    expect((await send({ templateName: "reservation_confirm_ja", params, notificationToken: token })).status).toBe(400);
    expect((await send({ templateName: "reservation_confirm_ja", params, notificationToken: spent })).status).toBe(400);

    const sends = (await recordedCalls()).filter((call) => call.path === "/message/v3/notifier/send");
    expect(sends.map((call) => [call.status, call.delivered])).toEqual([
      ...Array.from({ length: 5 }, () => [200, true]),
      [400, false],
      [400, false],
    ]);
    expect(sends[0].body).toMatchObject({ templateName: "reservation_confirm_ja", params });
  });

  it("refuses unknown templates (until told about them) and missing params", async () => {
    const { notificationToken: token } = await notificationToken();
    expect((await send({ templateName: "coupon_ja", params, notificationToken: token })).status).toBe(400);
    expect((await send({ templateName: "reservation_confirm_ja", notificationToken: token })).status).toBe(400);
    expect((await send({ templateName: "reservation_confirm_ja", params: {}, notificationToken: token })).status).toBe(400);

    await devRequest("POST", "/__dev/service-templates", { names: ["coupon_ja"] });
    try {
      expect((await send({ templateName: "coupon_ja", params, notificationToken: token })).status).toBe(200);
    } finally {
      await devRequest("POST", "/__dev/service-templates", {
        names: ["reservation_confirm_ja", "reservation_reminder_ja", "order_confirm_ja"],
      });
    }
  });
});
