import { useId, useState } from "react";
import { useLocation } from "react-router";
import { useI18n } from "../lib/i18n.tsx";
import { useLiffSession } from "../lib/liff-session-context.tsx";
import { liffUrlFor } from "../lib/liff-url.ts";
import { PhraseText } from "./phrase-text.tsx";

const DISMISSED_KEY = "liff-app:outside-line-notice-dismissed";

/**
 * Opened outside the LINE app (a shared link in Safari or Chrome, LINE's in-app browser): the
 * user is signed in with LINE Login and can go on, but LINE's QR reader and add-friend dialog
 * are not there. Says so once per visit, and offers the same screen in LINE.
 */
export function OutsideLineNotice() {
  const { t } = useI18n();
  const session = useLiffSession();
  const { pathname, search } = useLocation();
  const [dismissed, setDismissed] = useState(() => readDismissed());
  const titleId = useId();
  if (session.inClient || dismissed) return null;

  const dismiss = () => {
    try {
      sessionStorage.setItem(DISMISSED_KEY, "true");
    } catch {
      // Private modes may refuse storage; the notice then goes for this page only.
    }
    setDismissed(true);
  };

  return (
    <section className="outside-line" aria-labelledby={titleId} data-testid="outside-line-notice">
      <div className="outside-line__text">
        {/* Not a heading: it sits above the screen's h1. */}
        <p id={titleId} className="outside-line__title">
          <PhraseText>{t("line.outside.title")}</PhraseText>
        </p>
        <p>
          <PhraseText>{t("line.outside.body")}</PhraseText>
        </p>
      </div>
      <a className="button button--primary" href={liffUrlFor(session.liffId, `${pathname}${search}`)} data-testid="open-in-line">
        {t("line.outside.open")}
      </a>
      <button
        type="button"
        className="outside-line__close"
        aria-label={t("line.outside.dismiss")}
        data-testid="outside-line-dismiss"
        onClick={dismiss}
      >
        <span aria-hidden="true">×</span>
      </button>
    </section>
  );
}

function readDismissed(): boolean {
  try {
    return sessionStorage.getItem(DISMISSED_KEY) === "true";
  } catch {
    return false;
  }
}
