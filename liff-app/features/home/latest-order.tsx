import type { UseQueryResult } from "@tanstack/react-query";
import { useId } from "react";
import { Link } from "react-router";
import type { OrdersResponse } from "../../../shared/api.ts";
import { useI18n } from "../../lib/i18n.tsx";
import { NowBlockSkeleton } from "./now-block-skeleton.tsx";

/** The newest order's number, day and status, one tap from its detail. */
export function LatestOrder({ query }: { query: UseQueryResult<OrdersResponse["orders"][number] | null> }) {
  const { t, format } = useI18n();
  const id = useId();
  if (query.isPending) return <NowBlockSkeleton testId="latest-order-skeleton" />;
  if (query.data === undefined) return null;
  const latest = query.data;
  return (
    <section className="panel home-now__block" aria-labelledby={id} data-testid="latest-order">
      <h2 id={id} className="panel__subtitle">
        {t("homeNow.order.title")}
      </h2>
      {latest ? (
        <Link to={`/orders/${encodeURIComponent(latest.orderId)}`} className="home-now__link" data-testid="latest-order-link">
          <span className="home-now__row">
            <span className="home-now__lead">{t("homeNow.order.number", { orderNumber: latest.orderNumber })}</span>
            <span className={`home-status home-status--${latest.status}`} data-testid="latest-order-status">
              {t(`orders.status.${latest.status}`)}
            </span>
          </span>
          <span className="home-now__meta">
            {t("homeNow.order.orderedOn", { date: format.dateTime(latest.orderedAt) })} ・ {format.yen(latest.totalYen)}
          </span>
        </Link>
      ) : (
        <p data-testid="latest-order-none">{t("homeNow.order.none")}</p>
      )}
    </section>
  );
}
