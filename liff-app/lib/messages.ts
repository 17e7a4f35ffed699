import type { CardMessages } from "./messages-card.ts";
import type { LineMessages } from "./messages-line.ts";
import type { HomeMessages } from "./messages-home.ts";
import type { ConsoleMessages } from "./messages-console.ts";
import type { ConsoleCampaignsMessages } from "./messages-console-campaigns.ts";
import type { ConsoleSegmentsMessages } from "./messages-console-segments.ts";
import type { ConsoleScenariosMessages } from "./messages-console-scenarios.ts";
import type { ConsoleDashboardMessages } from "./messages-console-dashboard.ts";
import type { CouponsMessages } from "./messages-coupons.ts";
import type { LinkingMessages } from "./messages-linking.ts";
import type { OrdersMessages } from "./messages-orders.ts";
import type { PointsMessages } from "./messages-points.ts";
import type { ReservationsMessages } from "./messages-reservations.ts";
import type { SettingsMessages } from "./messages-settings.ts";
import type { StaffMessages } from "./messages-staff.ts";

// Every user-facing string, Japanese first. `{{name}}` placeholders are filled by rosetta.
// What the first screen needs is here; the strings of lazily loaded screens are in the
// messages-*.ts files next to this one and arrive with those screens.

export const ja = {
  app: {
    loading: "読み込み中…",
  },
  language: {
    label: "表示言語",
  },
  nav: {
    home: "ホームへ戻る",
  },
  home: {
    greeting: "{{name}}さん、こんにちは",
    greetingNameless: "こんにちは",
    loadingTitle: "会員情報を読み込み中です",
    errorTitle: "会員情報を表示できません",
    linkStatus: {
      linked: "会員連携済み",
      unlinked: "会員連携前",
      linkedDescription: "このLINEアカウントで、会員証とポイントが使えます。",
      unlinkedDescription: "このLINEアカウントは、まだ会員連携していません。",
    },
    linkBenefits: {
      title: "会員連携でもっと便利に",
      body: "会員連携すると、店舗でもオンラインでもポイントが貯まり、使えるようになります。",
      bodyMore: "前回の注文からの再注文や来店予約、予約のリマインドもLINEで受け取れます。",
    },
    memberMenu: {
      label: "会員メニュー",
      card: "会員証を表示",
      points: "ポイント",
      orders: "注文履歴",
      reservations: "予約",
      coupons: "クーポン",
      settings: "設定",
    },
    staff: {
      title: "スタッフ",
      registeredAs: "{{name}}さんはスタッフとして登録されています。",
      stores: "担当店舗",
      open: "スタッフ画面を開く",
      console: "管理画面を開く",
    },
  },
  storeContact: {
    call: "{{store}}に電話する",
    map: "地図を開く",
    hours: "営業時間",
    address: "住所",
  },
  memberCard: {
    title: "会員情報",
    memberName: "{{name}} 様",
    rank: "ランク",
    points: "ポイント残高",
    pointsValue: "{{points}} pt",
    memberNumber: "会員番号",
  },
  linkCallToAction: {
    link: "会員連携する",
    register: "はじめての方はこちら（新規会員登録）",
  },
  notices: {
    linked: "会員連携が完了しました。",
    registered: "会員登録が完了しました。ようこそ！",
    registeredWelcomePoints: {
      one: "会員登録が完了しました。ようこそ！ウェルカムポイント {{count}} pt をお贈りしました。",
      other: "会員登録が完了しました。ようこそ！ウェルカムポイント {{count}} pt をお贈りしました。",
    },
    unlinked: "会員連携を解除しました。",
    richMenu: {
      pending: "LINEのトークのメニューを切り替えています…",
      appliedLinked: "LINEのトークのメニューも会員用に切り替わりました。",
      appliedDefault: "LINEのトークのメニューも通常のメニューに戻りました。",
      delayed: "メニューの切り替えが遅れています。しばらくするとLINEのメニューも切り替わります。",
    },
    dismiss: "閉じる",
  },
  card: {
    title: "会員証",
    loading: "会員証を読み込み中です",
    unlinked: "会員証を表示するには、会員連携が必要です。",
    settings: "会員連携の設定",
  },
  policy: {
    intro: "お客様の情報の取り扱いについて:",
    termsOfUse: "利用規約",
    separator: "・",
    privacyPolicy: "プライバシーポリシー",
  },
  friendship: {
    title: "公式アカウントを友だち追加してください",
    body: "友だち追加すると、会員用のメニューやお知らせがLINEのトークに届くようになります。",
    add: "友だち追加する",
    dismiss: "友だち追加のお知らせを閉じる",
  },
  errors: {
    upstreamUnavailable: "お店のシステムにつながりませんでした。しばらくしてからもう一度お試しください。",
    upstreamTimeout: "お店のシステムからの応答が遅れています。もう一度お試しください。",
    rateLimited: "アクセスが集中しています。少し待ってからもう一度お試しください。",
    network: "通信できませんでした。電波の良い場所でもう一度お試しください。",
    unexpected: "予期しないエラーが発生しました。もう一度お試しください。",
    sessionExpired: "ログインの有効期限が切れました。もう一度ログインしてください。",
    relogging: "ログインし直しています…",
    reloggedResubmit: "ログインし直しました。お手数ですが、もう一度お試しください。",
    requestId: "サポート用の番号: {{id}}",
    retry: "再読み込み",
    relogin: "ログインし直す",
    screenCrashed: "この画面を表示できませんでした。",
  },
  notFound: {
    title: "ページが見つかりません",
    body: "お探しのページは移動したか、削除された可能性があります。",
    home: "ホームへ戻る",
  },
  dev: {
    personaButton: "開発用ペルソナ / Dev persona",
    personaTitle: "開発用ペルソナ",
    personaHint: "選ぶとページを読み込み直し、その人としてBFFにアクセスします。",
    current: "使用中",
    notFriend: "友だち追加していない状態にする",
    fakeLinePage: "偽LINEプラットフォームの開発ページ",
    close: "閉じる",
    loadFailed: "ペルソナの一覧を読み込めませんでした。",
  },
};

