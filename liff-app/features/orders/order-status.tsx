import type { OrderDetailResponse } from "../../../shared/api.ts";
import { useI18n } from "../../lib/i18n.tsx";

/** An order's status as a labelled badge; the colour repeats the words, never replaces them. */
export function OrderStatusBadge({ status }: { status: OrderDetailResponse["status"] }) {
  const { t } = useI18n();
  return (
    <span className={`order-status order-status--${status}`} data-testid="order-status" data-status={status}>
      {t(`orders.status.${status}`)}
    </span>
  );
}
