import { ApiError, isUnauthorized } from "../lib/api-client.ts";
import { useI18n } from "../lib/i18n.tsx";
import type { MessageKey } from "../lib/messages.ts";
import { useSessionRecovery } from "../lib/session-recovery.tsx";
import { PhraseText } from "./phrase-text.tsx";

/** The message for a failed BFF call, by error code; the BFF's own message is for logs. */
export function errorMessageKey(error: unknown): MessageKey {
  if (error instanceof ApiError) {
    switch (error.code) {
      case "upstream_unavailable":
      case "upstream_invalid":
        return "errors.upstreamUnavailable";
      case "upstream_timeout":
        return "errors.upstreamTimeout";
      case "rate_limited":
        return "errors.rateLimited";
      default:
        return "errors.unexpected";
    }
  }
  // fetch() rejects with a TypeError when the request never got an answer.
  return error instanceof TypeError ? "errors.network" : "errors.unexpected";
}

/**
 * What a customer can read out to support: the first 8 characters of the request id, enough to
 * find the request in the logs, short enough to say on the phone.
 */
export function supportReference(error: unknown): string | undefined {
  const requestId = error instanceof ApiError ? error.body?.error.requestId : undefined;
  return requestId ? requestId.slice(0, 8) : undefined;
}

/** A failed query in place of its content: what went wrong and the way out (retry or re-login). */
export function QueryErrorPanel({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (isUnauthorized(error)) return <SessionExpiredPanel />;
  return <RetryPanel error={error} onRetry={onRetry} />;
}

function RetryPanel({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  const reference = supportReference(error);
  return (
    <div className="notice notice--error" role="alert">
      <p>
        <PhraseText>{t(errorMessageKey(error))}</PhraseText>
      </p>
      {reference ? (
        <p className="notice__detail" data-testid="support-reference">
          {t("errors.requestId", { id: reference })}
        </p>
      ) : null}
      <button type="button" className="button button--primary" onClick={onRetry} data-testid="retry-button">
        {t("errors.retry")}
      </button>
    </div>
  );
}

function SessionExpiredPanel() {
  const { t } = useI18n();
  const { status, reloginNow } = useSessionRecovery();
  if (status === "relogging-in") {
    return (
      <div className="notice" role="status" aria-busy="true">
        <p>
          <PhraseText>{t("errors.relogging")}</PhraseText>
        </p>
      </div>
    );
  }
  return (
    <div className="notice notice--error" role="alert">
      <p>
        <PhraseText>{t("errors.sessionExpired")}</PhraseText>
      </p>
      <button type="button" className="button button--primary" onClick={() => void reloginNow()} data-testid="relogin-button">
        {t("errors.relogin")}
      </button>
    </div>
  );
}

/**
 * A failed form submit that the form has no more specific words for. The form stays as it was,
 * so its own submit button is the retry.
 */
export function SubmitErrorNotice({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (isUnauthorized(error)) return <SubmitUnauthorizedNotice />;
  const reference = supportReference(error);
  return (
    <div className="notice notice--error" role="alert" data-testid="submit-error">
      <p>
        <PhraseText>{t(errorMessageKey(error))}</PhraseText>
      </p>
      {reference ? (
        <p className="notice__detail" data-testid="support-reference">
          {t("errors.requestId", { id: reference })}
        </p>
      ) : null}
    </div>
  );
}

// The 401 already started a re-login (app/query-client.ts); once a fresh token is in place the
// user only has to send again.
function SubmitUnauthorizedNotice() {
  const { t } = useI18n();
  const { status } = useSessionRecovery();
  if (status === "blocked") return <SessionExpiredPanel />;
  if (status === "relogging-in") {
    return (
      <div className="notice" role="status" aria-busy="true">
        <p>
          <PhraseText>{t("errors.relogging")}</PhraseText>
        </p>
      </div>
    );
  }
  return (
    <div className="notice notice--error" role="alert" data-testid="submit-error">
      <p>
        <PhraseText>{t("errors.reloggedResubmit")}</PhraseText>
      </p>
    </div>
  );
}
