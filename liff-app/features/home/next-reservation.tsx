import type { UseQueryResult } from "@tanstack/react-query";
import { useId } from "react";
import { Link } from "react-router";
import type { ReservationView } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { storeName } from "../../lib/brand.ts";
import { useI18n } from "../../lib/i18n.tsx";
import { NowBlockSkeleton } from "./now-block-skeleton.tsx";

/** The first upcoming reservation (cancelled ones are not upcoming), or the way to book one. */
export function NextReservation({ query }: { query: UseQueryResult<ReservationView | null> }) {
  const { t, format, language } = useI18n();
  const id = useId();
  if (query.isPending) return <NowBlockSkeleton testId="next-reservation-skeleton" />;
  if (query.data === undefined) return null;
  const next = query.data;
  return (
    <section className="panel home-now__block" aria-labelledby={id} data-testid="next-reservation">
      <h2 id={id} className="panel__subtitle">
        <PhraseText>{t("homeNow.reservation.title")}</PhraseText>
      </h2>
      {next ? (
        <Link
          to={`/reservations/${encodeURIComponent(next.reservationId)}`}
          className="home-now__link"
          data-testid="next-reservation-link"
        >
          <time dateTime={next.startsAt} className="home-now__lead">
            {format.dateTime(next.startsAt)}
          </time>
          <span className="home-now__meta">
            {storeName(next.storeId, next.storeName, language)} ・ {next.serviceName}
          </span>
        </Link>
      ) : (
        <>
          <p data-testid="next-reservation-none">
            <PhraseText>{t("homeNow.reservation.none")}</PhraseText>
          </p>
          <Link to="/reservations/new" className="home-now__action">
            {t("homeNow.reservation.book")}
          </Link>
        </>
      )}
    </section>
  );
}
