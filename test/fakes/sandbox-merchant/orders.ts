import { Hono } from "hono";
import { z } from "zod";
import { errorBody, type UnavailableItem } from "../../../shared/errors.ts";
import {
  CreateOrderRequest,
  MemberId,
  MemberPageLimit,
  OrderCharge,
  OrderId,
  PageCursor,
  PaymentMethod,
  ReorderPreviewRequest,
  type CreateOrderRequest as CreateOrderRequestType,
  type OrderDetail,
  type OrderPage,
  type OrderStatus,
  type ReorderPreview,
} from "../../../shared/merchant-contract.ts";
import { badRequestBody } from "../input.ts";
import type { MerchantDatabase } from "./database.ts";
import { once, readIdempotencyKey, type StoredAnswer } from "./idempotency.ts";
import { nextNumber } from "./numbers.ts";
import { decodeCursor, encodeCursor, memberExists } from "./points.ts";
import { validJsonBody, validPathParams, validQuery } from "./validation.ts";

// Orders as a shop's order system keeps them: every read is scoped to the member in the path,
// so an order of someone else's is "no such order" (404), never "forbidden", which would say
// that it exists. Prices are copied onto order lines; a reorder uses today's.
//
// The shop's charges, as a real one might have them: delivery costs ¥550 below ¥5,000 of items
// and nothing from there; gold members get 5% off the items. Deliveries are paid by the card on
// file, pickups at the counter, ready two hours after ordering within the shops' hours.

const DEFAULT_PAGE_SIZE = 20;
const MemberParams = z.object({ memberId: MemberId });
const OrderParams = z.object({ memberId: MemberId, orderId: OrderId });
const PageQuery = z.object({ cursor: PageCursor.optional(), limit: MemberPageLimit.optional() });
const OrderCursor = z.tuple([z.string(), z.string()]);

export const DELIVERY_FEE_YEN = 550;
export const FREE_DELIVERY_FROM_YEN = 5000;
const GOLD_DISCOUNT_PERCENT = 5;
const CARD_ON_FILE = { kind: "card", label: "VISA •••• 4242" } as const satisfies PaymentMethod;
const PAY_AT_STORE = { kind: "pay_at_store", label: null } as const satisfies PaymentMethod;
const PICKUP_LEAD_MS = 2 * 3_600_000;
const SHOP_OPENS_HOUR_JST = 10;
const SHOP_CLOSES_HOUR_JST = 19;
const JST_OFFSET_MS = 9 * 3_600_000;

/** The fees and discounts on an order of this much, for this member and way of fulfilment. */
function chargesFor(db: MerchantDatabase, memberId: string, fulfilment: "delivery" | "pickup", itemsYen: number) {
  const rank = db.row("SELECT rank_code AS rank FROM members WHERE member_id = ?", [memberId], z.object({ rank: z.string() }));
  const charges: OrderCharge[] = [];
  if (fulfilment === "delivery") {
    charges.push({ kind: "delivery_fee", label: "送料", amountYen: itemsYen >= FREE_DELIVERY_FROM_YEN ? 0 : DELIVERY_FEE_YEN });
  }
  if (rank?.rank === "gold" && itemsYen > 0) {
    const discount = Math.floor((itemsYen * GOLD_DISCOUNT_PERCENT) / 100);
    charges.push({ kind: "discount", label: `ゴールド会員割引 ${GOLD_DISCOUNT_PERCENT}%`, amountYen: -discount });
  }
  return { charges, payableYen: payable(itemsYen, charges) };
}

/** Two hours from now, moved into the shops' opening hours (Japan time), on the hour or half hour. */
export function pickupReadyAt(now: Date): string {
  const half = 30 * 60_000;
  const ready = new Date(Math.ceil((now.getTime() + PICKUP_LEAD_MS) / half) * half);
  const local = new Date(ready.getTime() + JST_OFFSET_MS);
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
  if (hour >= SHOP_OPENS_HOUR_JST && hour <= SHOP_CLOSES_HOUR_JST - 1) return ready.toISOString();
  // Before opening: an hour after opening that day; after closing: an hour after opening the next day.
  const day =
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) + (hour < SHOP_OPENS_HOUR_JST ? 0 : 86_400_000);
  return new Date(day + (SHOP_OPENS_HOUR_JST + 1) * 3_600_000 - JST_OFFSET_MS).toISOString();
}

