import type { ReactNode } from "react";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";
import { SubmitErrorNotice } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useI18n } from "../../lib/i18n.tsx";

/**
 * Why a booking, change or cancellation did not happen, by error code. When the outcome is open
 * (no answer, a 5xx) the way on is sending the same again, which its unchanged key makes safe.
 */
export function ReservationErrorNotice({ error, outcomeOpen }: { error: unknown; outcomeOpen: boolean }) {
  const { t } = useI18n();
  const code = error instanceof ApiError ? error.code : null;

  const alert = (message: string, extra?: ReactNode) => (
    <div className="notice notice--error" role="alert" data-testid="reservation-error" data-error-code={code}>
      <p>{message}</p>
      {extra}
    </div>
  );

  switch (code) {
    case "slot_full":
      return alert(t("reservations.errors.slotFull"));
    case "slot_unavailable":
      return alert(t("reservations.errors.slotUnavailable"));
    case "cancellation_window_closed":
      return alert(t("reservations.errors.windowClosed"));
    case "reservation_cancelled":
      return alert(t("reservations.errors.reservationCancelled"));
    case "request_in_progress":
      return alert(t("reservations.errors.inProgress"));
    case "idempotency_conflict":
      return alert(t("reservations.errors.conflict"));
    case "not_linked":
      return alert(t("reservations.errors.notLinked"), <LinkCallToAction />);
    case "not_found":
      return alert(t("reservations.errors.notFound"));
    case "bad_request":
      return alert(t("reservations.errors.badRequest"));
    default:
      return (
        <div data-testid="reservation-error" data-error-code={code ?? "network"}>
          <SubmitErrorNotice error={error} />
          {outcomeOpen ? (
            <p className="field__hint">
              <PhraseText>{t("reservations.detail.retryNote")}</PhraseText>
            </p>
          ) : null}
        </div>
      );
  }
}
