import { Hono } from "hono";
import { z } from "zod";
import { errorBody } from "../../shared/errors.ts";
import {
  MemberId,
  MemberPageLimit,
  OrderDetail,
  OrderId,
  OrderPage,
  PageCursor,
  type OrderCharge,
  type OrderStatus,
  type OrderSummary,
} from "../../shared/merchant-contract.ts";
import { answer, notFound, validParams, validQuery } from "./http.ts";
import type { ShopifyClient } from "./shopify-client.ts";
import {
  customerGid,
  MEMBER_ORDER,
  MEMBER_ORDERS,
  orderGid,
  type ShopifyOrderDetail,
  type ShopifyOrderSummary,
} from "./shopify-documents.ts";

// A member's orders are the Shopify orders of their customer. Every read is scoped to the member
// in the path twice over: the search asks Shopify for that customer's orders only, and each order
// answered is checked to be theirs, so someone else's order is "no such order" (404), never shown.
//
// Mapping: the order id is Shopify's numeric order id; the order number is the digits of the
// order's name (#1001 → 1001); every order is a delivery (the shipping address, the carrier and
// tracking of the first fulfilment); amounts are in the shop's currency, which must be JPY.

const DEFAULT_PAGE_SIZE = 10;
/** Kept small: a page's query cost grows with it (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits). */
const MAX_PAGE_SIZE = 25;
const MemberParams = z.object({ memberId: MemberId });
const OrderParams = z.object({ memberId: MemberId, orderId: OrderId });
const PageQuery = z.object({ cursor: PageCursor.optional(), limit: MemberPageLimit.optional() });
const NUMERIC_ID = /^\d{1,20}$/;
// Our cursors wrap Shopify's, so a cursor made up by a caller is refused here, not sent on.
const CURSOR_PREFIX = "s.";

function yen(money: { shopMoney: { amount: string; currencyCode: string } }): number {
  if (money.shopMoney.currencyCode !== "JPY") throw new Error(`the shop's currency is ${money.shopMoney.currencyCode}, not JPY`);
  return Math.round(Number(money.shopMoney.amount));
}

const orderNumber = (name: string, fallback: string) => name.replace(/\D/g, "").slice(0, 16) || fallback.slice(0, 16);

/** https://shopify.dev/docs/api/admin-graphql/latest/enums/OrderDisplayFulfillmentStatus and FulfillmentDisplayStatus */
export function orderStatus(order: ShopifyOrderSummary | ShopifyOrderDetail): OrderStatus {
  if (order.cancelledAt !== null) return "cancelled";
  if (order.fulfillments.some((fulfillment) => fulfillment.displayStatus === "DELIVERED")) return "delivered";
  if (order.displayFulfillmentStatus === "FULFILLED" || order.displayFulfillmentStatus === "PARTIALLY_FULFILLED")
    return "shipped";
  return order.displayFinancialStatus === "PENDING" ? "placed" : "confirmed";
}

function summary(order: ShopifyOrderSummary): OrderSummary {
  const payableYen = yen(order.currentTotalPriceSet);
  return {
    orderId: order.legacyResourceId,
    orderNumber: orderNumber(order.name, order.legacyResourceId),
    orderedAt: order.processedAt,
    status: orderStatus(order),
    // The list reads no lines (their cost): the items are the total less shipping.
    totalYen: Math.max(0, payableYen - yen(order.currentShippingPriceSet)),
    itemCount: order.currentSubtotalLineItemsQuantity,
    firstItemName: order.lineItems.nodes[0]?.title ?? null,
    fulfilmentType: "delivery",
    storeName: null,
    payableYen,
  };
}

const numericPart = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

