// The member card's live parts (QR code, one-time code, what staff just did); loaded with /card.

const ja = {
  cardLive: {
    qrTitle: "会員証コード",
    instructions: "レジでこの画面をスタッフにお見せください。",
    qrLabel: "会員証のQRコード（会員番号 {{number}}）",
    codeLabel: "読み取れないときのコード",
    refreshIn: "{{seconds}}秒後に新しいコードに変わります",
    refreshing: "新しいコードに更新しています…",
    expired: "コードの有効期限が切れました。",
    refreshNow: "コードを更新",
    refreshFailed: "コードを更新できませんでした。通信状況を確認してください。",
    activity: {
      check_in: "{{store}}へのご来店を記録しました",
      award: "{{store}}で {{points}} pt 獲得しました",
      redeem: "{{store}}で {{points}} pt 利用しました",
      balance: "現在のポイント: {{points}} pt",
    },
  },
};

export type CardMessages = typeof ja;

const en: CardMessages = {
  cardLive: {
    qrTitle: "Member code",
    instructions: "Show this screen to the staff at the register.",
    qrLabel: "Member card QR code (member number {{number}})",
    codeLabel: "Code to type in if scanning fails",
    refreshIn: "A new code in {{seconds}} s",
    refreshing: "Getting a new code…",
    expired: "This code has expired.",
    refreshNow: "Refresh code",
    refreshFailed: "Could not refresh the code. Check your connection.",
    activity: {
      check_in: "Visit to {{store}} recorded",
      award: "You earned {{points}} pt at {{store}}",
      redeem: "You used {{points}} pt at {{store}}",
      balance: "Balance: {{points}} pt",
    },
  },
};

export const cardMessages: { ja: CardMessages; en: CardMessages } = { ja, en };
