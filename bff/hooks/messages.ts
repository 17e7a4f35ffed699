import type { messagingApi } from "@line/bot-sdk";
import type { Language } from "../../shared/api.ts";
import type { MerchantEvent } from "../../shared/merchant-contract.ts";
import { bubble, formatPoints, liffUrl } from "../line/flex.ts";
import { displayText } from "../line/message-limits.ts";
import { orderButton } from "../orders/messages.ts";

type OrderStatusChanged = Extract<MerchantEvent, { type: "order.status_changed" }>;
type PointsChanged = Extract<MerchantEvent, { type: "points.changed" }>;

/** Order numbers, carriers and tracking numbers come from the merchant and can be any length. */
const MAX_FIELD_CHARS = 80;
/** A merchant's note on a points change; longer ones are cut with "…". */
const MAX_NOTE_CHARS = 500;

/** The merchant events' words in each language; the merchant's values and the amounts are filled in. */
const texts = {
  ja: {
    order: {
      confirmed: "ご注文を確認しました",
      shipped: "ご注文の商品を発送しました",
      ready_for_pickup: "お受け取りの準備ができました",
      delivered: "お届け・お受け取りが完了しました",
      cancelled: "ご注文をキャンセルしました",
    },
    orderNumber: (orderNumber: string) => `注文番号 ${orderNumber}`,
    orderAltText: (title: string, orderNumber: string) => `${title}（注文番号 ${orderNumber}）`,
    carrier: (carrier: string) => `配送業者: ${carrier}`,
    trackingNumber: (number: string) => `お問い合わせ番号: ${number}`,
    points: {
      earned: (amount: string) => `${amount} を獲得しました`,
      signup_bonus: (amount: string) => `入会ボーナス ${amount} を進呈しました`,
      redeemed: (amount: string) => `${amount} を利用しました`,
      expired: (amount: string) => `${amount} が有効期限切れになりました`,
      added: (amount: string) => `${amount} を加算しました`,
      taken_off: (amount: string) => `${amount} を減算しました`,
    },
    balance: (balance: string) => `ポイント残高 ${balance}`,
    pointsAltText: (title: string, balance: string) => `${title}（残高 ${balance}）`,
    pointsButton: "ポイントを見る",
  },
  en: {
    order: {
      confirmed: "We have confirmed your order",
      shipped: "Your order is on its way",
      ready_for_pickup: "Your order is ready for pickup",
      delivered: "Your order has been delivered",
      cancelled: "Your order has been cancelled",
    },
    orderNumber: (orderNumber: string) => `Order number ${orderNumber}`,
    orderAltText: (title: string, orderNumber: string) => `${title} (order number ${orderNumber})`,
    carrier: (carrier: string) => `Carrier: ${carrier}`,
    trackingNumber: (number: string) => `Tracking number: ${number}`,
    points: {
      earned: (amount: string) => `You earned ${amount}`,
      signup_bonus: (amount: string) => `Welcome bonus: ${amount}`,
      redeemed: (amount: string) => `You used ${amount}`,
      expired: (amount: string) => `${amount} expired`,
      added: (amount: string) => `${amount} added to your balance`,
      taken_off: (amount: string) => `${amount} taken off your balance`,
    },
    balance: (balance: string) => `Your balance: ${balance}`,
    pointsAltText: (title: string, balance: string) => `${title} (balance ${balance})`,
    pointsButton: "View points",
  },
} satisfies Record<Language, { order: Record<OrderStatusChanged["status"], string> } & Record<string, unknown>>;

function orderStatusMessage(event: OrderStatusChanged, liffId: string, language: Language): messagingApi.Message {
  const words = texts[language];
  const title = words.order[event.status];
  const tracking = [
    ...(event.carrier ? [words.carrier(displayText(event.carrier, MAX_FIELD_CHARS))] : []),
    ...(event.trackingNumber ? [words.trackingNumber(displayText(event.trackingNumber, MAX_FIELD_CHARS))] : []),
  ];
  // The id is internal: without the merchant's number the message shows none.
  const orderNumber = event.orderNumber ? displayText(event.orderNumber, MAX_FIELD_CHARS) : null;
  return bubble({
    language,
    altText: orderNumber ? words.orderAltText(title, orderNumber) : title,
    title,
    lines: [...(orderNumber ? [words.orderNumber(orderNumber)] : []), ...tracking],
    buttons: [orderButton(liffId, event.orderId, language)],
  });
}

function pointsTitle({ kind, points }: PointsChanged, language: Language): string {
  const titles = texts[language].points;
  const amount = formatPoints(Math.abs(points));
  switch (kind) {
    case "earned_in_store":
    case "earned_online":
      return titles.earned(amount);
    case "signup_bonus":
      return titles.signup_bonus(amount);
    case "redeemed":
      return titles.redeemed(amount);
    case "expired":
      return titles.expired(amount);
    case "adjusted":
      return points > 0 ? titles.added(amount) : titles.taken_off(amount);
  }
}

function pointsChangedMessage(event: PointsChanged, liffId: string, language: Language): messagingApi.Message {
  const words = texts[language];
  const title = pointsTitle(event, language);
  const balance = formatPoints(event.balance);
  return bubble({
    language,
    altText: words.pointsAltText(title, balance),
    title,
    lines: [...(event.note?.trim() ? [displayText(event.note, MAX_NOTE_CHARS)] : []), words.balance(balance)],
    buttons: [{ type: "uri", label: words.pointsButton, uri: liffUrl(liffId, "points") }],
  });
}

/** The LINE message a member gets for an order or points event, in their language (coupon events: coupons/messages.ts). */
export function merchantEventMessage(
  event: OrderStatusChanged | PointsChanged,
  liffId: string,
  language: Language,
): messagingApi.Message {
  return event.type === "order.status_changed"
    ? orderStatusMessage(event, liffId, language)
    : pointsChangedMessage(event, liffId, language);
}
