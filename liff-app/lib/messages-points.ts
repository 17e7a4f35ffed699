// The points screen's strings, Japanese first; loaded with /points (see messages-linking.ts).

const ja = {
  points: {
    title: "ポイント",
    loading: "ポイントを読み込み中です",
    unlinked: "ポイントを確認するには、会員連携が必要です。",
    balance: {
      title: "ポイント残高",
      value: "{{points}} pt",
      combined: "店舗とオンラインショップで貯めたポイントは、ひとつの残高にまとまっています。",
    },
    expiring: {
      title: "まもなく有効期限が切れるポイント",
      points: "{{points}} pt",
      on: "{{date}}まで有効",
      none: "60日以内に有効期限が切れるポイントはありません。",
    },
    history: {
      title: "ポイント履歴",
      empty: "ポイントの履歴はまだありません。",
      more: "もっと見る",
      loadingMore: "読み込み中…",
      shown: { one: "{{count}}件の履歴を表示しています", other: "{{count}}件の履歴を表示しています" },
      order: "注文番号 {{orderNumber}}",
      orderUnnumbered: "ご注文",
      added: "+{{points}} pt",
      taken: "−{{points}} pt",
      kinds: {
        earned_in_store: "店舗で獲得",
        earned_online: "オンラインで獲得",
        redeemed: "ポイント利用",
        expired: "有効期限切れ",
        adjusted: "ポイント調整",
        signup_bonus: "入会特典",
      },
    },
  },
};

export type PointsMessages = typeof ja;

const en: PointsMessages = {
  points: {
    title: "Points",
    loading: "Loading your points",
    unlinked: "To see your points, link your membership.",
    balance: {
      title: "Points balance",
      value: "{{points}} pt",
      combined: "Points earned in our stores and online add up to one balance.",
    },
    expiring: {
      title: "Points expiring soon",
      points: "{{points}} pt",
      on: "Valid until {{date}}",
      none: "No points expire in the next 60 days.",
    },
    history: {
      title: "Points history",
      empty: "No points history yet.",
      more: "Show more",
      loadingMore: "Loading…",
      shown: { one: "Showing {{count}} entry", other: "Showing {{count}} entries" },
      order: "Order {{orderNumber}}",
      orderUnnumbered: "Order",
      added: "+{{points}} pt",
      taken: "−{{points}} pt",
      kinds: {
        earned_in_store: "Earned in store",
        earned_online: "Earned online",
        redeemed: "Used",
        expired: "Expired",
        adjusted: "Adjustment",
        signup_bonus: "Welcome bonus",
      },
    },
  },
};

export const pointsMessages: { ja: PointsMessages; en: PointsMessages } = { ja, en };
