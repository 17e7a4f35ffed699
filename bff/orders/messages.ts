import type { messagingApi } from "@line/bot-sdk";
import type { Language, OrderDetailResponse } from "../../shared/api.ts";
import { bubble, formatYen, liffUrl } from "../line/flex.ts";
import { displayText } from "../line/message-limits.ts";

/** Item rows beyond this are summed up in one line, keeping the bubble well under LINE's size limit. */
const MAX_ITEM_ROWS = 8;
/** Product and store names from the merchant can be any length; a row shows this much. */
const MAX_NAME_CHARS = 80;

/** The confirmation's words in each language; the merchant's names and the amounts are filled in. */
const texts = {
  ja: {
    button: "注文を確認",
    title: "ご注文ありがとうございます",
    altText: (total: string) => `ご注文を承りました（合計 ${total}）`,
    orderNumber: (orderNumber: string) => `注文番号 ${orderNumber}`,
    delivery: "お届け: ご登録の住所へ配送",
    pickup: (store: string) => `お受け取り: ${store}`,
    more: (count: number) => `ほか ${count} 点`,
    subtotal: "商品合計",
    deliveryFee: "送料",
    free: "無料",
    total: "合計（税込）",
  },
  en: {
    button: "View order",
    title: "Thank you for your order",
    altText: (total: string) => `Order received (total ${total})`,
    orderNumber: (orderNumber: string) => `Order number ${orderNumber}`,
    delivery: "Delivery to your registered address",
    pickup: (store: string) => `Pickup at ${store}`,
    more: (count: number) => (count === 1 ? "and 1 more item" : `and ${count} more items`),
    subtotal: "Items",
    deliveryFee: "Delivery",
    free: "Free",
    total: "Total (tax included)",
  },
} satisfies Record<Language, unknown>;

/** Opens the order's screen in the app. */
export const orderButton = (liffId: string, orderId: string, language: Language): messagingApi.Action => ({
  type: "uri",
  label: texts[language].button,
  uri: liffUrl(liffId, `orders/${encodeURIComponent(orderId)}`),
});

function fulfilmentLine(order: OrderDetailResponse, language: Language): string {
  return order.fulfilment.type === "delivery"
    ? texts[language].delivery
    : texts[language].pickup(displayText(order.fulfilment.storeName, MAX_NAME_CHARS));
}

/** What the member pays: the merchant's amount with its charges, or the items' total when it quoted none. */
const amountToPay = (order: OrderDetailResponse) => order.payableYen ?? order.totalYen;

/** A charge as the receipt shows it: ¥550, −¥162, or "free" for a waived delivery fee. */
function chargeAmount(amountYen: number, language: Language): string {
  if (amountYen === 0) return texts[language].free;
  return amountYen < 0 ? `−${formatYen(-amountYen)}` : formatYen(amountYen);
}

/** The order confirmation after placing an order in the app: items, charges, total and a link back to the order. */
export function orderConfirmationMessage(order: OrderDetailResponse, liffId: string, language: Language): messagingApi.Message {
  const words = texts[language];
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
    language,
    altText: words.altText(formatYen(amountToPay(order))),
    title: words.title,
    lines: [words.orderNumber(displayText(order.orderNumber, MAX_NAME_CHARS)), fulfilmentLine(order, language)],
    extra: [
      { type: "separator" },
      ...shown.map((item) => row(`${displayText(item.name, MAX_NAME_CHARS)} × ${item.quantity}`, formatYen(item.lineTotalYen))),
      ...(hidden > 0 ? [{ type: "text" as const, text: words.more(hidden), size: "sm", color: "#888888" }] : []),
      { type: "separator" },
      ...(order.charges?.length
        ? [
            row(words.subtotal, formatYen(order.totalYen)),
            ...order.charges.map((charge) =>
              row(
                charge.kind === "delivery_fee" ? words.deliveryFee : displayText(charge.label, MAX_NAME_CHARS),
                chargeAmount(charge.amountYen, language),
              ),
            ),
          ]
        : []),
      row(words.total, formatYen(amountToPay(order)), true),
    ],
    buttons: [orderButton(liffId, order.orderId, language)],
  });
}

/** The parameters of an order confirmation sent as a LINE MINI App service message: order number and total. */
export function orderServiceParams(order: OrderDetailResponse): Record<string, string> {
  return { order_number: displayText(order.orderNumber, MAX_NAME_CHARS), total: formatYen(amountToPay(order)) };
}
