import type { messagingApi } from "@line/bot-sdk";
import type { Language } from "../../shared/api.ts";
import type { ConsoleMessage } from "../../shared/console-message.ts";
import type { CouponBenefit, CouponKind, MemberCoupon } from "../../shared/merchant-contract.ts";
import { renderConsoleMessage, type GrantedCoupon } from "../console/render-message.ts";
import type { MessageKind } from "../delivery/kinds.ts";
import { bubble, formatPoints, formatYen, liffUrl } from "../line/flex.ts";
import { addJapanDays, japanDate, japanHour, japanInstant } from "../reservations/japan-time.ts";

// The LINE messages about a member's coupons and points that the BFF sends on its own: the
// coupon card when a coupon is granted (the birthday job, the merchant's coupon.granted event)
// and the reminder before points expire. Each has its message kind, so the merchant can switch
// it off (LINE_MESSAGES_OFF), and an id taken from its cause, so it is sent once.

type Message = messagingApi.Message;

/** One coupon, one message: the birthday job and a coupon.granted event for the same coupon meet here. */
export const couponMessageId = (couponId: string) => `coupon:${couponId}:granted`;

/** One expiry batch of a member, one reminder: the merchant's event and the BFF's own pass meet here. */
export const pointsExpiringMessageId = (memberId: string, batchId: string) => `points-expiring:${memberId}:${batchId}`;

/** The message kind of a granted coupon: birthday and welcome coupons can be switched off apart from the rest. */
export function couponMessageKind(kind: CouponKind): Extract<MessageKind, `coupon_${string}`> {
  if (kind === "birthday") return "coupon_birthday";
  if (kind === "welcome") return "coupon_welcome";
  return "coupon_granted";
}

/** Japan hours in which the BFF's own messages go out; one that falls outside waits for the morning. */
const DAYTIME = { startHour: 10, endHour: 20 } as const;

/**
 * When a message the BFF decides to send (a cron pass that ran at 00:05, say) may go: now in
 * the Japan daytime, else 10:00 of the next Japan morning.
 */
export function nextDaytimeInJapan(now: number): number {
  const hour = japanHour(now);
  if (hour >= DAYTIME.startHour && hour < DAYTIME.endHour) return now;
  const today = japanDate(now);
  return japanInstant(hour < DAYTIME.startHour ? today : addJapanDays(today, 1), DAYTIME.startHour);
}

const couponTexts: Record<ReturnType<typeof couponMessageKind>, ConsoleMessage> = {
  coupon_birthday: {
    ja: {
      title: "お誕生月おめでとうございます",
      body: "日ごろのご愛顧に感謝して、お誕生月のクーポンをお届けします。",
    },
    en: { title: "Happy birthday month!", body: "Thank you for being with us. Here is your birthday coupon." },
  },
  coupon_welcome: {
    ja: { title: "会員連携ありがとうございます", body: "LINEとの連携特典のクーポンをお届けします。" },
    en: { title: "Thank you for linking your membership", body: "Here is your coupon for linking LINE." },
  },
  coupon_granted: {
    ja: { title: "クーポンが届きました", body: "会員のみなさまへのクーポンです。お店でご利用ください。" },
    en: { title: "You have a new coupon", body: "A coupon for our members: show it at the shop." },
  },
};

const benefitTexts: Record<Language, (benefit: CouponBenefit) => string> = {
  ja: (benefit) => {
    switch (benefit.type) {
      case "amount_off":
        return `${formatYen(benefit.yen)}引き`;
      case "percent_off":
        return `${benefit.percent}%オフ`;
      case "free_item":
        return `${benefit.item} 無料`;
    }
  },
  en: (benefit) => {
    switch (benefit.type) {
      case "amount_off":
        return `${formatYen(benefit.yen)} off`;
      case "percent_off":
        return `${benefit.percent}% off`;
      case "free_item":
        return `Free: ${benefit.item}`;
    }
  },
};

/**
 * A Japan date as the messages show it: "12月31日(木)", "Thu, Dec 31". A coupon valid until
 * midnight is shown by its last day, as shops word it ("12月31日まで").
 */
export function formatJapanDay(date: string, language: Language): string {
  const at = japanInstant(date, 12);
  const formatter = new Intl.DateTimeFormat(language === "ja" ? "ja-JP" : "en-US", {
    timeZone: "Asia/Tokyo",
    month: language === "ja" ? "numeric" : "short",
    day: "numeric",
    weekday: "short",
  });
  const parts = formatter.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return language === "ja"
    ? `${part("month")}月${part("day")}日(${part("weekday")})`
    : `${part("weekday")}, ${part("month")} ${part("day")}`;
}

/** The last Japan day a coupon is valid: the day before validUntil when it falls on a Japan midnight. */
export function lastValidDay(validUntil: string): string {
  const at = Date.parse(validUntil);
  return japanDate(japanHour(at) === 0 && new Date(at).getUTCMinutes() === 0 ? at - 1 : at);
}

/** The coupon card message for a granted coupon, in the member's language. */
export function couponGrantedMessage(coupon: MemberCoupon, language: Language, liffId: string): Message {
  const granted: GrantedCoupon = {
    couponId: coupon.couponId,
    title: coupon.title,
    benefit: benefitTexts[language](coupon.benefit),
    validUntil: formatJapanDay(lastValidDay(coupon.validUntil), language),
  };
  return renderConsoleMessage(couponTexts[couponMessageKind(coupon.kind)], {
    language,
    liffId,
    track: (url) => url,
    coupon: granted,
  });
}

const pointsTexts = {
  ja: {
    title: "ポイントの有効期限が近づいています",
    line: (points: string, day: string) => `${points} が ${day} で有効期限を迎えます。`,
    hint: "期限までにお店やオンラインストアでご利用ください。",
    button: "ポイントを見る",
  },
  en: {
    title: "Some of your points expire soon",
    line: (points: string, day: string) => `${points} expire at the end of ${day}.`,
    hint: "Use them at the shop or online before then.",
    button: "View points",
  },
} satisfies Record<Language, unknown>;

/** The reminder that points expire, in the member's language. */
export function pointsExpiringMessage(
  expiring: { points: number; expiresOn: string },
  language: Language,
  liffId: string,
): Message {
  const words = pointsTexts[language];
  const line = words.line(formatPoints(expiring.points), formatJapanDay(expiring.expiresOn, language));
  return bubble({
    language,
    altText: `${words.title}: ${line}`,
    title: words.title,
    lines: [line, words.hint],
    buttons: [{ type: "uri", label: words.button, uri: liffUrl(liffId, "points") }],
  });
}
