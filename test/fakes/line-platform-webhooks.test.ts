import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { serveOnLoopback, type LoopbackServer } from "./http-server.ts";
import { startFakeLinePlatform, type FakeLinePlatform } from "./line-platform.ts";
import { devPersona } from "./personas.ts";
import { startSandboxMerchant, type SandboxMerchant } from "./sandbox-merchant/index.ts";

const channelAccessToken = "test-channel-access-token";
const channelSecret = "test-channel-secret";
const hanako = devPersona("unlinked").lineUserId;

interface ReceivedWebhook {
  signature: string | null;
  userAgent: string | null;
  body: string;
}

let line: FakeLinePlatform;
let receiver: LoopbackServer;
const received: ReceivedWebhook[] = [];
let receiverStatus = 200;

beforeAll(async () => {
  line = await startFakeLinePlatform({ channelId: "1234567890", channelAccessToken, channelSecret });
  // Stands in for the BFF's /webhook/line.
  receiver = await serveOnLoopback(async (request) => {
    received.push({
      signature: request.headers.get("x-line-signature"),
      userAgent: request.headers.get("user-agent"),
      body: await request.text(),
    });
    return new Response(null, { status: receiverStatus });
  });
});
afterAll(async () => {
  await Promise.all([line.close(), receiver.close()]);
});
beforeEach(async () => {
  received.length = 0;
  receiverStatus = 200;
  await post("/__dev/webhook-endpoint", { url: `${receiver.url}/webhook/line` });
});

function post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${line.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const withToken = { authorization: `Bearer ${channelAccessToken}` };
const expectedSignature = (body: string) => createHmac("sha256", channelSecret).update(body).digest("base64");
const parsed = (webhook: ReceivedWebhook) =>
  // The tests read LINE's event objects field by field, as loosely as LINE's own samples.
  // oxlint-disable-next-line typescript/no-explicit-any
  JSON.parse(webhook.body) as { destination: string; events: Array<Record<string, any>> };

async function send(request: unknown) {
  const response = await post("/__dev/webhooks/send", request);
  return { status: response.status, body: await response.json() };
}

describe("fake LINE platform › webhook delivery", () => {
  it("signs a LINE-shaped follow event with the channel secret, posts it and answers with the endpoint's status", async () => {
    receiverStatus = 202;
    const { status, body } = await send({ type: "follow", userId: hanako });

    expect(status).toBe(200);
    expect(body.status).toBe(202);
    expect(received).toHaveLength(1);
    expect(received[0].signature).toBe(expectedSignature(received[0].body));
    expect(received[0].userAgent).toBe("LineBotWebhook/2.0");
    const { destination, events } = parsed(received[0]);
    expect(destination).toMatch(/^U[0-9a-f]{32}$/);
    expect(events).toEqual([
      {
        type: "follow",
        mode: "active",
        timestamp: expect.any(Number),
        webhookEventId: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
        deliveryContext: { isRedelivery: false },
        source: { type: "user", userId: hanako },
        replyToken: expect.stringMatching(/^[0-9a-f]{32}$/),
        follow: { isUnblocked: false },
      },
    ]);
    expect(body.webhookEventIds).toEqual([events[0].webhookEventId]);
  });

  it("builds unfollow (no reply token), message, postback and accountLink events, several in one delivery", async () => {
    await send({
      events: [
        { type: "unfollow", userId: hanako },
        { type: "message", userId: hanako, text: "連携" },
        { type: "postback", userId: hanako, data: "action=account-link" },
        { type: "accountLink", userId: hanako, nonce: "a-nonce-of-some-length" },
      ],
    });
    const events = parsed(received[0]).events;
    expect(events.map((event) => event.type)).toEqual(["unfollow", "message", "postback", "accountLink"]);
    expect(events[0]).not.toHaveProperty("replyToken");
    expect(events[1].message).toMatchObject({ type: "text", text: "連携", id: expect.stringMatching(/^\d{18}$/) });
    expect(events[2].postback).toEqual({ data: "action=account-link" });
    expect(events[3].link).toEqual({ result: "ok", nonce: "a-nonce-of-some-length" });
    expect(new Set(events.map((event) => event.webhookEventId)).size).toBe(4);
  });

  it("re-sends an earlier event with the same webhookEventId, marked as a redelivery", async () => {
    const first = await send({ type: "postback", userId: hanako, data: "x=1" });
    const again = await send({ redeliver: first.body.webhookEventIds[0] });

    expect(again.body.webhookEventIds).toEqual(first.body.webhookEventIds);
    const [original, redelivered] = received.map((webhook) => parsed(webhook).events[0]);
    expect(redelivered).toEqual({ ...original, deliveryContext: { isRedelivery: true } });
    expect((await send({ redeliver: "01NOSUCHEVENT0000000000000" })).status).toBe(404);
  });

  it("refuses to send without an endpoint, and reports an endpoint that cannot be reached", async () => {
    await post("/__dev/webhook-endpoint", { url: null });
    expect((await send({ type: "follow", userId: hanako })).status).toBe(409);

    await post("/__dev/webhook-endpoint", { url: "http://127.0.0.1:9/webhook/line" });
    const { status, body } = await send({ type: "follow", userId: hanako });
    expect(status).toBe(200);
    expect(body.status).toBeNull();
    expect(body.error).toEqual(expect.any(String));
  });

  it("builds a signed delivery without posting it, for callers that post it themselves", async () => {
    const response = await post("/__dev/webhooks/build", { type: "follow", userId: hanako });
    const { body, signature, events } = await response.json();

    expect(received).toEqual([]);
    expect(signature).toBe(expectedSignature(body));
    expect(JSON.parse(body).events).toEqual(events);
  });

  it("rejects unknown event types and bad user ids with 400", async () => {
    expect((await send({ type: "beacon", userId: hanako })).status).toBe(400);
    expect((await send({ type: "follow", userId: "U123" })).status).toBe(400);
  });

  it("cannot sign anything when started without a channel secret", async () => {
    const unsigned = await startFakeLinePlatform({ channelId: "1234567890", channelAccessToken });
    try {
      const response = await fetch(`${unsigned.url}/__dev/webhooks/build`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "follow", userId: hanako }),
      });
      expect(response.status).toBe(409);
    } finally {
      await unsigned.close();
    }
  });
});

