import type { messagingApi } from "@line/bot-sdk";
import { displayText, MAX_TEXT_MESSAGE } from "../line/message-limits.ts";
import type { MemberCardAction } from "./scans.ts";

const points = (value: number) => `${new Intl.NumberFormat("ja-JP").format(value)} pt`;

/** Store names come from the merchant and can be any length or empty. */
const MAX_STORE_NAME_CHARS = 80;

/** The LINE message a member gets after staff acted on their card (Japanese first, then English), within LINE's limits. */
export function cardActionMessage(action: MemberCardAction): messagingApi.TextMessage {
  const message = cardActionText({ ...action, storeName: displayText(action.storeName, MAX_STORE_NAME_CHARS) });
  return { ...message, text: displayText(message.text, MAX_TEXT_MESSAGE) };
}

function cardActionText(action: MemberCardAction): messagingApi.TextMessage {
  const balance = action.balance === null ? "" : `\n現在のポイント: ${points(action.balance)}`;
  const balanceEn = action.balance === null ? "" : ` Balance: ${points(action.balance)}.`;
  switch (action.kind) {
    case "check_in":
      return {
        type: "text",
        text: `${action.storeName}へのご来店を記録しました。ありがとうございます。\n(Visit to ${action.storeName} recorded. Thank you!)`,
      };
    case "award":
      return {
        type: "text",
        text: `${action.storeName}で ${points(action.points ?? 0)} を獲得しました。${balance}\n(You earned ${points(action.points ?? 0)} at ${action.storeName}.${balanceEn})`,
      };
    case "redeem":
      return {
        type: "text",
        text: `${action.storeName}で ${points(Math.abs(action.points ?? 0))} を利用しました。${balance}\n(You used ${points(Math.abs(action.points ?? 0))} at ${action.storeName}.${balanceEn})`,
      };
  }
}
