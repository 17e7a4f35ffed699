import { Hono } from "hono";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import {
  CouponDefinitionId,
  MemberId,
  OrderId,
  OrderStatus,
  ProductId,
  type MerchantEvent,
} from "../../../shared/merchant-contract.ts";
import { grantFromCatalogue } from "./coupons.ts";
import { badRequestBody, readJsonOrUndefined } from "../input.ts";
import type { MerchantDatabase } from "./database.ts";
import { newMerchantEventId, type HookDelivery, type MerchantEventSender } from "./merchant-events.ts";
import { changeOrderStatus, orderDetail, orderOwner } from "./orders.ts";
import {
  addLedgerEntry,
  expireDuePoints,
  expiringSoon,
  expiryBatchId,
  japanDate,
  ledgerOf,
  memberExists,
  pointBalance,
  pointsForPurchase,
  replayLedger,
} from "./points.ts";
import { seedTracking } from "./seed.ts";

// Dev controls for what a shop's back office does: change stock and prices (to show a reorder
// meeting an item out of stock, discontinued or dearer), move an order along (confirmed,
// shipped…), change points, grant a coupon from the shop's own campaign and warn of points
// about to expire, each sending the signed event the BFF turns into a LINE message.

const ProductChange = z
  .object({
    availability: z.enum(["available", "out_of_stock", "discontinued"]).optional(),
    priceYen: z.number().int().min(1).max(10_000_000).optional(),
  })
  .refine((change) => change.availability !== undefined || change.priceYen !== undefined, "give availability or priceYen");

const StatusChange = z.object({
  status: OrderStatus.exclude(["placed"]),
  carrier: z.string().min(1).max(64).optional(),
  trackingNumber: z.string().min(1).max(64).optional(),
  trackingUrl: z.url({ protocol: /^https$/ }).optional(),
});

const PointsChange = z
  .object({
    points: z
      .number()
      .int()
      .min(-1_000_000)
      .max(1_000_000)
      .refine((points) => points !== 0, "not zero"),
    kind: z.enum(["earned_in_store", "earned_online", "adjusted"]).default("adjusted"),
    note: z.string().min(1).max(200).optional(),
  })
  .refine((change) => change.kind === "adjusted" || change.points > 0, "only an adjustment takes points off");

const CouponGrant = z.object({ couponDefinitionId: CouponDefinitionId });

const HookEndpoint = z.object({ url: z.url({ protocol: /^https?$/ }).nullable() });

const ProductRow = z.object({
  productId: z.string(),
  name: z.string(),
  priceYen: z.number().int(),
  availability: z.string(),
});

export interface CommerceDevRoutesDependencies {
  db: MerchantDatabase;
  events: MerchantEventSender;
}

