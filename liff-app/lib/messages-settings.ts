// The settings screen's strings, Japanese first; loaded with that screen (see messages-linking.ts).

const ja = {
  settings: {
    title: "設定",
    loading: "設定を読み込み中です",
    link: {
      title: "ID連携",
      memberNumber: "会員番号",
      name: "お名前",
      unlinked: "LINEアカウントはまだ会員情報と連携していません。",
      unlink: "連携を解除",
    },
    languageTitle: "表示言語",
    unlinkDialog: {
      title: "ID連携を解除しますか？",
      intro: "解除すると、次のようになります。",
      menu: "LINEのトークのメニューが、会員用から通常のメニューに戻ります。",
      card: "このLINEアカウントでは、会員証やポイントを表示できなくなります。",
      points: "ポイントと会員情報は会員アカウントに残ります。もう一度連携すれば、また表示できます。",
      cancel: "キャンセル",
      confirm: "解除する",
      confirming: "解除しています…",
      done: "解除しました",
      notLinked: "このLINEアカウントの連携は、すでに解除されています。",
    },
  },
};

export type SettingsMessages = typeof ja;

const en: SettingsMessages = {
  settings: {
    title: "Settings",
    loading: "Loading settings",
    link: {
      title: "Linked membership",
      memberNumber: "Member number",
      name: "Name",
      unlinked: "Your LINE account is not linked to a membership yet.",
      unlink: "Unlink",
    },
    languageTitle: "Language",
    unlinkDialog: {
      title: "Unlink your membership?",
      intro: "If you unlink:",
      menu: "The menu in your LINE chat goes back from the member menu to the standard menu.",
      card: "This LINE account can no longer show your member card or points.",
      points: "Your points and membership stay with the shop. Link again any time to see them here.",
      cancel: "Cancel",
      confirm: "Unlink",
      confirming: "Unlinking…",
      done: "Unlinked",
      notLinked: "This LINE account is already unlinked.",
    },
  },
};

export const settingsMessages: { ja: SettingsMessages; en: SettingsMessages } = { ja, en };
