import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Link } from "react-router";
import type { ReservationView } from "../../../shared/api.ts";
import { HomeLink } from "../../components/home-link.tsx";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { storeName } from "../../lib/brand.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { reservationsMessages } from "../../lib/messages-reservations.ts";
import { newReservationPath, reservationPath } from "./reservation-paths.ts";
import { myReservationsQueryOptions } from "./reservation-queries.ts";
import { ReservationStatusBadge } from "./reservation-status.tsx";
import "./reservations.css";

addMessages(reservationsMessages);

/** /reservations: the member's upcoming reservations (earliest first) and past ones (latest first). */
export function ReservationsScreen() {
  const { t } = useI18n();
  const reservations = useQuery(myReservationsQueryOptions(useApiClient(), useMemberScope()));
  const unlinked = reservations.error instanceof ApiError && reservations.error.code === "not_linked";

  return (
    <section
      className="screen"
      aria-labelledby="reservations-title"
      aria-busy={reservations.isPending}
      data-testid="reservations-screen"
    >
      <HomeLink />
      <h1 id="reservations-title" className="screen__title">
        <PhraseText>{t("reservations.list.title")}</PhraseText>
      </h1>
      <p className="visually-hidden" role="status">
        {reservations.isPending ? t("reservations.list.loading") : ""}
      </p>
      {unlinked ? (
        <div className="panel" data-testid="reservations-unlinked">
          <p>
            <PhraseText>{t("reservations.unlinked")}</PhraseText>
          </p>
          <LinkCallToAction />
        </div>
      ) : (
        <>
          <Link to={newReservationPath} className="button button--primary button--block" data-testid="reservation-new-link">
            {t("reservations.list.book")}
          </Link>
          {reservations.isPending ? (
            <ul className="reservation-list" aria-hidden="true" data-testid="reservations-skeleton">
              {Array.from({ length: 2 }, (_, index) => (
                <li key={index} className="reservation-row reservation-row--skeleton skeleton" />
              ))}
            </ul>
          ) : !reservations.data ? (
            <QueryErrorPanel error={reservations.error} onRetry={() => void reservations.refetch()} />
          ) : (
            <>
              <ReservationGroup
                title={t("reservations.list.upcoming")}
                empty={t("reservations.list.upcomingEmpty")}
                reservations={reservations.data.upcoming}
                testId="reservations-upcoming"
              />
              <ReservationGroup
                title={t("reservations.list.past")}
                empty={t("reservations.list.pastEmpty")}
                reservations={reservations.data.past}
                testId="reservations-past"
              />
            </>
          )}
        </>
      )}
    </section>
  );
}

function ReservationGroup({
  title,
  empty,
  reservations,
  testId,
}: {
  title: string;
  empty: string;
  reservations: ReservationView[];
  testId: string;
}) {
  const id = useId();
  return (
    <section className="reservation-group" aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="panel__title">
        {title}
      </h2>
      {reservations.length === 0 ? (
        <p className="panel" data-testid={`${testId}-empty`}>
          {empty}
        </p>
      ) : (
        <ul className="reservation-list">
          {reservations.map((reservation) => (
            <ReservationRow key={reservation.reservationId} reservation={reservation} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ReservationRow({ reservation }: { reservation: ReservationView }) {
  const { format, plural, language } = useI18n();
  return (
    <li>
      <Link
        to={reservationPath(reservation.reservationId)}
        className="reservation-row"
        data-testid="reservation-row"
        data-reservation-id={reservation.reservationId}
      >
        <span className="reservation-row__head">
          <time dateTime={reservation.startsAt} className="reservation-row__date">
            {format.dateTime(reservation.startsAt)}
          </time>
          <ReservationStatusBadge status={reservation.status} />
        </span>
        <span className="reservation-row__name">
          {storeName(reservation.storeId, reservation.storeName, language)} ・ {reservation.serviceName}
        </span>
        <span className="reservation-row__meta">{plural("reservations.partySize", reservation.partySize)}</span>
      </Link>
    </li>
  );
}
