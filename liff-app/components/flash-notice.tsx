import { useEffect, useRef, useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { readFlashNotice, withoutFlashNotice, type FlashNotice } from "../lib/flash-notice.ts";
import { useI18n, type I18n } from "../lib/i18n.tsx";
import { useRichMenuSwitch, type ExpectedMenu } from "../lib/rich-menu-status.ts";
import type { RichMenuState } from "../../shared/api.ts";
import { PhraseText } from "./phrase-text.tsx";

/**
 * The notice the previous screen passed along (e.g. "linked"), if any. It takes the focus when
 * it appears: the button that led here is gone, and a screen reader should hear the outcome.
 */
export function FlashNoticeBanner() {
  const location = useLocation();
  const navigate = useNavigate();
  const incoming = readFlashNotice(location.state);
  // The notice is consumed once: as soon as it shows, the history entry is replaced by one
  // without it (a reload or a return to the entry shows nothing), and the notice is held here,
  // on screen with its polling menu status, until dismissed or navigated away. `key` is the
  // entry it stays on; null until the replacing navigation lands.
  const [held, setHeld] = useState<{ notice: FlashNotice; key: string | null } | null>(() =>
    incoming ? { notice: incoming, key: null } : null,
  );
  const [seenKey, setSeenKey] = useState(location.key);
  if (seenKey !== location.key) {
    setSeenKey(location.key);
    setHeld(incoming ? { notice: incoming, key: null } : held?.key === null ? { ...held, key: location.key } : null);
  }

  const consumedFrom = useRef<string | null>(null);
  useEffect(() => {
    if (!readFlashNotice(location.state)) return;
    // StrictMode runs the effect twice; the entry is replaced once.
    if (consumedFrom.current === location.key) return;
    consumedFrom.current = location.key;
    void navigate(`${location.pathname}${location.search}${location.hash}`, {
      replace: true,
      state: withoutFlashNotice(location.state),
    });
  }, [location, navigate]);

  const notice = held?.notice;
  if (!notice) return null;
  return <FlashNoticeMessage notice={notice} onDismiss={() => setHeld(null)} />;
}

function FlashNoticeMessage({ notice, onDismiss }: { notice: FlashNotice; onDismiss: () => void }) {
  const { t, plural } = useI18n();
  const self = useRef<HTMLDivElement>(null);

  useEffect(() => {
    self.current?.focus();
  }, [notice.kind]);

  const text =
    notice.kind === "registered"
      ? notice.welcomePoints > 0
        ? plural("notices.registeredWelcomePoints", notice.welcomePoints)
        : t("notices.registered")
      : t(notice.kind === "linked" ? "notices.linked" : "notices.unlinked");
  const expected: ExpectedMenu = notice.kind === "unlinked" ? "default" : "linked";

  return (
    <div
      ref={self}
      className="notice notice--success notice--dismissible"
      role="status"
      aria-live="polite"
      tabIndex={-1}
      data-testid="flash-notice"
      data-notice={notice.kind}
    >
      <p>
        <PhraseText>{text}</PhraseText>
      </p>
      <RichMenuSwitch expected={expected} initial={notice.richMenu} />
      <button type="button" className="notice__close" onClick={onDismiss} aria-label={t("notices.dismiss")}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

/**
 * Where the chat menu's switch stands, in the notice's live region: "switching…" while LINE has
 * not confirmed it, "switched" once GET /api/link/rich-menu says so, a calm "delayed" otherwise.
 */
function RichMenuSwitch({ expected, initial }: { expected: ExpectedMenu; initial: RichMenuState }) {
  const { t } = useI18n();
  const state = useRichMenuSwitch(expected, initial);
  return (
    <p data-testid="rich-menu-status" data-state={state}>
      {richMenuText(t, expected, state)}
    </p>
  );
}

function richMenuText(t: I18n["t"], expected: ExpectedMenu, state: RichMenuState): string {
  switch (state) {
    case "pending":
      return t("notices.richMenu.pending");
    case "applied":
      return t(expected === "linked" ? "notices.richMenu.appliedLinked" : "notices.richMenu.appliedDefault");
    case "failed":
      return t("notices.richMenu.delayed");
  }
}
