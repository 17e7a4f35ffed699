import { Hono, type Context } from "hono";
import { html } from "hono/html";
import { createHash, createHmac, randomBytes, randomInt } from "node:crypto";
import { z } from "zod";
import { badRequestBody, readJsonOrUndefined } from "./input.ts";
import { lineError, lineValidationError, Messages, type MessagingState } from "./line-platform-messaging.ts";

// The LINE platform's side of webhooks, as far as the BFF meets it: deliveries signed with
// the channel secret (driven from /__dev), the reply endpoint for the tokens those
// deliveries carry, and the account-link dialog that turns a link token and a nonce into an
// `accountLink` event.

const REPLY_TOKEN_LIFETIME_MS = 60 * 1000;
const DELIVERY_TIMEOUT_MS = 10 * 1000;
const UserId = z.string().regex(/^U[0-9a-f]{32}$/, "must be a valid user ID");

/** The events the fake can send, written the short way; it fills in the rest as LINE does. */
export const WebhookEventSpec = z.discriminatedUnion("type", [
  z.object({ type: z.literal("follow"), userId: UserId, isUnblocked: z.boolean().default(false) }),
  z.object({ type: z.literal("unfollow"), userId: UserId }),
  z.object({ type: z.literal("message"), userId: UserId, text: z.string().min(1).max(5000) }),
  z.object({ type: z.literal("postback"), userId: UserId, data: z.string().min(1).max(300) }),
  z.object({
    type: z.literal("accountLink"),
    userId: UserId,
    result: z.enum(["ok", "failed"]).default("ok"),
    nonce: z.string().min(1).max(255),
  }),
]);
export type WebhookEventSpec = z.input<typeof WebhookEventSpec>;

/** A send or build request: events (an empty list is the console's "Verify"), one event, or a redelivery. */
const WebhookRequest = z.union([
  z.object({ redeliver: z.string().min(1).max(64) }),
  z.object({ events: z.array(WebhookEventSpec).max(20) }),
  WebhookEventSpec,
]);

const EndpointRequest = z.object({ url: z.url({ protocol: /^https?$/ }).nullable() });

/**
 * A webhook event object as LINE posts it. `source` is missing from a failed accountLink event
 * (https://developers.line.biz/en/reference/messaging-api/#account-link-event).
 */
export type WebhookEventObject = {
  type: string;
  mode: "active";
  timestamp: number;
  webhookEventId: string;
  deliveryContext: { isRedelivery: boolean };
  source?: { type: "user"; userId: string };
  replyToken?: string;
} & Record<string, unknown>;

export interface WebhookDelivery {
  seq: number;
  at: string;
  /** Where it was posted; null when it was only built (for a caller to post) or there was nowhere to post it. */
  endpoint: string | null;
  /** The exact body, and the x-line-signature that goes with it. */
  body: string;
  signature: string;
  events: WebhookEventObject[];
  /** The endpoint's answer; null when not sent or when the endpoint could not be reached. */
  status: number | null;
  error: string | null;
}

interface IssuedReplyToken {
  userId: string;
  expiresAt: number;
  used: boolean;
}

/** What the webhook side of the fake remembers. */
export class WebhookState {
  endpoint: string | null = null;
  readonly deliveries: WebhookDelivery[] = [];
  readonly replyTokens = new Map<string, IssuedReplyToken>();
  readonly usedLinkTokens = new Set<string>();
  #nextSeq = 1;

  nextSeq(): number {
    return this.#nextSeq++;
  }
}

export interface LinePlatformWebhooksDependencies {
  /** Signs deliveries; without it nothing can be signed and the dev endpoints say so. */
  channelSecret: string | undefined;
  /** The channel this fake stands for; the bot's user id (`destination`) is derived from it. */
  channelId: string;
  /** The Messaging API fake's state: the account-link dialog checks the link tokens it issued. */
  messaging: MessagingState;
  state: WebhookState;
  shutdownSignal: AbortSignal;
}

/**
 * Routes at their full paths: /__dev/webhook-endpoint and /__dev/webhooks/* (dev controls),
 * POST /v2/bot/message/reply and GET /dialog/bot/accountLink. Mount at "/" after the
 * Messaging API, so its middleware (call log, faults, channel access token) covers the reply.
 */
