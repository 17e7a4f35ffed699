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
    waitingForNetwork: "通信できないため、新しいコードを表示できません。",
    nextCodeIn: "{{seconds}}秒後に次のコードを表示します",
    used: "このコードは使用済みです。",
    brightness: "画面を明るくすると、読み取りやすくなります。",
    needsNetwork: "初めて会員証を表示するには通信が必要です。電波の届く場所でもう一度お試しください。",
    retry: "再読み込み",
    memberNumber: "会員番号 {{number}}",
    asOf: "{{time}}時点の情報",
    stale: "最新の会員情報を取得できませんでした。コードはこのままお使いいただけます。",
    phones: {
      title: "会員証を表示できる端末",
      description: "会員証のコードを作れる端末の一覧です。使っていない端末は解除できます。",
      thisPhone: "この端末",
      lastSeen: "最終利用 {{time}}",
      revoke: "解除",
      revokeLabel: "{{label}}（最終利用 {{time}}）を解除",
      revoked: "端末を解除しました。",
      empty: "登録されている端末はありません。",
      failed: "端末の一覧を取得できませんでした。",
    },
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
    waitingForNetwork: "No connection: a new code cannot be shown yet.",
    nextCodeIn: "The next code in {{seconds}} s",
    used: "This code has been used.",
    brightness: "Turn up your screen brightness for easier scanning.",
    needsNetwork: "The first time, showing your member card needs a connection. Please try again where you have signal.",
    retry: "Reload",
    memberNumber: "Member number {{number}}",
    asOf: "As of {{time}}",
    stale: "Could not get your latest member details. The code still works.",
    phones: {
      title: "Phones that can show your card",
      description: "These phones can make your member card's codes. Remove any you no longer use.",
      thisPhone: "This phone",
      lastSeen: "Last used {{time}}",
      revoke: "Remove",
      revokeLabel: "Remove {{label}} (last used {{time}})",
      revoked: "The phone was removed.",
      empty: "No phones are registered.",
      failed: "Could not load your phones.",
    },
    activity: {
      check_in: "Visit to {{store}} recorded",
      award: "You earned {{points}} pt at {{store}}",
      redeem: "You used {{points}} pt at {{store}}",
      balance: "Balance: {{points}} pt",
    },
  },
};

export const cardMessages: { ja: CardMessages; en: CardMessages } = { ja, en };
