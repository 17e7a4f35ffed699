import type { messagingApi } from "@line/bot-sdk";
import type { MemberSummary } from "../../shared/merchant-contract.ts";
import { bubble } from "../line/flex.ts";
import { displayText } from "../line/message-limits.ts";

// What the official account says in chat. Japanese first, one English line for visitors.
// Each message is a small Flex bubble (line/flex.ts): a title, a few lines and up to two buttons.

type Message = messagingApi.Message;
type Action = messagingApi.Action;

/** The postback data of every "link from the chat" button; the handlers start the flow on it. */
export const ACCOUNT_LINK_POSTBACK = "action=account-link";

/** Where the buttons lead: screens of the LIFF app, and the merchant's login for the chat flow. */
export interface MessageLinks {
  liffId: string;
}

const liffUrl = (links: MessageLinks, path: "link" | "card") => `https://liff.line.me/${links.liffId}/${path}`;

const linkInChatButton = (label: string): Action => ({
  type: "postback",
  label,
  data: ACCOUNT_LINK_POSTBACK,
  displayText: label,
});

const memberCardButton = (links: MessageLinks): Action => ({ type: "uri", label: "会員証を表示", uri: liffUrl(links, "card") });

/** To a new friend who has not linked: why linking helps, in the app or right here in chat. */
export function welcomeMessage(links: MessageLinks): Message {
  return bubble({
    altText: "友だち追加ありがとうございます。会員証とLINEを連携しましょう",
    title: "友だち追加ありがとうございます",
    lines: [
      "会員証とLINEを連携すると、ポイントの確認やお得なお知らせをLINEで受け取れます。",
      "Thanks for adding us! Link your membership to see your points and get offers in LINE.",
    ],
    buttons: [{ type: "uri", label: "会員連携する", uri: liffUrl(links, "link") }, linkInChatButton("チャットで連携")],
  });
}

/** The start of the chat flow: a button to the merchant's login page, carrying LINE's link token. */
export function accountLinkLoginMessage(loginUrl: string): Message {
  return bubble({
    altText: "会員連携: ボタンからログインしてください",
    title: "会員証とLINEを連携",
    lines: [
      "下のボタンから会員番号でログインすると連携が完了します（10分間有効）。連携はいつでも解除できます。",
      "Log in with your member number to link (valid for 10 minutes). You can unlink at any time.",
    ],
    buttons: [{ type: "uri", label: "ログインして連携", uri: loginUrl }],
  });
}

export function alreadyLinkedMessage(links: MessageLinks): Message {
  return bubble({
    altText: "すでに会員証と連携済みです",
    title: "すでに連携済みです",
    lines: ["このLINEアカウントは会員証と連携済みです。", "Your LINE account is already linked to your membership."],
    buttons: [memberCardButton(links)],
  });
}

/** After a successful chat link; the summary is null if the merchant could not say more. */
export function linkedMessage(links: MessageLinks, member: MemberSummary | null): Message {
  const details = member
    ? [
        `${displayText(member.name, 80)} 様（${displayText(member.rank.name, 40)}）`,
        `ポイント残高 ${member.points.balance.toLocaleString("ja-JP")} pt`,
      ]
    : [];
  return bubble({
    altText: "会員証とLINEの連携が完了しました",
    title: "連携が完了しました",
    lines: [...details, "Your membership is now linked to LINE."],
    buttons: [memberCardButton(links)],
  });
}

export function linkExpiredMessage(): Message {
  return bubble({
    altText: "連携用のリンクの有効期限が切れています",
    title: "連携できませんでした",
    lines: [
      "連携用のリンクの有効期限が切れたか、すでに使われています。もう一度お試しください。",
      "The link expired or was already used. Please try again.",
    ],
    buttons: [linkInChatButton("もう一度連携する")],
  });
}

export function linkFailedMessage(): Message {
  return bubble({
    altText: "会員連携が完了しませんでした",
    title: "連携できませんでした",
    lines: ["会員連携が完了しませんでした。もう一度お試しください。", "Linking did not complete. Please try again."],
    buttons: [linkInChatButton("もう一度連携する")],
  });
}

/** The link would break "one member per LINE account": say which side is taken; nothing changed. */
export function linkConflictMessage(taken: "member" | "line-account"): Message {
  const lines =
    taken === "member"
      ? [
          "この会員証はすでに別のLINEアカウントと連携されています。お心当たりがない場合はお店にお問い合わせください。",
          "This membership is already linked to another LINE account.",
        ]
      : [
          "このLINEアカウントはすでに別の会員証と連携されています。",
          "This LINE account is already linked to another membership.",
        ];
  return bubble({ altText: "連携できませんでした", title: "連携できませんでした", lines, buttons: [] });
}