export function linePlatformWebhooks(deps: LinePlatformWebhooksDependencies) {
  const { state, messaging } = deps;
  const destination = `U${createHash("sha256").update(`bot:${deps.channelId}`).digest("hex").slice(0, 32)}`;

  async function deliver(events: WebhookEventObject[], send: boolean): Promise<WebhookDelivery> {
    if (!deps.channelSecret) throw new Error("no channel secret");
    const body = JSON.stringify({ destination, events });
    const delivery: WebhookDelivery = {
      seq: state.nextSeq(),
      at: new Date().toISOString(),
      endpoint: send ? state.endpoint : null,
      body,
      signature: createHmac("sha256", deps.channelSecret).update(body, "utf8").digest("base64"),
      events,
      status: null,
      error: send && state.endpoint === null ? "no webhook endpoint is set" : null,
    };
    state.deliveries.push(delivery);
    if (delivery.endpoint === null) return delivery;
    try {
      const response = await fetch(delivery.endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "LineBotWebhook/2.0",
          "x-line-signature": delivery.signature,
        },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(DELIVERY_TIMEOUT_MS), deps.shutdownSignal]),
      });
      await response.body?.cancel();
      delivery.status = response.status;
    } catch (error) {
      delivery.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    return delivery;
  }

  function eventsFor(request: z.output<typeof WebhookRequest>): WebhookEventObject[] | { unknown: string } {
    if ("redeliver" in request) {
      const earlier = state.deliveries
        .flatMap((delivery) => delivery.events)
        .find((event) => event.webhookEventId === request.redeliver);
      if (!earlier) return { unknown: request.redeliver };
      return [{ ...earlier, deliveryContext: { isRedelivery: true } }];
    }
    const specs = "events" in request ? request.events : [request];
    return specs.map((spec) => buildEvent(state, spec));
  }

  /** The events a send or build request asks for, or the answer that refuses it. */
  async function readWebhookRequest(c: Context): Promise<{ events: WebhookEventObject[] } | { refusal: Response }> {
    if (!deps.channelSecret) {
      const message = "The fake LINE platform was started without a channelSecret, so it cannot sign webhooks";
      return { refusal: c.json({ message }, 409) };
    }
    const request = WebhookRequest.safeParse(await readJsonOrUndefined(c.req.raw));
    if (!request.success) return { refusal: c.json(badRequestBody(request.error), 400) };
    const events = eventsFor(request.data);
    if ("unknown" in events) return { refusal: c.json({ message: `No event ${events.unknown} was sent` }, 404) };
    return { events };
  }

  const dev = new Hono()
    .get("/webhook-endpoint", (c) => c.json({ url: state.endpoint }))
    .post("/webhook-endpoint", async (c) => {
      const request = EndpointRequest.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      state.endpoint = request.data.url;
      return c.json({ url: state.endpoint }, 200);
    })
    .get("/webhooks", (c) => {
      const userId = c.req.query("userId");
      const deliveries = userId
        ? state.deliveries.filter((delivery) => delivery.events.some((event) => event.source?.userId === userId))
        : state.deliveries;
      return c.json({ deliveries }, 200);
    })
    .delete("/webhooks", (c) => {
      state.deliveries.length = 0;
      return c.json({ deliveries: [] }, 200);
    })
    // Builds, signs and posts events to the webhook endpoint; answers with the endpoint's status.
    .post("/webhooks/send", async (c) => {
      const read = await readWebhookRequest(c);
      if ("refusal" in read) return read.refusal;
      if (state.endpoint === null) {
        return c.json({ message: "No webhook endpoint: POST /__dev/webhook-endpoint { url } first" }, 409);
      }
      const delivery = await deliver(read.events, true);
      return c.json(describeDelivery(delivery), 200);
    })
    // Builds and signs without posting, for a caller that cannot be reached over HTTP (the
    // Worker under test): it posts `body` with `signature` itself.
    .post("/webhooks/build", async (c) => {
      const read = await readWebhookRequest(c);
      if ("refusal" in read) return read.refusal;
      const delivery = await deliver(read.events, false);
      return c.json({ ...describeDelivery(delivery), body: delivery.body, signature: delivery.signature }, 200);
    });

  // https://developers.line.biz/en/reference/messaging-api/#send-reply-message
  const replyApi = new Hono().post("/message/reply", async (c) => {
    // Only push, multicast, narrowcast and broadcast take a retry key; LINE refuses it elsewhere
    // with 400. https://developers.line.biz/en/docs/messaging-api/retrying-api-request/
    if (c.req.header("X-Line-Retry-Key") !== undefined) {
      return lineError(c, 400, "X-Line-Retry-Key is not supported for this API");
    }
    const request = ReplyRequest.safeParse(await c.req.json().catch(() => undefined));
    if (!request.success) return lineValidationError(c, request.error);
    const issued = state.replyTokens.get(request.data.replyToken);
    if (!issued || issued.used || issued.expiresAt <= Date.now()) return c.json({ message: "Invalid reply token" }, 400);
    issued.used = true;
    return c.json({ sentMessages: request.data.messages.map(() => newSentMessage()) }, 200);
  });

  // LINE's account-link endpoint (access.line.me in production). The user's browser lands here
  // from the merchant's login page; LINE checks the link token and tells the bot by webhook.
  // "If the link token has expired or has already been used, no webhook event will be sent and
  // the user will be shown an error." A usable token with a bad nonce is a failed link: an event
  // without source or reply token. https://developers.line.biz/en/reference/messaging-api/#account-link-event
  const dialog = new Hono().get("/accountLink", async (c) => {
    const linkToken = c.req.query("linkToken") ?? "";
    const nonce = c.req.query("nonce") ?? "";
    const issued = messaging.linkTokens.find((token) => token.linkToken === linkToken);
    if (!issued || state.usedLinkTokens.has(linkToken) || Date.parse(issued.expiresAt) <= Date.now()) {
      return c.html(dialogPage("failed"), 400);
    }
    state.usedLinkTokens.add(linkToken);
    const result = /^[A-Za-z0-9_-]{10,255}$/.test(nonce) ? "ok" : "failed";
    const event = buildEvent(state, { type: "accountLink", userId: issued.userId, result, nonce });
    if (deps.channelSecret) await deliver([event], true);
    return c.html(dialogPage(result), result === "ok" ? 200 : 400);
  });

  return new Hono().route("/__dev", dev).route("/v2/bot", replyApi).route("/dialog/bot", dialog);
}

