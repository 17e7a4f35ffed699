import type { BootFailure } from "./boot.ts";

// Shown before any language is known (LIFF never started), so it speaks both languages and
// needs neither the dictionary nor the router.
const messages: Record<BootFailure, { ja: string; en: string }> = {
  "missing-liff-id": {
    ja: "アプリの設定が不足しています(LIFF IDが設定されていません)。",
    en: "The app is not configured (no LIFF ID is set).",
  },
  "init-failed": {
    ja: "LINEとの接続を開始できませんでした。通信状況を確認して、もう一度お試しください。",
    en: "The app could not connect to LINE. Check your connection and try again.",
  },
};

export function BootErrorScreen({ reason }: { reason: BootFailure }) {
  return (
    <main className="boot-error">
      <div role="alert">
        <h1 id="boot-error-title" className="screen__title">
          <span lang="ja">起動できませんでした</span>
          <span className="boot-error__en" lang="en">
            The app could not start
          </span>
        </h1>
        <p lang="ja">{messages[reason].ja}</p>
        <p lang="en">{messages[reason].en}</p>
      </div>
      <button type="button" className="button button--primary" onClick={() => location.reload()}>
        <span lang="ja">再読み込み</span> / <span lang="en">Reload</span>
      </button>
    </main>
  );
}