export function commerceDevRoutes({ db, events }: CommerceDevRoutesDependencies) {
  const now = () => new Date().toISOString();
  const pointsEvent = (
    memberId: string,
    kind: Extract<MerchantEvent, { type: "points.changed" }>["kind"],
    points: number,
    note: string | null,
  ) =>
    events.send({
      type: "points.changed",
      eventId: newMerchantEventId(),
      occurredAt: now(),
      memberId,
      kind,
      points,
      balance: pointBalance(db, memberId) ?? 0,
      note,
    });

  return new Hono()
    .get("/hook-endpoint", (c) => c.json({ url: events.url, signing: events.signing }, 200))
    .post("/hook-endpoint", async (c) => {
      const request = HookEndpoint.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      events.setUrl(request.data.url);
      return c.json({ url: events.url, signing: events.signing }, 200);
    })
    .get("/events", (c) => c.json({ deliveries: events.deliveries }, 200))
    .post("/events/:eventId/redeliver", async (c) => {
      const delivery = await events.redeliver(c.req.param("eventId"));
      if (delivery === null) return c.json(errorBody("not_found", "No event with this id was sent"), 404);
      return c.json(delivery, 200);
    })
    .post("/products/:productId", async (c) => {
      const productId = ProductId.safeParse(c.req.param("productId"));
      const change = ProductChange.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!change.success) return c.json(badRequestBody(change.error), 400);
      const changed = productId.success
        ? db.run(
            "UPDATE products SET price_yen = COALESCE(?, price_yen), availability = COALESCE(?, availability) WHERE product_id = ?",
            [change.data.priceYen ?? null, change.data.availability ?? null, productId.data],
          )
        : 0;
      if (changed === 0) return c.json(errorBody("not_found", "No such product"), 404);
      const product = db.row(
        "SELECT product_id AS productId, name, price_yen AS priceYen, availability FROM products WHERE product_id = ?",
        [productId.data!],
        ProductRow,
      );
      return c.json(product, 200);
    })
    .post("/orders/:orderId/status", async (c) => {
      const orderId = OrderId.safeParse(c.req.param("orderId"));
      const change = StatusChange.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!change.success) return c.json(badRequestBody(change.error), 400);
      const memberId = orderId.success ? orderOwner(db, orderId.data) : null;
      if (memberId === null) return c.json(errorBody("not_found", "No such order"), 404);
      const before = orderDetail(db, memberId, orderId.data!)!;
      const shippedDelivery = change.data.status === "shipped" && before.fulfilment.type === "delivery";
      const tracking = shippedDelivery ? { ...seedTracking(before.orderId), ...change.data } : change.data;
      changeOrderStatus(db, before.orderId, {
        status: change.data.status,
        carrier: tracking.carrier,
        trackingNumber: tracking.trackingNumber,
        trackingUrl: change.data.trackingUrl,
      });
      const order = orderDetail(db, memberId, before.orderId)!;

      const deliveries: HookDelivery[] = [
        await events.send({
          type: "order.status_changed",
          eventId: newMerchantEventId(),
          occurredAt: order.statusChangedAt,
          memberId,
          orderId: order.orderId,
          orderNumber: order.orderNumber,
          status: change.data.status,
          carrier: order.fulfilment.type === "delivery" ? order.fulfilment.carrier : null,
          trackingNumber: order.fulfilment.type === "delivery" ? order.fulfilment.trackingNumber : null,
        }),
      ];
      // Points are earned when an order is in the customer's hands, once per order.
      const alreadyEarned = db.row(
        "SELECT 1 AS found FROM point_transactions WHERE order_id = ? AND reason = 'purchase' AND note IS NULL",
        [order.orderId],
        z.object({ found: z.number() }),
      );
      const earned =
        change.data.status === "delivered" && !alreadyEarned ? pointsForPurchase(db, memberId, order.totalYen) : null;
      if (earned) {
        addLedgerEntry(db, {
          memberId,
          points: earned,
          reason: "purchase",
          orderId: order.orderId,
          storeId: order.fulfilment.type === "pickup" ? order.fulfilment.storeId : "store_online",
        });
        deliveries.push(
          await pointsEvent(memberId, order.fulfilment.type === "pickup" ? "earned_in_store" : "earned_online", earned, null),
        );
      }
      return c.json({ order, deliveries }, 200);
    })
    .post("/members/:memberId/points-event", async (c) => {
      const memberId = MemberId.safeParse(c.req.param("memberId"));
      const change = PointsChange.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!change.success) return c.json(badRequestBody(change.error), 400);
      if (!memberId.success || !memberExists(db, memberId.data)) return c.json(errorBody("not_found", "No such member"), 404);
      const { points, kind, note = null } = change.data;
      expireDuePoints(db, memberId.data);
      if ((pointBalance(db, memberId.data) ?? 0) + points < 0) {
        return c.json(errorBody("insufficient_points", "The balance cannot go below zero"), 422);
      }
      addLedgerEntry(db, {
        memberId: memberId.data,
        points,
        reason: kind === "adjusted" ? "adjustment" : "purchase",
        storeId: kind === "earned_online" ? "store_online" : kind === "earned_in_store" ? "store_shibuya" : null,
        note,
      });
      const delivery = await pointsEvent(memberId.data, kind, points, note);
      return c.json({ balance: pointBalance(db, memberId.data), delivery }, 200);
    })
    .post("/members/:memberId/coupon-grants", async (c) => {
      const memberId = MemberId.safeParse(c.req.param("memberId"));
      const grant = CouponGrant.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!grant.success) return c.json(badRequestBody(grant.error), 400);
      if (!memberId.success || !memberExists(db, memberId.data)) return c.json(errorBody("not_found", "No such member"), 404);
      const couponId = grantFromCatalogue(db, memberId.data, grant.data.couponDefinitionId);
      if (couponId === null) return c.json(errorBody("not_found", "No such coupon in the catalogue"), 404);
      const delivery = await events.send({
        type: "coupon.granted",
        eventId: newMerchantEventId(),
        occurredAt: now(),
        memberId: memberId.data,
        couponId,
      });
      return c.json({ couponId, delivery }, 200);
    })
    .post("/members/:memberId/points-expiring-event", async (c) => {
      // What the shop's nightly run would send some days ahead: the soonest batch within 60 days.
      const memberId = MemberId.safeParse(c.req.param("memberId"));
      if (!memberId.success || !memberExists(db, memberId.data)) return c.json(errorBody("not_found", "No such member"), 404);
      const [soonest] = expiringSoon(replayLedger(ledgerOf(db, memberId.data)), japanDate(new Date()));
      if (!soonest) return c.json(errorBody("not_found", "None of this member's points expire within 60 days"), 404);
      const delivery = await events.send({
        type: "points.expiring",
        eventId: newMerchantEventId(),
        occurredAt: now(),
        memberId: memberId.data,
        points: soonest.points,
        expiresOn: soonest.expiresOn,
        batchId: expiryBatchId(soonest.expiresOn),
      });
      return c.json({ expiring: soonest, delivery }, 200);
    });
}
