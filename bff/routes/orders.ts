import { Hono, type Context } from "hono";
import {
  IdempotencyHeaders,
  OrderDetailResponse,
  OrderParams,
  PageQuery,
  PlaceOrderRequest,
  PlacedOrderResponse,
  ReorderPreviewQuery,
  readReorderItemsQuery,
  type OrdersResponse,
  type ReorderPreviewResponse,
} from "../../shared/api.ts";
import { errorBody } from "../../shared/errors.ts";
import type { OrderDetail, ReorderPreview, ReorderPreviewRequest } from "../../shared/merchant-contract.ts";
import type { AppEnv } from "../env.ts";
import { withIdempotency } from "../lib/idempotency.ts";
import { recordAppPlacement } from "../console/dashboard.ts";
import { refuse } from "../lib/refuse.ts";
import { languageOf } from "../lib/user-language.ts";
import { validate } from "../lib/validate.ts";
import { liffAuth } from "../middleware/liff-auth.ts";
import { requireMember } from "../middleware/require-member.ts";
import { orderConfirmationMessage, orderServiceParams } from "../orders/messages.ts";
import { withTrackingUrl } from "../orders/tracking.ts";
import { publicNotice } from "../delivery/outbox.ts";
import { keepServiceToken } from "../delivery/service-messages.ts";
import { besideAction, recordPurchase, scenarioDependenciesOf } from "../console/scenarios.ts";
import { merchantIdempotencyKey } from "../merchant/idempotency-key.ts";

const PLACE_ORDER_SCOPE = "orders.create";

/**
 * The app's view of an order, once the BFF has made sure it is the caller's: a merchant that
 * ignored the member in the path must still not hand out someone else's order.
 */
function ownOrder(
  c: Context<AppEnv>,
  operation: "getOrder" | "createOrder",
  order: OrderDetail | null,
  memberId: string,
): OrderDetailResponse | null {
  if (!order) return null;
  if (order.memberId !== memberId) {
    c.get("log").error("merchant answered with another member's order", { operation });
    return null;
  }
  const { memberId: _owner, fulfilment, ...view } = order;
  return { ...view, fulfilment: withTrackingUrl(fulfilment) };
}

/**
 * Whether the preview is for the quantities asked. A merchant from before the preview took a
 * body answers for the source order as it was: its charges and amount to pay would then be
 * for another order, so the app is not shown them.
 */
function previewMatches(preview: ReorderPreview, asked: ReorderPreviewRequest["items"]): boolean {
  if (!asked) return true;
  const answered = new Map(preview.items.map((item) => [item.productId, item.quantity]));
  return answered.size === asked.length && asked.every((item) => answered.get(item.productId) === item.quantity);
}

const noSuchOrder = (c: Context<AppEnv>) => refuse(c, 404, "not_found", "No such order");

/** Records the LINE confirmation in the outbox, once per order however often it was placed. */
async function recordOrderConfirmation(c: Context<AppEnv>, order: OrderDetailResponse) {
  const subject = `order:${order.orderId}`;
  await keepServiceToken(c, "order_confirmation", subject);
  const to = c.get("lineUserId");
  const notice = await c.get("outbox").push({
    id: `${subject}:confirmation`,
    kind: "order_confirmation",
    to,
    messages: [orderConfirmationMessage(order, c.env.LIFF_ID, await languageOf(c.env.DB, to))],
    subject,
    service: { params: orderServiceParams(order) },
  });
  return publicNotice(notice);
}

/** Orders: the member's list and detail, a reorder preview at today's prices, and placing an order once per key. */
export const ordersRoutes = new Hono<AppEnv>()
  .use(liffAuth())
  .get("/", validate("query", PageQuery), requireMember(), async (c) => {
    const page = await c.get("merchant").listOrders(c.get("memberId"), c.req.valid("query"));
    if (!page) return refuse(c, 404, "not_linked", "This membership no longer exists");
    if ("invalidCursor" in page) return refuse(c, 400, "bad_request", "The cursor is not valid: start from the first page");
    c.header("cache-control", "no-store");
    const body: OrdersResponse = page;
    return c.json(body, 200);
  })
  .get("/:orderId", validate("param", OrderParams), requireMember(), async (c) => {
    const memberId = c.get("memberId");
    const order = ownOrder(c, "getOrder", await c.get("merchant").getOrder(memberId, c.req.valid("param").orderId), memberId);
    if (!order) return noSuchOrder(c);
    c.header("cache-control", "no-store");
    return c.json(order, 200);
  })
  .get(
    "/:orderId/reorder-preview",
    validate("param", OrderParams),
    validate("query", ReorderPreviewQuery),
    requireMember(),
    async (c) => {
      const memberId = c.get("memberId");
      const query = c.req.valid("query").items;
      const items = query === undefined ? undefined : readReorderItemsQuery(query);
      const preview = await c.get("merchant").previewReorder(memberId, c.req.valid("param").orderId, items);
      if (!preview || preview.memberId !== memberId) return noSuchOrder(c);
      const { memberId: _owner, charges, payableYen, ...view } = preview;
      const quoted = previewMatches(preview, items);
      if (!quoted) c.get("log").warn("merchant previewed other quantities than asked", { operation: "previewReorder" });
      const body: ReorderPreviewResponse = quoted ? { ...view, charges, payableYen } : view;
      c.header("cache-control", "no-store");
      return c.json(body, 200);
    },
  )
  .post("/", validate("header", IdempotencyHeaders), validate("json", PlaceOrderRequest), async (c) => {
    const key = c.req.valid("header")["idempotency-key"];
    const request = c.req.valid("json");
    const lineUserId = c.get("lineUserId");

    // Before anything else: a repeat is answered from D1 without calling the merchant.
    const scope = { scope: PLACE_ORDER_SCOPE, subject: lineUserId, key };
    const firstAnswer = { schema: PlacedOrderResponse, status: 201, what: "order" } as const;
    return withIdempotency(c, scope, request, firstAnswer, async (keep) => {
      const merchant = c.get("merchant");
      const link = await merchant.getLineLink(lineUserId);
      if (!link) return refuse(c, 404, "not_linked", "Link a membership to order");
      // The merchant gets the same key: if it placed the order but its answer was lost, a retry
      // through here (a throw releases the key) gets its first answer instead of a second order.
      const placed = await merchant.createOrder(link.memberId, request, await merchantIdempotencyKey(lineUserId, key));
      // Refusals are not kept: after the customer edits the order, the same key may try again.
      if (!placed) return noSuchOrder(c);
      if ("refused" in placed) {
        const { refused, message, unavailableItems } = placed;
        if (refused === "items_unavailable") {
          return c.json(errorBody(refused, message, { requestId: c.get("requestId"), unavailableItems }), 422);
        }
        return refuse(c, 422, refused, message);
      }
      const order = ownOrder(c, "createOrder", placed, link.memberId);
      if (!order) throw new Error("the merchant placed an order for another member");
      await recordAppPlacement(c.env.DB, { kind: "order", refId: order.orderId });
      // Recorded before the answer is kept: a Worker that dies after this still sends it.
      const body: PlacedOrderResponse = { ...order, lineNotice: await recordOrderConfirmation(c, order) };
      await besideAction(c.get("log"), "order", () =>
        recordPurchase(scenarioDependenciesOf(c), {
          lineUserId,
          memberId: link.memberId,
          orderId: order.orderId,
          orderedAt: Date.parse(order.orderedAt),
        }),
      );
      await keep(body);
      c.get("log").info("order placed", { items: order.items.length, reorder: request.sourceOrderId !== undefined });
      return c.json(body, 201);
    });
  });
