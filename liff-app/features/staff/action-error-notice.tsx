import type { ErrorCode } from "../../../shared/errors.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { SubmitErrorNotice } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useI18n } from "../../lib/i18n.tsx";
import type { MessageKey } from "../../lib/messages.ts";

const refusalMessages: Partial<Record<ErrorCode, MessageKey>> = {
  insufficient_points: "staff.actionErrors.insufficientPoints",
  idempotency_conflict: "staff.actionErrors.idempotencyConflict",
  not_found: "staff.actionErrors.scanExpired",
  forbidden: "staff.actionErrors.forbidden",
  bad_request: "staff.actionErrors.badRequest",
  over_points_cap: "staff.actionErrors.overPointsCap",
  merchant_unavailable_redeem: "staff.actionErrors.merchantUnavailableRedeem",
  already_checked_in: "staff.actionErrors.alreadyCheckedIn",
  member_unlinked: "staff.actionErrors.memberUnlinked",
};

/**
 * Why a check-in or points action failed. When the outcome is open (no answer, a 5xx), the
 * way on is sending the very same request again, which the idempotency key makes safe.
 */
export function ActionErrorNotice({ error, onRetry }: { error: unknown; onRetry: (() => void) | null }) {
  const { t } = useI18n();
  const key = error instanceof ApiError && error.code ? refusalMessages[error.code] : undefined;
  if (key && error instanceof ApiError) {
    return (
      <div className="notice notice--error" role="alert" data-testid="staff-action-error" data-error-code={error.code}>
        <p>
          <PhraseText>{t(key)}</PhraseText>
        </p>
      </div>
    );
  }
  return (
    <div
      className="staff-action-error"
      data-testid="staff-action-error"
      data-error-code={error instanceof ApiError ? error.code : "network"}
    >
      <SubmitErrorNotice error={error} />
      {onRetry ? (
        <div className="staff-retry">
          <button
            type="button"
            className="button button--primary button--block staff-button"
            data-testid="staff-action-retry"
            onClick={onRetry}
          >
            {t("staff.actions.retry")}
          </button>
          <p className="field__hint">
            <PhraseText>{t("staff.actions.retryNote")}</PhraseText>
          </p>
        </div>
      ) : null}
    </div>
  );
}