/** The strings the first screen may need: bundled with it. */
export type CoreMessages = typeof ja;

/** The whole dictionary, including what lazily loaded screens add. */
export type Messages = CoreMessages &
  LineMessages &
  LinkingMessages &
  SettingsMessages &
  CardMessages &
  StaffMessages &
  PointsMessages &
  OrdersMessages &
  ReservationsMessages &
  HomeMessages &
  CouponsMessages &
  ConsoleMessages &
  ConsoleCampaignsMessages &
  ConsoleSegmentsMessages &
  ConsoleScenariosMessages &
  ConsoleDashboardMessages;

export const en: CoreMessages = {
  app: {
    loading: "Loading…",
  },
  language: {
    label: "Language",
  },
  nav: {
    home: "Back to home",
  },
  home: {
    greeting: "Hello, {{name}}",
    greetingNameless: "Hello",
    loadingTitle: "Loading your membership",
    errorTitle: "Your membership can't be shown",
    linkStatus: {
      linked: "Membership linked",
      unlinked: "Membership not linked",
      linkedDescription: "You can use your member card and points in this LINE account.",
      unlinkedDescription: "You have not linked your membership to this LINE account yet.",
    },
    linkBenefits: {
      title: "Link your membership for more",
      body: "Link your membership to earn and use points both in store and online.",
      bodyMore: "You can also reorder past purchases, book visits and get reservation reminders in LINE.",
    },
    memberMenu: {
      label: "Member menu",
      card: "Member card",
      points: "Points",
      orders: "Orders",
      reservations: "Reservations",
      coupons: "Coupons",
      settings: "Settings",
    },
    staff: {
      title: "Staff",
      registeredAs: "{{name}} is registered as staff.",
      stores: "Your stores",
      open: "Open the staff screen",
      console: "Open the merchant console",
    },
  },
  storeContact: {
    call: "Call {{store}}",
    map: "Open the map",
    hours: "Hours",
    address: "Address",
  },
  memberCard: {
    title: "Membership",
    memberName: "{{name}}",
    rank: "Rank",
    points: "Points balance",
    pointsValue: "{{points}} pt",
    memberNumber: "Member number",
  },
  linkCallToAction: {
    link: "Link your membership",
    register: "New here? Become a member",
  },
  notices: {
    linked: "Your membership is linked.",
    registered: "Welcome! You are now a member.",
    registeredWelcomePoints: {
      one: "Welcome! You are now a member, and we have added {{count}} welcome point.",
      other: "Welcome! You are now a member, and we have added {{count}} welcome points.",
    },
    unlinked: "Your membership is unlinked.",
    richMenu: {
      pending: "Switching the menu in your LINE chat…",
      appliedLinked: "The menu in your LINE chat has also switched to the member menu.",
      appliedDefault: "The menu in your LINE chat is also back to the standard menu.",
      delayed: "Switching the menu is taking a little longer. The menu in your LINE chat will follow shortly.",
    },
    dismiss: "Close",
  },
  card: {
    title: "Member card",
    loading: "Loading your member card",
    unlinked: "To show your member card, link your membership.",
    settings: "Membership link settings",
  },
  policy: {
    intro: "How we handle your information:",
    termsOfUse: "Terms of use",
    separator: " · ",
    privacyPolicy: "Privacy policy",
  },
  friendship: {
    title: "Add our official account as a friend",
    body: "Once you are friends, the member menu and our messages reach you in your LINE chat.",
    add: "Add friend",
    dismiss: "Close the add-friend notice",
  },
  errors: {
    upstreamUnavailable: "We couldn't reach the store's system. Please try again in a moment.",
    upstreamTimeout: "The store's system is taking too long to answer. Please try again.",
    rateLimited: "Too many requests right now. Please wait a moment and try again.",
    network: "No connection. Please try again where the signal is better.",
    unexpected: "Something went wrong. Please try again.",
    sessionExpired: "Your login has expired. Please log in again.",
    relogging: "Logging you in again…",
    reloggedResubmit: "You are logged in again. Please try once more.",
    requestId: "Support reference: {{id}}",
    retry: "Retry",
    relogin: "Log in again",
    screenCrashed: "This screen could not be shown.",
  },
  notFound: {
    title: "Page not found",
    body: "The page you were looking for may have moved or been removed.",
    home: "Back to home",
  },
  dev: {
    personaButton: "開発用ペルソナ / Dev persona",
    personaTitle: "Dev persona",
    personaHint: "Choosing one reloads the page and calls the BFF as that person.",
    current: "current",
    notFriend: "Not a friend of the official account",
    fakeLinePage: "Fake LINE platform dev page",
    close: "Close",
    loadFailed: "The persona list could not be loaded.",
  },
};

type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A dotted path to one string of the dictionary, e.g. "home.greeting". */
export type MessageKey = Leaves<Messages>;
