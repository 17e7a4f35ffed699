import type { messagingApi } from "@line/bot-sdk";
import type { Language } from "../../shared/api.ts";
import type { MemberSummary } from "../../shared/merchant-contract.ts";
import { bubble, formatPoints } from "../line/flex.ts";
import { displayText } from "../line/message-limits.ts";

// What the official account says in chat, in the user's language (Japanese for someone the BFF
// never heard from). Each message is a small Flex bubble (line/flex.ts): a title, a few lines
// and up to two buttons.

type Message = messagingApi.Message;
type Action = messagingApi.Action;

/** The postback data of every "link from the chat" button; the handlers start the flow on it. */
export const ACCOUNT_LINK_POSTBACK = "action=account-link";

/** Where the buttons lead: screens of the LIFF app, and the merchant's login for the chat flow. */
export interface MessageLinks {
  liffId: string;
}

/** The chat messages' words in each language; the member's name, rank and points are filled in. */
const texts = {
  ja: {
    welcome: {
      altText: "友だち追加ありがとうございます。会員証とLINEを連携しましょう",
      title: "友だち追加ありがとうございます",
      lines: ["会員証とLINEを連携すると、ポイントの確認やお得なお知らせをLINEで受け取れます。"],
      linkInApp: "会員連携する",
      linkInChat: "チャットで連携",
    },
    login: {
      altText: "会員連携: ボタンからログインしてください",
      title: "会員証とLINEを連携",
      lines: ["下のボタンから会員番号でログインすると連携が完了します（10分間有効）。連携はいつでも解除できます。"],
      button: "ログインして連携",
    },
    alreadyLinked: {
      altText: "すでに会員証と連携済みです",
      title: "すでに連携済みです",
      lines: ["このLINEアカウントは会員証と連携済みです。"],
    },
    linked: {
      altText: "会員証とLINEの連携が完了しました",
      title: "連携が完了しました",
      member: (name: string, rank: string) => `${name} 様（${rank}）`,
      balance: (points: string) => `ポイント残高 ${points}`,
    },
    failedTitle: "連携できませんでした",
    expired: {
      altText: "連携用のリンクの有効期限が切れています",
      lines: ["連携用のリンクの有効期限が切れたか、すでに使われています。もう一度お試しください。"],
    },
    failed: { altText: "会員連携が完了しませんでした", lines: ["会員連携が完了しませんでした。もう一度お試しください。"] },
    conflict: {
      member: ["この会員証はすでに別のLINEアカウントと連携されています。お心当たりがない場合はお店にお問い合わせください。"],
      "line-account": ["このLINEアカウントはすでに別の会員証と連携されています。"],
    },
    tryAgain: "もう一度連携する",
    memberCard: "会員証を表示",
  },
  en: {
    welcome: {
      altText: "Thanks for adding us! Link your membership to LINE",
      title: "Thanks for adding us!",
      lines: ["Link your membership to LINE to see your points and get offers here."],
      linkInApp: "Link membership",
      linkInChat: "Link in chat",
    },
    login: {
      altText: "Link your membership: log in with the button",
      title: "Link your membership to LINE",
      lines: ["Log in with your member number below to link (valid for 10 minutes). You can unlink at any time."],
      button: "Log in to link",
    },
    alreadyLinked: {
      altText: "Your membership is already linked",
      title: "Already linked",
      lines: ["Your LINE account is already linked to your membership."],
    },
    linked: {
      altText: "Your membership is now linked to LINE",
      title: "Linked",
      member: (name: string, rank: string) => `${name} (${rank})`,
      balance: (points: string) => `Your balance: ${points}`,
    },
    failedTitle: "Linking failed",
    expired: {
      altText: "The link has expired",
      lines: ["The link expired or was already used. Please try again."],
    },
    failed: { altText: "Linking did not complete", lines: ["Linking did not complete. Please try again."] },
    conflict: {
      member: ["This membership is already linked to another LINE account. If this is not you, please contact the shop."],
      "line-account": ["This LINE account is already linked to another membership."],
    },
    tryAgain: "Try linking again",
    memberCard: "Show member card",
  },
} satisfies Record<Language, unknown>;

const liffUrl = (links: MessageLinks, path: "link" | "card") => `https://liff.line.me/${links.liffId}/${path}`;

const linkInChatButton = (label: string): Action => ({
  type: "postback",
  label,
  data: ACCOUNT_LINK_POSTBACK,
  displayText: label,
});

const memberCardButton = (links: MessageLinks, language: Language): Action => ({
  type: "uri",
  label: texts[language].memberCard,
  uri: liffUrl(links, "card"),
});

/** To a new friend who has not linked: why linking helps, in the app or right here in chat. */
export function welcomeMessage(links: MessageLinks, language: Language): Message {
  const { altText, title, lines, linkInApp, linkInChat } = texts[language].welcome;
  return bubble({
    language,
    altText,
    title,
    lines,
    buttons: [{ type: "uri", label: linkInApp, uri: liffUrl(links, "link") }, linkInChatButton(linkInChat)],
  });
}

/** The start of the chat flow: a button to the merchant's login page, carrying LINE's link token. */
export function accountLinkLoginMessage(loginUrl: string, language: Language): Message {
  const { altText, title, lines, button } = texts[language].login;
  return bubble({ language, altText, title, lines, buttons: [{ type: "uri", label: button, uri: loginUrl }] });
}

export function alreadyLinkedMessage(links: MessageLinks, language: Language): Message {
  const { altText, title, lines } = texts[language].alreadyLinked;
  return bubble({ language, altText, title, lines, buttons: [memberCardButton(links, language)] });
}

/** After a successful chat link; the summary is null if the merchant could not say more. */
export function linkedMessage(links: MessageLinks, member: MemberSummary | null, language: Language): Message {
  const words = texts[language].linked;
  const details = member
    ? [
        words.member(displayText(member.name, 80), displayText(member.rank.name, 40)),
        words.balance(formatPoints(member.points.balance)),
      ]
    : [];
  return bubble({
    language,
    altText: words.altText,
    title: words.title,
    // A bubble needs a line; without the member's details the title says it all.
    lines: details.length > 0 ? details : [words.altText],
    buttons: [memberCardButton(links, language)],
  });
}

export function linkExpiredMessage(language: Language): Message {
  const words = texts[language];
  return bubble({
    language,
    altText: words.expired.altText,
    title: words.failedTitle,
    lines: words.expired.lines,
    buttons: [linkInChatButton(words.tryAgain)],
  });
}

export function linkFailedMessage(language: Language): Message {
  const words = texts[language];
  return bubble({
    language,
    altText: words.failed.altText,
    title: words.failedTitle,
    lines: words.failed.lines,
    buttons: [linkInChatButton(words.tryAgain)],
  });
}

/** The link would break "one member per LINE account": say which side is taken; nothing changed. */
export function linkConflictMessage(taken: "member" | "line-account", language: Language): Message {
  const words = texts[language];
  return bubble({ language, altText: words.failedTitle, title: words.failedTitle, lines: words.conflict[taken], buttons: [] });
}
