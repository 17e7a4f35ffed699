import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { Hono } from "hono";
import { inject } from "vitest";
import { app } from "../../../bff/app.ts";
import type { AppEnv, Bindings } from "../../../bff/env.ts";
import { requestContext } from "../../../bff/middleware/request-context.ts";
import { webhookRoutes } from "../../../bff/routes/webhook.ts";
import { signLineWebhookBody } from "../../../bff/webhook/signature.ts";
import { callBff } from "../helpers.ts";

export const WEBHOOK_PATH = "/webhook/line";

// The Worker serves the webhook once bff/app.ts mounts it; until then the tests mount the
// sub-app the same way (behind requestContext), so they run before and after that one line.
const workerServesWebhook = app.routes.some((route) => route.path === WEBHOOK_PATH);
const standIn = new Hono<AppEnv>().use(requestContext()).route(WEBHOOK_PATH, webhookRoutes);

/**
 * Posts a body to the webhook as LINE would, optionally with other bindings (a merchant that
 * is down, say), and waits for the work done after the answer.
 */
export async function postWebhook(body: BodyInit, signature: string | null, bindings: Partial<Bindings> = {}): Promise<Response> {
  const headers = new Headers({ "content-type": "application/json; charset=utf-8" });
  if (signature !== null) headers.set("x-line-signature", signature);
  if (workerServesWebhook) return callBff(WEBHOOK_PATH, { method: "POST", headers, body, bindings });
  const ctx = createExecutionContext();
  const request = new Request(`https://bff.test${WEBHOOK_PATH}`, { method: "POST", headers, body });
  const response = await standIn.fetch(request, { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** Signs a body with the channel secret the Worker is configured with. */
export function sign(body: string): Promise<string> {
  return signLineWebhookBody(inject("lineChannelSecret"), body);
}

/** A webhook event as LINE sends it, for the tests that need full control (timestamps, ids). */
export function lineEvent(type: string, userId: string, fields: Record<string, unknown> = {}) {
  return {
    type,
    mode: "active",
    timestamp: Date.now(),
    webhookEventId: `01TEST${crypto.randomUUID().replaceAll("-", "").slice(0, 20).toUpperCase()}`,
    deliveryContext: { isRedelivery: false },
    source: { type: "user", userId },
    ...fields,
  };
}

/** Signs and posts events built by the test itself. */
export async function deliverEvents(events: unknown[]): Promise<Response> {
  const body = JSON.stringify({ destination: "U00000000000000000000000000000000", events });
  return postWebhook(body, await sign(body));
}

export type WebhookEventSpec =
  | { type: "follow"; userId: string }
  | { type: "unfollow"; userId: string }
  | { type: "message"; userId: string; text: string }
  | { type: "postback"; userId: string; data: string }
  | { type: "accountLink"; userId: string; result?: "ok" | "failed"; nonce: string };

export interface BuiltDelivery {
  body: string;
  signature: string;
  webhookEventIds: string[];
  events: Array<{ webhookEventId: string; replyToken?: string; deliveryContext: { isRedelivery: boolean } }>;
}

/**
 * Has the fake LINE platform build and sign a delivery (with reply tokens it will honour),
 * without posting it: the Worker under test listens on no port, so the test posts it.
 */
export async function buildDelivery(request: WebhookEventSpec | { redeliver: string }): Promise<BuiltDelivery> {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/webhooks/build`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  if (!response.ok) throw new Error(`building a webhook failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as BuiltDelivery;
}

/** Builds one event at the fake and delivers it to the Worker; returns the built delivery. */
export async function deliver(
  request: WebhookEventSpec | { redeliver: string },
): Promise<BuiltDelivery & { response: Response }> {
  const built = await buildDelivery(request);
  const response = await postWebhook(built.body, built.signature);
  return { ...built, response };
}

/** The deliveries the fake platform made (or tried to make) with events for this user. */
export async function deliveriesFor(userId: string): Promise<BuiltDelivery[]> {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/webhooks?userId=${userId}`);
  return ((await response.json()) as { deliveries: BuiltDelivery[] }).deliveries;
}

export interface RecordedLineCall {
  method: string;
  path: string;
  retryKey: string | null;
  body: { replyToken?: string; to?: string; messages?: unknown[] } | null;
  status: number;
  delivered: boolean;
}

export async function lineCalls(): Promise<RecordedLineCall[]> {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/calls`);
  return ((await response.json()) as { calls: RecordedLineCall[] }).calls;
}

/** Reply calls made with one reply token (delivered or not). */
export async function repliesWith(replyToken: string | undefined): Promise<RecordedLineCall[]> {
  return (await lineCalls()).filter((call) => call.path === "/v2/bot/message/reply" && call.body?.replyToken === replyToken);
}

export async function pushesTo(userId: string): Promise<RecordedLineCall[]> {
  return (await lineCalls()).filter((call) => call.path === "/v2/bot/message/push" && call.body?.to === userId);
}

/** Every Messaging API call about one user: pushes to them and calls with their id in the path. */
export async function lineCallsAbout(userId: string, replyTokens: Array<string | undefined> = []): Promise<RecordedLineCall[]> {
  return (await lineCalls()).filter(
    (call) =>
      call.path.includes(userId) ||
      call.body?.to === userId ||
      (call.body?.replyToken !== undefined && replyTokens.includes(call.body.replyToken)),
  );
}

export async function linkTokensIssuedTo(userId: string): Promise<string[]> {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/link-tokens`);
  const { linkTokens } = (await response.json()) as { linkTokens: Array<{ linkToken: string; userId: string }> };
  return linkTokens.filter((token) => token.userId === userId).map((token) => token.linkToken);
}

export async function richMenuOf(userId: string): Promise<string | null> {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/richmenus`);
  const menus = (await response.json()) as Record<string, string>;
  return menus[userId] ?? null;
}

/** Issues a link token at the fake platform, as the BFF's chat flow does. */
export async function issueLinkToken(userId: string): Promise<string> {
  const response = await fetch(`${inject("fakeLineUrl")}/v2/bot/user/${userId}/linkToken`, {
    method: "POST",
    headers: { authorization: `Bearer ${inject("lineChannelAccessToken")}` },
  });
  return ((await response.json()) as { linkToken: string }).linkToken;
}

/**
 * Logs in on the merchant's account-link page, as the customer's browser does, and returns
 * where it redirects (LINE's dialog, with the link token and the nonce).
 */
export async function logInAtMerchant(loginUrl: string, memberNumber: string, pin: string): Promise<URL> {
  const page = await fetch(loginUrl);
  if (page.status !== 200) throw new Error(`the login page answered ${page.status}`);
  const linkToken = new URL(loginUrl).searchParams.get("linkToken") ?? "";
  const response = await fetch(new URL("account-link", loginUrl), {
    method: "POST",
    body: new URLSearchParams({ linkToken, memberNumber, pin }),
    redirect: "manual",
  });
  if (response.status !== 303) throw new Error(`logging in answered ${response.status}`);
  return new URL(response.headers.get("location") ?? "");
}

/** The texts and button actions in a message the BFF sent, for assertions that ignore layout. */
export function flatten(messages: unknown): { texts: string[]; actions: Array<Record<string, string>> } {
  const texts: string[] = [];
  const actions: Array<Record<string, string>> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if (record.type === "text" && typeof record.text === "string") texts.push(record.text);
    if (record.type === "button" && record.action) actions.push(record.action as Record<string, string>);
    Object.values(record).forEach(walk);
  };
  walk(messages);
  return { texts, actions };
}

export async function webhookEventRow(webhookEventId: string) {
  return env.DB.prepare(
    "SELECT webhook_event_id, event_type, state, attempts, last_error FROM webhook_events WHERE webhook_event_id = ?1",
  )
    .bind(webhookEventId)
    .first<{ webhook_event_id: string; event_type: string; state: string; attempts: number; last_error: string | null }>();
}
