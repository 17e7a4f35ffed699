// The coupon wallet's strings, Japanese first; loaded with /coupons (see messages-linking.ts).
// Coupon titles, conditions and store names are the shop's own words and are shown as they are.

const ja = {
  coupons: {
    title: "クーポン",
    loading: "クーポンを読み込み中です",
    unlinked: "クーポンを使うには、会員連携が必要です。",
    empty: "お持ちのクーポンはまだありません。会員連携の特典やお誕生月のクーポンが届くと、ここに表示されます。",
    available: "使えるクーポン",
    availableEmpty: "いま使えるクーポンはありません。",
    used: "使用済み",
    expired: "期限切れ",
    open: "{{title}}を開く",
    kinds: {
      line_only: "LINE会員限定",
      welcome: "会員連携特典",
      rank: "ランク特典",
      birthday: "お誕生月",
      campaign: "キャンペーン",
    },
    benefit: {
      amount_off: "{{amount}}引き",
      percent_off: "{{percent}}%オフ",
      free_item: "{{item}} 無料",
    },
    validUntil: "{{when}}まで有効",
    expiredOn: "{{when}}に期限切れ",
    usedOn: "{{when}}に使用",
    usesLeft: { one: "あと{{count}}回使えます", other: "あと{{count}}回使えます" },
    validity: "有効期限",
    stores: "使える店舗",
    everyStore: "全店舗",
    storeSeparator: "・",
    conditions: "ご利用条件",
    detail: {
      back: "クーポン一覧へ戻る",
      loading: "クーポンを読み込み中です",
      notFound: "このクーポンは見つかりません。",
      howToUse: "お会計の前に、スタッフに会員証を見せてください。スタッフが会員証を読み取ったあと、このクーポンを使います。",
      showCard: "会員証を表示",
      usedNotice: "このクーポンは使用済みです。",
      expiredNotice: "このクーポンは有効期限が切れています。",
    },
  },
};

export type CouponsMessages = typeof ja;

const en: CouponsMessages = {
  coupons: {
    title: "Coupons",
    loading: "Loading your coupons",
    unlinked: "To use coupons, link your membership.",
    empty: "You have no coupons yet. Your linking gift and birthday coupon will appear here when they arrive.",
    available: "Ready to use",
    availableEmpty: "No coupons to use right now.",
    used: "Used",
    expired: "Expired",
    open: "Open {{title}}",
    kinds: {
      line_only: "LINE members only",
      welcome: "Linking gift",
      rank: "Rank benefit",
      birthday: "Birthday month",
      campaign: "Campaign",
    },
    benefit: {
      amount_off: "{{amount}} off",
      percent_off: "{{percent}}% off",
      free_item: "Free: {{item}}",
    },
    validUntil: "Valid until {{when}}",
    expiredOn: "Expired {{when}}",
    usedOn: "Used {{when}}",
    usesLeft: { one: "{{count}} use left", other: "{{count}} uses left" },
    validity: "Validity",
    stores: "Stores",
    everyStore: "All stores",
    storeSeparator: ", ",
    conditions: "Conditions",
    detail: {
      back: "Back to coupons",
      loading: "Loading the coupon",
      notFound: "This coupon was not found.",
      howToUse: "Before you pay, show your member card to the staff. They use this coupon after scanning your card.",
      showCard: "Show member card",
      usedNotice: "This coupon has been used.",
      expiredNotice: "This coupon has expired.",
    },
  },
};

export const couponsMessages: { ja: CouponsMessages; en: CouponsMessages } = { ja, en };