const ReplyRequest = z.looseObject({
  replyToken: z.string().min(1),
  messages: Messages,
  notificationDisabled: z.boolean().optional(),
});

function describeDelivery(delivery: WebhookDelivery) {
  return {
    seq: delivery.seq,
    status: delivery.status,
    error: delivery.error,
    webhookEventIds: delivery.events.map((event) => event.webhookEventId),
    events: delivery.events,
  };
}

/** Fills in what LINE adds to every event, and issues the reply token when the type has one. */
function buildEvent(state: WebhookState, spec: z.output<typeof WebhookEventSpec>): WebhookEventObject {
  // A failed account link names nobody: LINE sends it without `source` and without a reply token.
  // https://developers.line.biz/en/reference/messaging-api/#account-link-event
  const failedLink = spec.type === "accountLink" && spec.result === "failed";
  const base = {
    mode: "active" as const,
    timestamp: Date.now(),
    webhookEventId: newWebhookEventId(),
    deliveryContext: { isRedelivery: false },
    ...(failedLink ? {} : { source: { type: "user" as const, userId: spec.userId } }),
  };
  // Unfollow events cannot be answered either.
  const replyable = spec.type !== "unfollow" && !failedLink;
  const replyToken = replyable ? issueReplyToken(state, spec.userId) : undefined;
  const withReply = replyToken === undefined ? {} : { replyToken };
  switch (spec.type) {
    case "follow":
      return { type: "follow", ...base, ...withReply, follow: { isUnblocked: spec.isUnblocked } };
    case "unfollow":
      return { type: "unfollow", ...base };
    case "message":
      return {
        type: "message",
        ...base,
        ...withReply,
        message: { id: newMessageId(), type: "text", text: spec.text, quoteToken: randomBytes(48).toString("base64url") },
      };
    case "postback":
      return { type: "postback", ...base, ...withReply, postback: { data: spec.data } };
    case "accountLink":
      return { type: "accountLink", ...base, ...withReply, link: { result: spec.result, nonce: spec.nonce } };
  }
}

function issueReplyToken(state: WebhookState, userId: string): string {
  const replyToken = randomBytes(16).toString("hex");
  state.replyTokens.set(replyToken, { userId, expiresAt: Date.now() + REPLY_TOKEN_LIFETIME_MS, used: false });
  return replyToken;
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID, as LINE's webhook event ids are: 10 characters of time, 16 of randomness. */
export function newWebhookEventId(now = Date.now()): string {
  let time = "";
  for (let rest = now, i = 0; i < 10; i++, rest = Math.floor(rest / 32)) time = CROCKFORD[rest % 32] + time;
  let random = "";
  for (let i = 0; i < 16; i++) random += CROCKFORD[randomInt(32)];
  return time + random;
}

function newMessageId(): string {
  return String(randomInt(1, 10)) + Array.from({ length: 17 }, () => randomInt(0, 10)).join("");
}

function newSentMessage() {
  return { id: newMessageId(), quoteToken: randomBytes(48).toString("base64url") };
}

function dialogPage(result: "ok" | "failed") {
  const [title, detail] =
    result === "ok"
      ? ["連携が完了しました", "Linked. You can go back to the chat in LINE."]
      : ["連携できませんでした", "Linking failed: the link expired or was already used. Start again from the chat."];
  return html`<!doctype html>
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>${title} · Fake LINE</title>
        <style>
          :root {
            color-scheme: light dark;
          }
          body {
            margin: 0;
            font:
              16px/1.6 system-ui,
              -apple-system,
              "Hiragino Sans",
              "Noto Sans JP",
              sans-serif;
            text-align: center;
          }
          header {
            background: #06c755;
            color: #fff;
            padding: 12px;
            font-size: 14px;
          }
          main {
            padding: 48px 16px;
          }
          h1 {
            font-size: 22px;
            margin: 0 0 8px;
          }
          p {
            opacity: 0.8;
          }
        </style>
      </head>
      <body>
        <header>LINE (フェイク / fake)</header>
        <main data-result="${result}">
          <h1>${title}</h1>
          <p>${detail}</p>
        </main>
      </body>
    </html>`;
}
