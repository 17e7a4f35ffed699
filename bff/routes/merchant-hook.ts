import type { D1Database } from "@cloudflare/workers-types/experimental";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errorBody } from "../../shared/errors.ts";
import { MerchantEvent, type MerchantEventReceipt } from "../../shared/merchant-contract.ts";
import { couponGrantedMessage, couponMessageId, couponMessageKind, pointsExpiringMessageId } from "../coupons/messages.ts";
import { remindPointsExpiring, type ReminderOutcome } from "../coupons/points-expiry.ts";
import type { Outbox } from "../delivery/outbox.ts";
import type { AppEnv } from "../env.ts";
import { claimMerchantEvent } from "../hooks/dedup.ts";
import { merchantEventMessage } from "../hooks/messages.ts";
import { verifyMerchantSignature } from "../hooks/signature.ts";
import { languageOf } from "../lib/user-language.ts";
import type { MerchantClient } from "../merchant/client.ts";
import { besideAction, enrollInScenarios, recordPurchase, scenarioDependenciesOf } from "../console/scenarios.ts";

/** One event per request; anything near this is not a merchant event. */
export const MAX_MERCHANT_EVENT_BYTES = 64 * 1024;

const refusals = {
  missing: "Sign the event: x-merchant-timestamp and x-merchant-signature (v1=<hex HMAC-SHA256>) are required",
  mismatch: "The x-merchant-signature does not match the timestamp and body",
  stale: "The x-merchant-timestamp is too far from now: sign each delivery afresh",
} as const;

/**
 * Events from the merchant (mounted at /hooks/merchant): order status changes, points changes,
 * coupons the merchant granted on its own and points about to expire, each turned into a LINE
 * message to the linked member, recorded in the delivery outbox before the answer. The
 * signature is checked on the raw body before anything is parsed; the answer says clearly what
 * the merchant should do: 202 done (also for a repeat), 401 fix the signing, 400 fix the body,
 * 404 nobody to tell (or a coupon that is not the member's).
 */
export const merchantHookRoutes = new Hono<AppEnv>().post(
  "/",
  bodyLimit({
    maxSize: MAX_MERCHANT_EVENT_BYTES,
    onError: (c) => c.json(errorBody("bad_request", "The event body is too large", { requestId: c.get("requestId") }), 413),
  }),
  async (c) => {
    const log = c.get("log");
    const requestId = c.get("requestId");
    const body = await c.req.arrayBuffer();
    const verdict = await verifyMerchantSignature(c.env.MERCHANT_HOOK_SECRET, body, {
      timestamp: c.req.header("x-merchant-timestamp"),
      signature: c.req.header("x-merchant-signature"),
    });
    if (!verdict.ok) {
      log.warn("merchant event rejected", { reason: verdict.reason });
      return c.json(errorBody("unauthorized", refusals[verdict.reason], { requestId }), 401);
    }

    const parsed = MerchantEvent.safeParse(parseJson(body));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
      return c.json(errorBody("bad_request", "The body is not a MerchantEvent", { requestId, issues }), 400);
    }
    const event = parsed.data;
    const link = await c.get("merchant").getMemberLineLink(event.memberId);
    if (!link) {
      log.info("merchant event for a member without LINE", { eventType: event.type });
      return c.json(errorBody("not_linked", "This member is unknown or not linked to LINE", { requestId }), 404);
    }

    // The message is recorded first, under an id taken from the event (or from the coupon or
    // expiry batch it is about), then the event is claimed: a failure between the two answers
    // 5xx, the merchant retries, and the retry records nothing new. Either way the message is
    // in the outbox before the 202.
    const recorded = await recordEventMessage(
      { db: c.env.DB, outbox: c.get("outbox"), merchant: c.get("merchant"), liffId: c.env.LIFF_ID },
      event,
      link.lineUserId,
    );
    if (recorded === "unknown_coupon") {
      log.info("coupon.granted for a coupon the member does not have");
      return c.json(errorBody("not_found", "This member has no coupon with this couponId", { requestId }), 404);
    }
    const { deliveryId, notice } = recorded;
    if (event.type === "order.status_changed" && event.status !== "cancelled") {
      // The BFF learns of orders placed outside the app here: a last purchase, maybe a first order.
      await besideAction(log, "order event", () =>
        recordPurchase(scenarioDependenciesOf(c), {
          lineUserId: link.lineUserId,
          memberId: event.memberId,
          orderId: event.orderId,
          orderedAt: Date.parse(event.occurredAt),
        }),
      );
    }
    if (event.type === "points.expiring") {
      // Step delivery may follow a batch about to expire (the ステップ配信 trigger 「ポイント失効前」).
      await besideAction(log, "points-expiring event", () =>
        enrollInScenarios(scenarioDependenciesOf(c), {
          trigger: "points_expiring",
          lineUserId: link.lineUserId,
          occurredAt: Date.parse(event.occurredAt),
          occurrenceKey: `points-expiring:${event.batchId}`,
        }),
      );
    }
    const first = await claimMerchantEvent(c.env.DB, event.eventId, event.type, notice === "queued" ? deliveryId : null);
    log.info(first ? "merchant event accepted" : "merchant event already handled", { eventType: event.type, notice });
    const receipt: MerchantEventReceipt = { eventId: event.eventId, duplicate: !first };
    return c.json(receipt, 202);
  },
);

interface EventMessageDependencies {
  db: D1Database;
  outbox: Outbox;
  merchant: Pick<MerchantClient, "getMemberCoupon">;
  liffId: string;
}

/** Records the LINE message an event causes, in the member's language; which delivery, and what the member is told. */
async function recordEventMessage(
  { db, outbox, merchant, liffId }: EventMessageDependencies,
  event: MerchantEvent,
  lineUserId: string,
): Promise<{ deliveryId: string; notice: ReminderOutcome } | "unknown_coupon"> {
  const language = await languageOf(db, lineUserId);
  switch (event.type) {
    case "coupon.granted": {
      const coupon = await merchant.getMemberCoupon(event.memberId, event.couponId);
      if (!coupon) return "unknown_coupon";
      // By coupon, not by event: two events about one coupon, or the birthday job's own grant, make one message.
      const deliveryId = couponMessageId(coupon.couponId);
      const notice = await outbox.push({
        id: deliveryId,
        kind: couponMessageKind(coupon.kind),
        to: lineUserId,
        messages: [couponGrantedMessage(coupon, language, liffId)],
      });
      return { deliveryId, notice };
    }
    case "points.expiring": {
      const notice = await remindPointsExpiring({ db, outbox, liffId, now: Date.now(), language }, { ...event, lineUserId });
      return { deliveryId: pointsExpiringMessageId(event.memberId, event.batchId), notice };
    }
    case "order.status_changed":
    case "points.changed": {
      const deliveryId = `merchant-event:${event.eventId}`;
      const notice = await outbox.push({
        id: deliveryId,
        kind: event.type === "order.status_changed" ? "merchant_order_status" : "merchant_points_changed",
        to: lineUserId,
        messages: [merchantEventMessage(event, liffId, language)],
      });
      return { deliveryId, notice };
    }
  }
}

function parseJson(body: ArrayBuffer): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
}