function detail(order: ShopifyOrderDetail, memberId: string): OrderDetail {
  const items = order.lineItems.nodes.map((line) => ({
    // The variant is what a customer orders again; a deleted one leaves the line's own id.
    productId: numericPart(line.variant?.id ?? line.id),
    name: line.title,
    quantity: line.quantity,
    unitPriceYen: yen(line.originalUnitPriceSet),
    lineTotalYen: yen(line.discountedTotalSet),
  }));
  const totalYen = items.reduce((sum, item) => sum + item.lineTotalYen, 0);
  const shippingYen = yen(order.currentShippingPriceSet);
  const payableYen = yen(order.currentTotalPriceSet);
  const charges: OrderCharge[] = [{ kind: "delivery_fee", label: "送料", amountYen: shippingYen }];
  // Order-level discounts (and taxes added on top, in shops that do not include them) close the gap to Shopify's total.
  const rest = payableYen - totalYen - shippingYen;
  if (rest !== 0) charges.push({ kind: rest < 0 ? "discount" : "fee", label: rest < 0 ? "割引" : "税・手数料", amountYen: rest });
  const tracking = order.fulfillments.flatMap((fulfillment) => fulfillment.trackingInfo)[0];
  return {
    orderId: order.legacyResourceId,
    orderNumber: orderNumber(order.name, order.legacyResourceId),
    memberId,
    orderedAt: order.processedAt,
    status: orderStatus(order),
    statusChangedAt: order.cancelledAt ?? order.updatedAt,
    items,
    totalYen,
    fulfilment: {
      type: "delivery",
      address: order.shippingAddress?.formatted.join(" ") || null,
      carrier: tracking?.company ?? null,
      trackingNumber: tracking?.number ?? null,
      trackingUrl: tracking?.url?.startsWith("https://") ? tracking.url : null,
    },
    sourceOrderId: null,
    sourceOrderNumber: null,
    charges,
    payableYen,
  };
}

/** GET /v1/members/:memberId/orders and GET /v1/members/:memberId/orders/:orderId */
export function orderRoutes(shopify: ShopifyClient) {
  return new Hono()
    .get("/:memberId/orders", validParams(MemberParams), validQuery(PageQuery), async (c) => {
      const { memberId } = c.req.valid("param");
      const { cursor, limit = DEFAULT_PAGE_SIZE } = c.req.valid("query");
      if (cursor !== undefined && !cursor.startsWith(CURSOR_PREFIX)) {
        return c.json(errorBody("bad_request", "The cursor is not one this adapter issued"), 400);
      }
      if (!NUMERIC_ID.test(memberId)) return notFound(c, "No such member");
      const data = await shopify.request(
        MEMBER_ORDERS.name,
        MEMBER_ORDERS.query,
        {
          customerId: customerGid(memberId),
          search: `customer_id:${memberId}`,
          first: Math.min(limit, MAX_PAGE_SIZE),
          after: cursor === undefined ? null : cursor.slice(CURSOR_PREFIX.length),
        },
        MEMBER_ORDERS.data,
      );
      if (data.customer === null) return notFound(c, "No such member");
      const { nodes, pageInfo } = data.orders;
      const page: OrderPage = {
        orders: nodes.filter((order) => order.customer?.id === customerGid(memberId)).map(summary),
        nextCursor: pageInfo.hasNextPage && pageInfo.endCursor ? `${CURSOR_PREFIX}${pageInfo.endCursor}` : null,
      };
      return answer(c, OrderPage, page, 200);
    })
    .get("/:memberId/orders/:orderId", validParams(OrderParams), async (c) => {
      const { memberId, orderId } = c.req.valid("param");
      if (!NUMERIC_ID.test(memberId) || !NUMERIC_ID.test(orderId)) return notFound(c, "No such order for this member");
      const { order } = await shopify.request(
        MEMBER_ORDER.name,
        MEMBER_ORDER.query,
        { id: orderGid(orderId) },
        MEMBER_ORDER.data,
      );
      if (order === null || order.customer?.id !== customerGid(memberId)) return notFound(c, "No such order for this member");
      return answer(c, OrderDetail, detail(order, memberId), 200);
    });
}
