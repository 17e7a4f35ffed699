import { Fragment, useEffect, useSyncExternalStore } from "react";
import { useI18n } from "../lib/i18n.tsx";

type SplitPhrases = (sentence: string) => string[];

let splitPhrases: SplitPhrases | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function loadPhraseSplitter(): Promise<void> {
  loading ??= import("../lib/japanese-phrases.ts")
    .then(({ createJapanesePhraseSplitter }) => {
      splitPhrases = createJapanesePhraseSplitter();
      for (const listener of listeners) listener();
    })
    .catch((error: unknown) => {
      // Without it the text still reads, with the browser's own (strict kinsoku) breaks.
      console.warn("BudouX did not load", error);
    });
  return loading;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Whether the browser breaks Japanese between phrases itself (styles.css sets
 * `word-break: auto-phrase` for Japanese). A browser that can't say is left to its own breaks.
 */
export function supportsAutoPhrase(): boolean {
  return typeof CSS === "undefined" || typeof CSS.supports !== "function" || CSS.supports("word-break", "auto-phrase");
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/u;

/**
 * A Japanese sentence (a notice, a description, a heading) that breaks only between phrases:
 * 「お見せください。」 never splits into 「お見せくださ/い。」. Browsers with `word-break:
 * auto-phrase` do it from the stylesheet; elsewhere (iOS) BudouX, loaded on first need as its
 * own chunk, puts a <wbr> between phrases and the text breaks only there.
 */
export function PhraseText({ children }: { children: string }) {
  const { language } = useI18n();
  const needsBudoux = language === "ja" && JAPANESE.test(children) && !supportsAutoPhrase();
  const split = useSyncExternalStore(
    subscribe,
    () => splitPhrases,
    () => null,
  );
  useEffect(() => {
    if (needsBudoux) void loadPhraseSplitter();
  }, [needsBudoux]);

  if (!needsBudoux || !split) return children;
  return (
    <span className="phrase-text">
      {split(children).map((phrase, index) => (
        <Fragment key={index}>
          {index > 0 ? <wbr /> : null}
          {phrase}
        </Fragment>
      ))}
    </span>
  );
}
