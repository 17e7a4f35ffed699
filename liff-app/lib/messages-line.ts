// The strings about LINE itself: opened outside the LINE app, and the LINE profile the app may
// ask for. Japanese first. Added to the dictionary by the app shell at start (the notice can
// show on the first screen).

const ja = {
  line: {
    outside: {
      title: "LINEアプリの外で開いています",
      body: "LINEログインでそのまま使えます。QRコードの読み取り（スタッフ用）と友だち追加は、LINEアプリで開くと使えます。",
      open: "LINEで開く",
      dismiss: "LINEアプリの外で開いているお知らせを閉じる",
    },
    profile: {
      showPicture: "LINEのプロフィール画像を表示する",
      useName: "LINEの名前を入力",
      useNameHint: "LINEの表示名を使うには、プロフィール情報の利用を許可してください。",
      declined: "LINEのプロフィールは使いません。お名前を入力してください。",
      unavailable: "LINEのプロフィールを使えませんでした。お名前を入力してください。",
    },
    dev: {
      outsideLine: "LINEアプリの外で開いた状態にする",
      resetProfile: "プロフィールの許可を取り消す（openidのみ）",
    },
  },
};

export type LineMessages = typeof ja;

const en: LineMessages = {
  line: {
    outside: {
      title: "You're outside the LINE app",
      body: "You're signed in with LINE Login and can go on here. Scanning QR codes (for staff) and adding us as a friend work when you open this in the LINE app.",
      open: "Open in LINE",
      dismiss: "Close the notice about being outside LINE",
    },
    profile: {
      showPicture: "Show my LINE profile picture",
      useName: "Use my LINE name",
      useNameHint: "To use your LINE display name, allow the app to see your LINE profile.",
      declined: "We won't use your LINE profile. Please type your name.",
      unavailable: "Your LINE profile couldn't be used. Please type your name.",
    },
    dev: {
      outsideLine: "Open as outside the LINE app",
      resetProfile: "Take back the profile permission (openid only)",
    },
  },
};

export const lineMessages: { ja: LineMessages; en: LineMessages } = { ja, en };
