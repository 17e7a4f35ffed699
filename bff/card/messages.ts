import type { messagingApi } from "@line/bot-sdk";
import type { MemberCardAction } from "./scans.ts";

const points = (value: number) => `${new Intl.NumberFormat("ja-JP").format(value)} pt`;

/** The LINE message a member gets after staff acted on their card (Japanese first, then English). */
export function cardActionMessage(action: MemberCardAction): messagingApi.TextMessage {
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