const OrderRow = z.object({
  orderId: z.string(),
  orderNumber: z.string(),
  memberId: z.string(),
  orderedAt: z.string(),
  status: z.enum(["placed", "confirmed", "shipped", "ready_for_pickup", "delivered", "cancelled"]),
  statusChangedAt: z.string(),
  fulfilment: z.enum(["delivery", "pickup"]),
  deliveryAddress: z.string().nullable(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  sourceOrderId: z.string().nullable(),
  sourceOrderNumber: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  chargesJson: z.string().nullable(),
  paymentJson: z.string().nullable(),
  storeId: z.string(),
  storeName: z.string(),
});

const ItemRow = z.object({
  productId: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPriceYen: z.number().int(),
  priceToday: z.number().int(),
  availability: z.enum(["available", "out_of_stock", "discontinued"]),
});

function orderRow(db: MerchantDatabase, memberId: string, orderId: string) {
  return db.row(
    `SELECT o.order_id AS orderId, o.order_number AS orderNumber, o.member_id AS memberId, o.ordered_at AS orderedAt, o.status,
            o.status_changed_at AS statusChangedAt, o.fulfilment, o.delivery_address AS deliveryAddress,
            o.carrier, o.tracking_number AS trackingNumber, o.source_order_id AS sourceOrderId,
            (SELECT src.order_number FROM orders src WHERE src.order_id = o.source_order_id) AS sourceOrderNumber,
            o.tracking_url AS trackingUrl, o.charges_json AS chargesJson, o.payment_json AS paymentJson,
            stores.store_id AS storeId, stores.name AS storeName
     FROM orders o JOIN stores ON stores.store_id = o.store_id
     WHERE o.order_id = ? AND o.member_id = ?`,
    [orderId, memberId],
    OrderRow,
  );
}

function orderItems(db: MerchantDatabase, orderId: string) {
  return db.rows(
    `SELECT oi.product_id AS productId, p.name, oi.quantity, oi.unit_price_yen AS unitPriceYen,
            p.price_yen AS priceToday, p.availability
     FROM order_items oi JOIN products p ON p.product_id = oi.product_id
     WHERE oi.order_id = ? ORDER BY oi.line_number`,
    [orderId],
    ItemRow,
  );
}

/** One of the member's orders, or null when there is none by that id for this member. */
export function orderDetail(db: MerchantDatabase, memberId: string, orderId: string): OrderDetail | null {
  const order = orderRow(db, memberId, orderId);
  if (order === null) return null;
  const items = orderItems(db, orderId).map((item) => ({
    productId: item.productId,
    name: item.name,
    quantity: item.quantity,
    unitPriceYen: item.unitPriceYen,
    lineTotalYen: item.unitPriceYen * item.quantity,
  }));
  const totalYen = items.reduce((sum, item) => sum + item.lineTotalYen, 0);
  const charges = order.chargesJson === null ? null : z.array(OrderCharge).parse(JSON.parse(order.chargesJson));
  return {
    orderId: order.orderId,
    orderNumber: order.orderNumber,
    memberId: order.memberId,
    orderedAt: order.orderedAt,
    status: order.status,
    statusChangedAt: order.statusChangedAt,
    items,
    totalYen,
    fulfilment:
      order.fulfilment === "delivery"
        ? {
            type: "delivery",
            address: order.deliveryAddress,
            carrier: order.carrier,
            trackingNumber: order.trackingNumber,
            trackingUrl: order.trackingUrl,
          }
        : { type: "pickup", storeId: order.storeId, storeName: order.storeName },
    sourceOrderId: order.sourceOrderId,
    sourceOrderNumber: order.sourceOrderNumber,
    // Orders from before the shop quoted charges say nothing about them.
    ...(charges === null ? {} : { charges, payableYen: payable(totalYen, charges) }),
    ...(order.paymentJson === null ? {} : { paymentMethod: PaymentMethod.parse(JSON.parse(order.paymentJson)) }),
  };
}

const payable = (itemsYen: number, charges: readonly OrderCharge[]) =>
  Math.max(0, itemsYen + charges.reduce((sum, charge) => sum + charge.amountYen, 0));

/** The member an order belongs to (dev routes act on an order by id alone). */
export function orderOwner(db: MerchantDatabase, orderId: string): string | null {
  return (
    db.row("SELECT member_id AS memberId FROM orders WHERE order_id = ?", [orderId], z.object({ memberId: z.string() }))
      ?.memberId ?? null
  );
}

/** Moves an order to another status (the shop's back office; here the dev routes). */
export function changeOrderStatus(
  db: MerchantDatabase,
  orderId: string,
  change: { status: OrderStatus; carrier?: string | null; trackingNumber?: string | null; trackingUrl?: string | null },
): void {
  db.run(
    `UPDATE orders SET status = ?, status_changed_at = ?,
       carrier = COALESCE(?, carrier), tracking_number = COALESCE(?, tracking_number), tracking_url = COALESCE(?, tracking_url)
     WHERE order_id = ?`,
    [
      change.status,
      new Date().toISOString(),
      change.carrier ?? null,
      change.trackingNumber ?? null,
      change.trackingUrl ?? null,
      orderId,
    ],
  );
}

function reorderPreview(
  db: MerchantDatabase,
  memberId: string,
  orderId: string,
  wanted: ReorderPreviewRequest["items"],
): ReorderPreview | null {
  const order = orderRow(db, memberId, orderId);
  if (order === null) return null;
  const quantities = wanted && new Map(wanted.map((item) => [item.productId, item.quantity]));
  const items = orderItems(db, orderId).flatMap((item) => {
    const quantity = quantities ? quantities.get(item.productId) : item.quantity;
    if (quantity === undefined) return [];
    return [
      {
        productId: item.productId,
        name: item.name,
        quantity,
        previousUnitPriceYen: item.unitPriceYen,
        unitPriceYen: item.priceToday,
        lineTotalYen: item.availability === "available" ? item.priceToday * quantity : 0,
        availability: item.availability,
      },
    ];
  });
  const totalYen = items.reduce((sum, item) => sum + item.lineTotalYen, 0);
  const { charges, payableYen } = chargesFor(db, memberId, order.fulfilment, totalYen);
  const member = db.row(
    "SELECT address FROM members WHERE member_id = ?",
    [memberId],
    z.object({ address: z.string().nullable() }),
  );
  return {
    sourceOrderId: order.orderId,
    sourceOrderNumber: order.orderNumber,
    memberId,
    items,
    totalYen,
    fulfilment: order.fulfilment === "delivery" ? { type: "delivery" } : { type: "pickup", storeId: order.storeId },
    charges,
    payableYen,
    ...(order.fulfilment === "delivery"
      ? { paymentMethod: CARD_ON_FILE, deliveryAddress: member?.address ?? null }
      : { paymentMethod: PAY_AT_STORE, pickupStoreName: order.storeName, pickupReadyAt: pickupReadyAt(new Date()) }),
  };
}

const ProductRow = z.object({
  productId: z.string(),
  priceYen: z.number().int(),
  availability: z.enum(["available", "out_of_stock", "discontinued"]),
});

/** Places an order at today's prices; runs inside once()'s transaction, so checks and writes are atomic. */
function placeOrder(db: MerchantDatabase, memberId: string, request: CreateOrderRequestType): StoredAnswer {
  const member = db.row(
    "SELECT address FROM members WHERE member_id = ?",
    [memberId],
    z.object({ address: z.string().nullable() }),
  );
  if (member === null) return { status: 404, body: errorBody("not_found", "No such member") };
  if (request.sourceOrderId !== undefined && orderRow(db, memberId, request.sourceOrderId) === null) {
    return { status: 404, body: errorBody("not_found", "No such order to reorder") };
  }

  const lines = request.items.map((item) => ({
    ...item,
    product: db.row(
      "SELECT product_id AS productId, price_yen AS priceYen, availability FROM products WHERE product_id = ?",
      [item.productId],
      ProductRow,
    ),
  }));
  const unavailableItems: UnavailableItem[] = lines.flatMap(({ productId, product }) =>
    product?.availability === "available"
      ? []
      : [{ productId, availability: product?.availability === "out_of_stock" ? "out_of_stock" : "discontinued" }],
  );
  if (unavailableItems.length > 0) {
    return {
      status: 422,
      body: errorBody("items_unavailable", "Some items cannot be ordered now", { unavailableItems }),
    };
  }
  const totalYen = lines.reduce((sum, line) => sum + line.product!.priceYen * line.quantity, 0);
  if (request.expectedTotalYen !== undefined && request.expectedTotalYen !== totalYen) {
    return {
      status: 422,
      body: errorBody("price_changed", `Prices changed: the total is now ${totalYen} yen, not ${request.expectedTotalYen}`),
    };
  }

  const { charges, payableYen } = chargesFor(db, memberId, request.fulfilment.type, totalYen);
  if (request.expectedPayableYen !== undefined && request.expectedPayableYen !== payableYen) {
    return {
      status: 422,
      body: errorBody("price_changed", `The amount to pay is now ${payableYen} yen, not ${request.expectedPayableYen}`),
    };
  }

  let storeId = "store_online";
  if (request.fulfilment.type === "delivery" && member.address === null) {
    return { status: 422, body: errorBody("fulfilment_unavailable", "The merchant has no delivery address for this member") };
  }
  if (request.fulfilment.type === "pickup") {
    const shop = db.row(
      "SELECT store_id AS storeId FROM stores WHERE store_id = ? AND kind = 'shop'",
      [request.fulfilment.storeId],
      z.object({ storeId: z.string() }),
    );
    if (shop === null) return { status: 422, body: errorBody("fulfilment_unavailable", "Orders cannot be collected there") };
    storeId = shop.storeId;
  }

  // The next number in the shop's series; inside the transaction, so two orders cannot share one.
  const orderId = db.row(
    `SELECT printf('ord_%04d', COALESCE(MAX(CAST(substr(order_id, 5) AS INTEGER)), 0) + 1) AS orderId
     FROM orders WHERE order_id GLOB 'ord_[0-9]*'`,
    [],
    z.object({ orderId: z.string() }),
  )!.orderId;
  const orderNumber = nextNumber(db, "order");
  const now = new Date().toISOString();
  db.run(
    `INSERT INTO orders (order_id, order_number, member_id, store_id, ordered_at, status, status_changed_at, fulfilment,
       delivery_address, source_order_id, charges_json, payment_json)
     VALUES (?, ?, ?, ?, ?, 'placed', ?, ?, ?, ?, ?, ?)`,
    [
      orderId,
      orderNumber,
      memberId,
      storeId,
      now,
      now,
      request.fulfilment.type,
      request.fulfilment.type === "delivery" ? member.address : null,
      request.sourceOrderId ?? null,
      JSON.stringify(charges),
      JSON.stringify(request.fulfilment.type === "delivery" ? CARD_ON_FILE : PAY_AT_STORE),
    ],
  );
  lines.forEach((line, index) => {
    db.run("INSERT INTO order_items (order_id, line_number, product_id, quantity, unit_price_yen) VALUES (?, ?, ?, ?, ?)", [
      orderId,
      index + 1,
      line.productId,
      line.quantity,
      line.product!.priceYen,
    ]);
  });
  return { status: 201, body: orderDetail(db, memberId, orderId) };
}

const SummaryRow = z.object({
  orderId: z.string(),
  orderNumber: z.string(),
  orderedAt: z.string(),
  status: OrderRow.shape.status,
  fulfilment: z.enum(["delivery", "pickup"]),
  storeName: z.string(),
  totalYen: z.number().int().nullable(),
  itemCount: z.number().int().nullable(),
  firstItemName: z.string().nullable(),
  sourceOrderNumber: z.string().nullable(),
  chargesJson: z.string().nullable(),
});

/** The contract's order operations under /v1/members/:memberId/orders. */
export function orderRoutes(db: MerchantDatabase) {
  return new Hono()
    .get("/:memberId/orders", validPathParams(MemberParams), validQuery(PageQuery), (c) => {
      const { memberId } = c.req.valid("param");
      const { cursor, limit = DEFAULT_PAGE_SIZE } = c.req.valid("query");
      const after = cursor === undefined ? (["~", "~"] as const) : decodeCursor(cursor, OrderCursor);
      if (after === null) return c.json(errorBody("bad_request", "The cursor is not one this merchant issued"), 400);
      if (!memberExists(db, memberId)) return c.json(errorBody("not_found", "No such member"), 404);
      const rows = db.rows(
        `SELECT o.order_id AS orderId, o.order_number AS orderNumber, o.ordered_at AS orderedAt, o.status, o.fulfilment, stores.name AS storeName,
                (SELECT SUM(quantity * unit_price_yen) FROM order_items WHERE order_id = o.order_id) AS totalYen,
                (SELECT SUM(quantity) FROM order_items WHERE order_id = o.order_id) AS itemCount,
                (SELECT p.name FROM order_items oi JOIN products p ON p.product_id = oi.product_id
                  WHERE oi.order_id = o.order_id ORDER BY oi.line_number LIMIT 1) AS firstItemName,
                (SELECT src.order_number FROM orders src WHERE src.order_id = o.source_order_id) AS sourceOrderNumber,
                o.charges_json AS chargesJson
         FROM orders o JOIN stores ON stores.store_id = o.store_id
         WHERE o.member_id = ? AND (o.ordered_at < ? OR (o.ordered_at = ? AND o.order_id < ?))
         ORDER BY o.ordered_at DESC, o.order_id DESC LIMIT ?`,
        [memberId, after[0], after[0], after[1], limit + 1],
        SummaryRow,
      );
      const orders = rows.slice(0, limit);
      const last = orders[orders.length - 1];
      const page: OrderPage = {
        orders: orders.map((row) => ({
          orderId: row.orderId,
          orderNumber: row.orderNumber,
          orderedAt: row.orderedAt,
          status: row.status,
          totalYen: row.totalYen ?? 0,
          itemCount: row.itemCount ?? 0,
          firstItemName: row.firstItemName,
          fulfilmentType: row.fulfilment,
          storeName: row.fulfilment === "pickup" ? row.storeName : null,
          sourceOrderNumber: row.sourceOrderNumber,
          ...(row.chargesJson === null
            ? {}
            : { payableYen: payable(row.totalYen ?? 0, z.array(OrderCharge).parse(JSON.parse(row.chargesJson))) }),
        })),
        nextCursor: rows.length > limit && last ? encodeCursor([last.orderedAt, last.orderId]) : null,
      };
      return c.json(page, 200);
    })
    .get("/:memberId/orders/:orderId", validPathParams(OrderParams), (c) => {
      const { memberId, orderId } = c.req.valid("param");
      const order = orderDetail(db, memberId, orderId);
      if (order === null) return c.json(errorBody("not_found", "No such order"), 404);
      return c.json(order, 200);
    })
    .post("/:memberId/orders/:orderId/reorder-preview", validPathParams(OrderParams), async (c) => {
      const { memberId, orderId } = c.req.valid("param");
      // The body is optional: none (or an empty one) asks for the source order as it was.
      const text = await c.req.text();
      const request = ReorderPreviewRequest.safeParse(text.trim() === "" ? {} : parseJson(text));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      const preview = reorderPreview(db, memberId, orderId, request.data.items);
      if (preview === null) return c.json(errorBody("not_found", "No such order"), 404);
      return c.json(preview, 200);
    })
    .post("/:memberId/orders", validPathParams(MemberParams), validJsonBody(CreateOrderRequest), (c) => {
      const key = readIdempotencyKey(c.req.header("idempotency-key"));
      if (!key) return c.json(errorBody("bad_request", "An Idempotency-Key header is required"), 400);
      const { memberId } = c.req.valid("param");
      const request = c.req.valid("json");
      const answer = once(db, "createOrder", key, { memberId, request }, () => placeOrder(db, memberId, request));
      return c.json(answer.body as object, answer.status);
    });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
