import type { ReservationView } from "../../../shared/api.ts";
import { useI18n } from "../../lib/i18n.tsx";

/** The reservation's state in words; its colour only repeats them. */
export function ReservationStatusBadge({ status }: { status: ReservationView["status"] }) {
  const { t } = useI18n();
  return (
    <span className={`reservation-status reservation-status--${status}`} data-testid="reservation-status" data-status={status}>
      {t(`reservations.status.${status}`)}
    </span>
  );
}
