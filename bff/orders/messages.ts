import type { messagingApi } from "@line/bot-sdk";
import type { OrderDetailResponse } from "../../shared/api.ts";
import { bubble, formatYen, liffUrl } from "../line/flex.ts";
import { displayText } from "../line/message-limits.ts";

/** Item rows beyond this are summed up in one line, keeping the bubble well under LINE's size limit. */
const MAX_ITEM_ROWS = 8;
/** Product and store names from the merchant can be any length; a row shows this much. */
const MAX_NAME_CHARS = 80;

/** Opens the order's screen in the app. */
export const orderButton = (liffId: string, orderId: string): messagingApi.Action => ({
  type: "uri",
  label: "注文を確認",
  uri: liffUrl(liffId, `orders/${encodeURIComponent(orderId)}`),
});

function fulfilmentLine(order: OrderDetailResponse): string {
  return order.fulfilment.type === "delivery"
    ? "お届け: ご登録の住所へ配送 (Delivery to your address)"
    : `お受け取り: ${displayText(order.fulfilment.storeName, MAX_NAME_CHARS)} (Pickup)`;
}

/** The order confirmation after placing an order in the app: items, total and a link back to the order. */
export function orderConfirmationMessage(order: OrderDetailResponse, liffId: string): messagingApi.Message {
  const shown = order.items.slice(0, MAX_ITEM_ROWS);
  const hidden = order.items.length - shown.length;
  const row = (left: string, right: string, bold = false): messagingApi.FlexBox => ({
    type: "box",
    layout: "horizontal",
    spacing: "sm",
    contents: [
      {
        type: "text",
        text: displayText(left, MAX_NAME_CHARS + 20),
        size: "sm",
        wrap: true,
        flex: 5,
        ...(bold ? { weight: "bold" } : {}),
      },
      { type: "text", text: displayText(right, 40), size: "sm", align: "end", flex: 2, ...(bold ? { weight: "bold" } : {}) },
    ],
  });
  return bubble({
    altText: `ご注文を承りました（合計 ${formatYen(order.totalYen)}）`,
    title: "ご注文ありがとうございます",
    lines: [`注文番号 ${displayText(order.orderId, MAX_NAME_CHARS)}`, fulfilmentLine(order), "Thank you for your order."],
    extra: [
      { type: "separator" },
      ...shown.map((item) => row(`${displayText(item.name, MAX_NAME_CHARS)} × ${item.quantity}`, formatYen(item.lineTotalYen))),
      ...(hidden > 0 ? [{ type: "text" as const, text: `ほか ${hidden} 点`, size: "sm", color: "#888888" }] : []),
      { type: "separator" },
      row("合計（税込）", formatYen(order.totalYen), true),
    ],
    buttons: [orderButton(liffId, order.orderId)],
  });
}

/** The parameters of an order confirmation sent as a LINE MINI App service message: order number and total. */
export function orderServiceParams(order: OrderDetailResponse): Record<string, string> {
  return { order_number: displayText(order.orderId, MAX_NAME_CHARS), total: formatYen(order.totalYen) };
}
