// The merchant console's shell and audit log, Japanese first; loaded with /console. Each area of
// the console keeps its strings in a messages-console-*.ts file of its own.
// `console.unavailable` is what everyone who is not an admin sees: it must not say what the page is.

const ja = {
  console: {
    title: "管理画面",
    signedInAs: "{{name}}さんでログイン中",
    nav: {
      label: "管理メニュー",
      dashboard: "ダッシュボード",
      segments: "セグメント",
      tags: "タグ",
      campaigns: "配信",
      scenarios: "ステップ配信",
      richMenus: "リッチメニュー",
      audit: "操作履歴",
    },
    unavailable: {
      title: "このページは表示できません",
      home: "ホームへ戻る",
    },
    loadFailed: "管理画面を読み込めませんでした",
    audit: {
      title: "操作履歴",
      description: "管理画面で誰がいつ何をしたかの記録です（400日間保存）。",
      loading: "操作履歴を読み込み中です",
      empty: "まだ操作の記録はありません。",
      when: "日時",
      who: "操作した人",
      what: "操作",
      target: "対象",
      detail: "内容",
      more: "さらに表示",
      loadingMore: "読み込み中…",
      actions: {
        segment_save: "セグメントを保存",
        segment_delete: "セグメントを削除",
        campaign_save: "配信を保存",
        campaign_test: "テスト配信",
        campaign_send: "配信を開始",
        campaign_schedule: "配信を予約",
        campaign_cancel: "配信を取り消し",
        campaign_export: "配信結果をCSVで出力",
        scenario_save: "シナリオを保存",
        scenario_pause: "シナリオを停止",
        scenario_resume: "シナリオを再開",
        tag_add: "タグを付与",
        tag_remove: "タグを外す",
        tag_rule_save: "タグのルールを保存",
        richmenu_apply: "リッチメニューを反映",
      },
    },
  },
};

export type ConsoleMessages = typeof ja;

const en: ConsoleMessages = {
  console: {
    title: "Console",
    signedInAs: "Signed in as {{name}}",
    nav: {
      label: "Console menu",
      dashboard: "Dashboard",
      segments: "Segments",
      tags: "Tags",
      campaigns: "Campaigns",
      scenarios: "Scenarios",
      richMenus: "Rich menus",
      audit: "Activity log",
    },
    unavailable: {
      title: "This page can't be shown",
      home: "Back to home",
    },
    loadFailed: "The console couldn't be loaded",
    audit: {
      title: "Activity log",
      description: "Who did what in the console, and when (kept for 400 days).",
      loading: "Loading the activity log",
      empty: "Nothing has been done in the console yet.",
      when: "When",
      who: "Who",
      what: "Action",
      target: "Target",
      detail: "Details",
      more: "Show more",
      loadingMore: "Loading…",
      actions: {
        segment_save: "Saved a segment",
        segment_delete: "Deleted a segment",
        campaign_save: "Saved a campaign",
        campaign_test: "Sent a test",
        campaign_send: "Started sending",
        campaign_schedule: "Scheduled a campaign",
        campaign_cancel: "Cancelled a campaign",
        campaign_export: "Exported results as CSV",
        scenario_save: "Saved a scenario",
        scenario_pause: "Paused a scenario",
        scenario_resume: "Resumed a scenario",
        tag_add: "Tagged members",
        tag_remove: "Removed a tag",
        tag_rule_save: "Saved a tag rule",
        richmenu_apply: "Applied rich menus",
      },
    },
  },
};

export const consoleMessages: { ja: ConsoleMessages; en: ConsoleMessages } = { ja, en };