describe("fake LINE platform › reply", () => {
  async function reply(replyToken: string, headers: Record<string, string> = withToken) {
    return post("/v2/bot/message/reply", { replyToken, messages: [{ type: "text", text: "ようこそ" }] }, headers);
  }

  it("accepts each reply token once, records the call, and refuses unknown tokens like LINE", async () => {
    const { body } = await send({ type: "follow", userId: hanako });
    const replyToken: string = body.events[0].replyToken;

    const first = await reply(replyToken);
    expect(first.status).toBe(200);
    expect((await first.json()).sentMessages).toHaveLength(1);
    const second = await reply(replyToken);
    expect(second.status).toBe(400);
    expect(await second.json()).toEqual({ message: "Invalid reply token" });
    expect((await reply("0".repeat(32))).status).toBe(400);

    const { calls } = await (await fetch(`${line.url}/__dev/calls`)).json();
    const replies = calls.filter((call: { path: string }) => call.path === "/v2/bot/message/reply");
    expect(replies.slice(-3).map((call: { status: number }) => call.status)).toEqual([200, 400, 400]);
  });

  it("needs the channel access token and valid messages", async () => {
    const { body } = await send({ type: "follow", userId: hanako });
    const replyToken: string = body.events[0].replyToken;
    expect((await reply(replyToken, { authorization: "Bearer wrong" })).status).toBe(401);
    const empty = await post("/v2/bot/message/reply", { replyToken, messages: [] }, withToken);
    expect(empty.status).toBe(400);
    expect((await reply(replyToken)).status).toBe(200);
  });

  it("refuses a reply carrying X-Line-Retry-Key with 400 and does not use up the token (replies take no retry key)", async () => {
    const { body } = await send({ type: "follow", userId: hanako });
    const replyToken: string = body.events[0].replyToken;
    const withRetryKey = await reply(replyToken, { ...withToken, "x-line-retry-key": "123e4567-e89b-12d3-a456-426614174000" });
    expect(withRetryKey.status).toBe(400);
    expect((await withRetryKey.json()).message).toMatch(/X-Line-Retry-Key/);
    expect((await reply(replyToken)).status).toBe(200);
  });

  it("lets reply tokens expire after a minute", async () => {
    const { body } = await send({ type: "follow", userId: hanako });
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61_000 });
    try {
      expect((await reply(body.events[0].replyToken)).status).toBe(400);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("fake LINE platform › account-link dialog", () => {
  async function issueLinkToken(userId: string): Promise<string> {
    const response = await post(`/v2/bot/user/${userId}/linkToken`, undefined, withToken);
    return (await response.json()).linkToken;
  }
  const dialog = (linkToken: string, nonce = "nonce-0123456789") =>
    fetch(`${line.url}/dialog/bot/accountLink?linkToken=${encodeURIComponent(linkToken)}&nonce=${nonce}`);

  afterEach(() => vi.useRealTimers());

  it("checks the link token, delivers an ok accountLink event for its user, and shows that linking is done", async () => {
    const linkToken = await issueLinkToken(hanako);
    const page = await dialog(linkToken);

    expect(page.status).toBe(200);
    expect(await page.text()).toContain("連携が完了しました");
    const event = parsed(received[0]).events[0];
    expect(event).toMatchObject({
      type: "accountLink",
      source: { type: "user", userId: hanako },
      replyToken: expect.any(String),
      link: { result: "ok", nonce: "nonce-0123456789" },
    });
  });

  it("shows an error and sends no event at all for a used or expired link token, as LINE does", async () => {
    const linkToken = await issueLinkToken(hanako);
    await dialog(linkToken);
    const reused = await dialog(linkToken, "another-nonce-0123");
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain("連携できませんでした");

    const expiring = await issueLinkToken(hanako);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 10 * 60_000 + 1000 });
    expect((await dialog(expiring)).status).toBe(400);

    const events = received.map((webhook) => parsed(webhook).events[0]);
    expect(events.map((event) => event.link.result)).toEqual(["ok"]);
  });

  it("delivers a failed accountLink event without source and without reply token when the nonce is unusable", async () => {
    const page = await dialog(await issueLinkToken(hanako), "short");
    expect(page.status).toBe(400);
    const event = parsed(received[0]).events[0];
    expect(event).toMatchObject({ type: "accountLink", link: { result: "failed", nonce: "short" } });
    expect(event).not.toHaveProperty("source");
    expect(event).not.toHaveProperty("replyToken");
  });

  it("shows a failure and delivers nothing for a link token it never issued", async () => {
    const page = await dialog("never-issued-token");
    expect(page.status).toBe(400);
    expect(received).toEqual([]);
  });

  it("keeps the delivery, signed, when no endpoint is set, so a test can post it itself", async () => {
    await post("/__dev/webhook-endpoint", { url: null });
    const userId = devPersona("staff").lineUserId;
    await dialog(await issueLinkToken(userId));

    const { deliveries } = await (await fetch(`${line.url}/__dev/webhooks?userId=${userId}`)).json();
    const last = deliveries.at(-1);
    expect(last).toMatchObject({ endpoint: null, status: null, error: "no webhook endpoint is set" });
    expect(last.signature).toBe(expectedSignature(last.body));
    expect(last.events[0].link.result).toBe("ok");
  });
});

describe("chat account link across both fakes", () => {
  let merchant: SandboxMerchant;
  beforeAll(async () => {
    merchant = await startSandboxMerchant({ apiKey: "test-merchant-api-key", lineAccessBase: line.url });
  });
  afterAll(() => merchant.close());

  it("goes from the merchant's login page through LINE's dialog to an accountLink event whose nonce the merchant honours once", async () => {
    const linkToken = await (await post(`/v2/bot/user/${hanako}/linkToken`, undefined, withToken)).json();
    const login = await fetch(`${merchant.url}/line/account-link`, {
      method: "POST",
      body: new URLSearchParams({ linkToken: linkToken.linkToken, memberNumber: "1000-0002", pin: "1234" }),
      redirect: "manual",
    });
    expect(login.status).toBe(303);

    const page = await fetch(login.headers.get("location") ?? "");
    expect(await page.text()).toContain("連携が完了しました");
    const { link } = parsed(received[0]).events[0];
    expect(link.result).toBe("ok");

    const consume = () =>
      fetch(`${merchant.url}/v1/account-link-nonces/${link.nonce}/consume`, {
        method: "POST",
        headers: { authorization: "Bearer test-merchant-api-key" },
      });
    const first = await consume();
    expect(await first.json()).toEqual({ memberId: "mem_0002" });
    expect((await consume()).status).toBe(404);
  });
});
