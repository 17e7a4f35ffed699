import type { messagingApi } from "@line/bot-sdk";
import type { MerchantEvent } from "../../shared/merchant-contract.ts";
import { bubble, formatPoints, liffUrl } from "../line/flex.ts";
import { displayText } from "../line/message-limits.ts";
import { orderButton } from "../orders/messages.ts";

type OrderStatusChanged = Extract<MerchantEvent, { type: "order.status_changed" }>;
type PointsChanged = Extract<MerchantEvent, { type: "points.changed" }>;

/** Order ids, carriers and tracking numbers come from the merchant and can be any length. */
const MAX_FIELD_CHARS = 80;
/** A merchant's note on a points change; longer ones are cut with "…". */
const MAX_NOTE_CHARS = 500;

const orderTexts: Record<OrderStatusChanged["status"], { title: string; en: string }> = {
  confirmed: { title: "ご注文を確認しました", en: "We have confirmed your order." },
  shipped: { title: "ご注文の商品を発送しました", en: "Your order is on its way." },
  ready_for_pickup: { title: "お受け取りの準備ができました", en: "Your order is ready for pickup." },
  delivered: { title: "お届け・お受け取りが完了しました", en: "Your order has been delivered. Thank you!" },
  cancelled: { title: "ご注文をキャンセルしました", en: "Your order has been cancelled." },
};

function orderStatusMessage(event: OrderStatusChanged, liffId: string): messagingApi.Message {
  const { title, en } = orderTexts[event.status];
  const tracking = [
    ...(event.carrier ? [`配送業者: ${displayText(event.carrier, MAX_FIELD_CHARS)}`] : []),
    ...(event.trackingNumber ? [`お問い合わせ番号: ${displayText(event.trackingNumber, MAX_FIELD_CHARS)}`] : []),
  ];
  const orderId = displayText(event.orderId, MAX_FIELD_CHARS);
  return bubble({
    altText: `${title}（注文番号 ${orderId}）`,
    title,
    lines: [`注文番号 ${orderId}`, ...tracking, en],
    buttons: [orderButton(liffId, event.orderId)],
  });
}

function pointsTitle({ kind, points }: PointsChanged): { title: string; en: string } {
  const amount = formatPoints(Math.abs(points));
  switch (kind) {
    case "earned_in_store":
    case "earned_online":
      return { title: `${amount} を獲得しました`, en: `You earned ${amount}.` };
    case "signup_bonus":
      return { title: `入会ボーナス ${amount} を進呈しました`, en: `Welcome bonus: ${amount}.` };
    case "redeemed":
      return { title: `${amount} を利用しました`, en: `You used ${amount}.` };
    case "expired":
      return { title: `${amount} が有効期限切れになりました`, en: `${amount} expired.` };
    case "adjusted":
      return points > 0
        ? { title: `${amount} を加算しました`, en: `${amount} were added.` }
        : { title: `${amount} を減算しました`, en: `${amount} were taken off.` };
  }
}

function pointsChangedMessage(event: PointsChanged, liffId: string): messagingApi.Message {
  const { title, en } = pointsTitle(event);
  return bubble({
    altText: `${title}（残高 ${formatPoints(event.balance)}）`,
    title,
    lines: [
      ...(event.note?.trim() ? [displayText(event.note, MAX_NOTE_CHARS)] : []),
      `ポイント残高 ${formatPoints(event.balance)}`,
      `${en} Balance: ${formatPoints(event.balance)}.`,
    ],
    buttons: [{ type: "uri", label: "ポイントを見る", uri: liffUrl(liffId, "points") }],
  });
}

/** The LINE message a member gets for a merchant event. */
export function merchantEventMessage(event: MerchantEvent, liffId: string): messagingApi.Message {
  return event.type === "order.status_changed" ? orderStatusMessage(event, liffId) : pointsChangedMessage(event, liffId);
}
