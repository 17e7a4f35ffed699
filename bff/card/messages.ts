import type { messagingApi } from "@line/bot-sdk";
import type { Language } from "../../shared/api.ts";
import { formatPoints } from "../line/flex.ts";
import { displayText, MAX_TEXT_MESSAGE } from "../line/message-limits.ts";
import type { MemberCardAction } from "./scans.ts";

/** Store names come from the merchant and can be any length or empty. */
const MAX_STORE_NAME_CHARS = 80;

/** What the member reads after staff acted on their card, in each language; `balance` is empty when unknown. */
const texts = {
  ja: {
    check_in: (store: string) => `${store}へのご来店を記録しました。ありがとうございます。`,
    award: (store: string, points: string, balance: string) => `${store}で ${points} を獲得しました。${balance}`,
    redeem: (store: string, points: string, balance: string) => `${store}で ${points} を利用しました。${balance}`,
    balance: (points: string) => `\n現在のポイント: ${points}`,
  },
  en: {
    check_in: (store: string) => `Your visit to ${store} is recorded. Thank you!`,
    award: (store: string, points: string, balance: string) => `You earned ${points} at ${store}.${balance}`,
    redeem: (store: string, points: string, balance: string) => `You used ${points} at ${store}.${balance}`,
    balance: (points: string) => `\nYour balance: ${points}`,
  },
} satisfies Record<Language, unknown>;

/** The LINE message a member gets after staff acted on their card, in their language, within LINE's limits. */
export function cardActionMessage(action: MemberCardAction, language: Language): messagingApi.TextMessage {
  const words = texts[language];
  const store = displayText(action.storeName, MAX_STORE_NAME_CHARS);
  const balance = action.balance === null ? "" : words.balance(formatPoints(action.balance));
  const points = formatPoints(Math.abs(action.points ?? 0));
  const text =
    action.kind === "check_in"
      ? words.check_in(store)
      : action.kind === "award"
        ? words.award(store, points, balance)
        : words.redeem(store, points, balance);
  return { type: "text", text: displayText(text, MAX_TEXT_MESSAGE) };
}
