import { useEffect, useRef, useState } from "react";
import type { ErrorCode } from "../../../shared/errors.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { SubmitErrorNotice } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useI18n } from "../../lib/i18n.tsx";
import type { MessageKey } from "../../lib/messages.ts";
import type { useVoidAction, VoidAsked } from "./todays-actions.ts";

export type Voider = ReturnType<typeof useVoidAction>;

/** What a void needs to ask about, in the words staff see. */
export interface VoidableAction {
  actionId: string;
  kind: "check_in" | "award" | "redeem";
  points: number | null;
  memberNumber: string;
  occurredAt: string;
}

/**
 * 「取り消す」 for one action: it asks once, with what will be undone, before anything is sent;
 * then says how it went, here and nowhere else.
 */
export function VoidControl({ action, from, voider }: { action: VoidableAction; from: VoidAsked["from"]; voider: Voider }) {
  const { t, format, formatNumber } = useI18n();
  const [asking, setAsking] = useState(false);
  const ask = useRef<HTMLDivElement>(null);
  const question = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (!asking) return;
    // The whole question with its buttons in view, then the focus on the question.
    ask.current?.scrollIntoView?.({ block: "nearest" });
    question.current?.focus({ preventScroll: true });
  }, [asking]);

  const params = {
    time: format.time(action.occurredAt),
    points: formatNumber(Math.abs(action.points ?? 0)),
  };
  const busy = voider.isPending;

  if (!asking) {
    return (
      <button
        type="button"
        className="button button--danger-outline staff-void-button"
        aria-disabled={busy || undefined}
        data-testid="staff-void-button"
        onClick={() => {
          if (!busy) setAsking(true);
        }}
      >
        {t("staff.void.button")}
      </button>
    );
  }
  return (
    <div ref={ask} className="staff-void-ask" data-testid="staff-void-ask">
      <p ref={question} tabIndex={-1} className="staff-void-ask__question">
        <PhraseText>{t(`staff.void.question.${action.kind}`, params)}</PhraseText>
      </p>
      <p className="staff-void-ask__member">{t("staff.today.memberNumber", { number: action.memberNumber })}</p>
      <div className="staff-void-ask__buttons">
        <button
          type="button"
          className="button button--secondary staff-button"
          data-testid="staff-void-keep"
          onClick={() => setAsking(false)}
        >
          {t("staff.void.keep")}
        </button>
        <button
          type="button"
          className="button button--danger staff-button"
          aria-disabled={busy || undefined}
          data-testid="staff-void-confirm"
          onClick={() => {
            if (busy) return;
            setAsking(false);
            voider.send({ actionId: action.actionId, from });
          }}
        >
          {t("staff.void.confirm")}
        </button>
      </div>
    </div>
  );
}

const refusalMessages: Partial<Record<ErrorCode, MessageKey>> = {
  void_window_closed: "staff.void.errors.windowClosed",
  insufficient_points: "staff.void.errors.insufficientPoints",
  not_found: "staff.void.errors.notFound",
  forbidden: "staff.void.errors.forbidden",
};

/** How the void asked from this place went: on its way, done (with the balance), or why not. */
export function VoidOutcome({ actionId, from, voider }: { actionId: string; from: VoidAsked["from"]; voider: Voider }) {
  const { t, formatNumber } = useI18n();
  const notice = useRef<HTMLDivElement>(null);
  const mine = voider.asked?.actionId === actionId && voider.asked.from === from;
  const done = mine && voider.result?.action.actionId === actionId ? voider.result : null;

  useEffect(() => {
    if (done) notice.current?.focus();
  }, [done]);

  if (!mine) return null;
  if (voider.isPending) {
    return (
      <p role="status" className="staff-void-pending" data-testid="staff-void-pending">
        <PhraseText>{t("staff.void.pending")}</PhraseText>
      </p>
    );
  }
  if (voider.error) {
    const key = voider.error instanceof ApiError && voider.error.code ? refusalMessages[voider.error.code] : undefined;
    return (
      <div className="staff-action-error" data-testid="staff-void-error">
        {key ? (
          <div className="notice notice--error" role="alert">
            <p>
              <PhraseText>{t(key)}</PhraseText>
            </p>
          </div>
        ) : (
          <SubmitErrorNotice error={voider.error} />
        )}
        {voider.outcomeOpen ? (
          <button
            type="button"
            className="button button--primary staff-button"
            data-testid="staff-void-retry"
            onClick={() => voider.send({ actionId, from })}
          >
            {t("staff.actions.retry")}
          </button>
        ) : null}
      </div>
    );
  }
  if (!done?.action.voided) return null;
  const { kind, voided } = done.action;
  return (
    <div
      ref={notice}
      tabIndex={-1}
      role="status"
      className="notice notice--success staff-void-done"
      data-testid="staff-void-done"
    >
      <p>
        {t(`staff.void.done.${kind}`, {
          points: formatNumber(Math.abs(voided.points)),
          balance: formatNumber(voided.balance),
        })}
      </p>
      {done.lineNotice === "queued" ? (
        <p>
          <PhraseText>{t("staff.results.lineQueued")}</PhraseText>
        </p>
      ) : null}
    </div>
  );
}
