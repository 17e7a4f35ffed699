import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errorBody } from "../../shared/errors.ts";
import type { AppEnv } from "../env.ts";
import { sortWebhookEvent, WebhookBody, type WebhookEvent } from "../webhook/events.ts";
import { sendToQueue } from "../delivery/outbox.ts";
import { storeWebhookEvents } from "../webhook/dedup.ts";
import { verifyLineSignature } from "../webhook/signature.ts";

/** LINE's deliveries are small (a few events); anything near this is not LINE. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * The Messaging API webhook (mounted at /webhook/line). The signature is checked on the raw
 * body before anything else; the events are stored whole in D1 before the 200 and handled from
 * the queue (webhook/process.ts): LINE waits only a few seconds, and once it has its 200 it never
 * redelivers, so what failed after the answer is the BFF's to retry.
 */
export const webhookRoutes = new Hono<AppEnv>().post(
  "/",
  bodyLimit({
    maxSize: MAX_WEBHOOK_BODY_BYTES,
    onError: (c) => c.json(errorBody("bad_request", "The webhook body is too large", { requestId: c.get("requestId") }), 413),
  }),
  async (c) => {
    const log = c.get("log");
    const requestId = c.get("requestId");
    const body = await c.req.arrayBuffer();
    if (!(await verifyLineSignature(c.env.LINE_CHANNEL_SECRET, body, c.req.header("x-line-signature")))) {
      log.warn("webhook signature rejected", { signed: c.req.header("x-line-signature") !== undefined });
      return c.json(errorBody("unauthorized", "The x-line-signature header does not match the body", { requestId }), 401);
    }

    const parsed = WebhookBody.safeParse(parseJson(body));
    if (!parsed.success) {
      log.warn("webhook body rejected");
      return c.json(errorBody("bad_request", "The webhook body is not a LINE webhook", { requestId }), 400);
    }
    const events: WebhookEvent[] = [];
    for (const raw of parsed.data.events) {
      const sorted = sortWebhookEvent(raw);
      if (sorted.kind === "handle") events.push(sorted.event);
      else log.info("webhook event ignored", { eventType: sorted.type, reason: sorted.reason });
    }

    const fresh = await storeWebhookEvents(c.env.DB, events);
    if (fresh.length < events.length) log.info("webhook events already received", { repeats: events.length - fresh.length });
    // Stored is what counts: if the queue is unreachable, the sweeper queues them within minutes.
    await sendToQueue(
      c.env.DELIVERY_QUEUE,
      fresh.map((id) => ({ body: { type: "webhook" as const, id } })),
      log,
    );
    return c.json({ accepted: events.length }, 200);
  },
);

function parseJson(body: ArrayBuffer): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
}
