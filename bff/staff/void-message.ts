import type { messagingApi } from "@line/bot-sdk";
import type { Language } from "../../shared/api.ts";
import { formatPoints } from "../line/flex.ts";
import { displayText, MAX_TEXT_MESSAGE } from "../line/message-limits.ts";
import type { RegisterActionKind } from "./register-log.ts";

/** Store names come from the merchant and can be any length or empty. */
const MAX_STORE_NAME_CHARS = 80;

/** What the member reads after staff voided an action on their card, in each language. */
const texts = {
  ja: {
    check_in: (store: string) => `${store}へのご来店の記録を取り消しました。`,
    award: (store: string, points: string, balance: string) => `${store}で付与した ${points} を取り消しました。${balance}`,
    redeem: (store: string, points: string, balance: string) =>
      `${store}でご利用の ${points} を取り消し、ポイントをお戻ししました。${balance}`,
    balance: (points: string) => `\n現在のポイント: ${points}`,
  },
  en: {
    check_in: (store: string) => `The record of your visit to ${store} was cancelled.`,
    // "pt" reads as "points": one point was, several were.
    award: (store: string, points: string, balance: string, one: boolean) =>
      `The ${points} you earned at ${store} ${one ? "was" : "were"} cancelled.${balance}`,
    redeem: (store: string, points: string, balance: string, one: boolean) =>
      `The ${points} you used at ${store} ${one ? "was" : "were"} given back.${balance}`,
    balance: (points: string) => `\nYour balance: ${points}`,
  },
} satisfies Record<Language, unknown>;

/** The LINE message a member gets after staff voided an action on their card, in their language. */
export function voidedActionMessage(
  voided: { kind: RegisterActionKind; storeName: string; points: number; balance: number },
  language: Language,
): messagingApi.TextMessage {
  const words = texts[language];
  const store = displayText(voided.storeName, MAX_STORE_NAME_CHARS);
  const points = formatPoints(Math.abs(voided.points));
  const balance = words.balance(formatPoints(voided.balance));
  const text =
    voided.kind === "check_in"
      ? words.check_in(store)
      : words[voided.kind](store, points, balance, Math.abs(voided.points) === 1);
  return { type: "text", text: displayText(text, MAX_TEXT_MESSAGE) };
}
