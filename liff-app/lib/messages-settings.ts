// The settings screen's strings, Japanese first; loaded with that screen (see messages-linking.ts).

const ja = {
  settings: {
    title: "設定",
    loading: "設定を読み込み中です",
    link: {
      title: "会員連携",
      memberNumber: "会員番号",
      name: "お名前",
      unlinked: "このLINEアカウントは、まだ会員連携していません。",
      unlink: "会員連携を解除",
    },
    devices: {
      title: "会員証を表示できる端末",
      body: "会員証を表示できるスマートフォンの確認と、使わなくなった端末の解除は、会員証の画面でできます。",
      open: "端末の一覧を開く",
    },
    languageTitle: "表示言語",
    contact: {
      title: "{{shop}}へのお問い合わせ",
      form: "お問い合わせフォーム",
    },
    unlinkDialog: {
      title: "会員連携を解除しますか？",
      intro: "解除すると、次のようになります。",
      menu: "LINEのトークのメニューが、会員用から通常のメニューに戻ります。",
      card: "このLINEアカウントでは、会員証やポイントを表示できなくなります。",
      points: "ポイントと会員情報は会員アカウントに残ります。もう一度会員連携すれば、また表示できます。",
      cancel: "キャンセル",
      confirm: "解除する",
      confirming: "解除しています…",
      done: "解除しました",
      notLinked: "このLINEアカウントの会員連携は、すでに解除されています。",
    },
  },
};

export type SettingsMessages = typeof ja;

const en: SettingsMessages = {
  settings: {
    title: "Settings",
    loading: "Loading settings",
    link: {
      title: "Membership link",
      memberNumber: "Member number",
      name: "Name",
      unlinked: "You have not linked your membership to this LINE account yet.",
      unlink: "Unlink your membership",
    },
    devices: {
      title: "Phones that can show your card",
      body: "See which phones can show your member card, and remove any you no longer use, on the card screen.",
      open: "See your phones",
    },
    languageTitle: "Language",
    contact: {
      title: "Contact {{shop}}",
      form: "Contact form",
    },
    unlinkDialog: {
      title: "Unlink your membership?",
      intro: "If you unlink:",
      menu: "The menu in your LINE chat goes back from the member menu to the standard menu.",
      card: "This LINE account can no longer show your member card or points.",
      points: "Your points and membership stay with the shop. Link your membership again any time to see them here.",
      cancel: "Cancel",
      confirm: "Unlink",
      confirming: "Unlinking…",
      done: "Unlinked",
      notLinked: "Your membership is already unlinked from this LINE account.",
    },
  },
};

export const settingsMessages: { ja: SettingsMessages; en: SettingsMessages } = { ja, en };
