import type { UseQueryResult } from "@tanstack/react-query";
import { useId } from "react";
import { Link } from "react-router";
import type { OrdersResponse } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { NowBlockSkeleton } from "./now-block-skeleton.tsx";

const JAPAN_OFFSET_MS = 9 * 3_600_000;

/** The Japan calendar date of an instant ("2026-11-28"), wherever the phone is. */
function japanDateOf(instant: string): string {
  return new Date(Date.parse(instant) + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
}

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
        <PhraseText>{t("homeNow.order.title")}</PhraseText>
      </h2>
      {latest ? (
        <Link to={`/orders/${encodeURIComponent(latest.orderId)}`} className="home-now__link" data-testid="latest-order-link">
          <span className="home-now__row">
            <span className="home-now__lead">{t("homeNow.order.number", { orderNumber: latest.orderNumber })}</span>
            <span className={`order-status order-status--${latest.status}`} data-testid="latest-order-status">
              {t(`orders.status.${latest.status}`)}
            </span>
          </span>
          <span className="home-now__row home-now__meta">
            <span>{t("homeNow.order.orderedOn", { date: format.date(japanDateOf(latest.orderedAt)) })}</span>
            <span className="home-now__amount">{format.yen(latest.totalYen)}</span>
          </span>
        </Link>
      ) : (
        <p data-testid="latest-order-none">
          <PhraseText>{t("homeNow.order.none")}</PhraseText>
        </p>
      )}
    </section>
  );
}
