// The strings of home's "now" blocks (next reservation, latest order, expiring points, rank
// benefits and progress), Japanese first; loaded with those blocks, after the first screen (see
// messages-linking.ts). Dates and times beside them are Japan time.

const ja = {
  homeNow: {
    title: "いまのお知らせ",
    loading: "最新の情報を読み込み中です",
    rank: {
      title: "次のランクまで",
      remaining: "あと{{amount}}で{{rank}}",
      remainingWithBenefit: "あと{{amount}}で{{rank}}（{{benefit}}）",
      benefitsTitle: "{{rank}}会員の特典",
      reached: "{{rank}}の条件を達成しました。次回のランク更新で{{rank}}になります。",
      spent: "対象期間のお買い上げ",
      spentUntil: "{{date}}までのお買い上げ",
      amounts: "{{spent}} / {{threshold}}",
    },
    reservation: {
      title: "次のご予約",
      none: "これからのご予約はありません。",
      book: "来店予約をする",
      open: "予約の詳細",
    },
    order: {
      title: "最近のご注文",
      none: "ご注文はまだありません。",
      number: "注文番号 {{orderNumber}}",
      orderedOn: "{{date}}のご注文",
    },
    expiring: {
      title: "まもなく有効期限が切れるポイント",
      points: "{{points}} pt",
      on: "{{date}}まで有効",
      more: "ほかにも60日以内に{{points}} ptの有効期限が来ます。",
      open: "ポイントを確認する",
    },
  },
};

export type HomeMessages = typeof ja;

const en: HomeMessages = {
  homeNow: {
    title: "Right now",
    loading: "Loading the latest",
    rank: {
      title: "Next rank",
      remaining: "{{amount}} more to {{rank}}",
      remainingWithBenefit: "{{amount}} more to {{rank}} ({{benefit}})",
      benefitsTitle: "What {{rank}} members get",
      reached: "You have qualified for {{rank}}: it applies from the next rank review.",
      spent: "Spent this period",
      spentUntil: "Spent until {{date}}",
      amounts: "{{spent}} of {{threshold}}",
    },
    reservation: {
      title: "Your next visit",
      none: "No upcoming reservations.",
      book: "Book a visit",
      open: "Reservation details",
    },
    order: {
      title: "Your latest order",
      none: "No orders yet.",
      number: "Order {{orderNumber}}",
      orderedOn: "Ordered {{date}}",
    },
    expiring: {
      title: "Points expiring soon",
      points: "{{points}} pt",
      on: "Valid until {{date}}",
      more: "{{points}} more pt expire within 60 days.",
      open: "See your points",
    },
  },
};

export const homeMessages: { ja: HomeMessages; en: HomeMessages } = { ja, en };
