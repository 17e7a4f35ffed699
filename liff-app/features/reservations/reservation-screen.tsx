import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import type { LineNotice, ReservationView } from "../../../shared/api.ts";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { useNow } from "../../lib/use-now.ts";
import { ApiError } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { reservationsMessages } from "../../lib/messages-reservations.ts";
import { BackLink } from "../../components/back-link.tsx";
import { StoreContactPanel, StorePhoneLink } from "../../components/store-contact.tsx";
import { storeName } from "../../lib/brand.ts";
import { japanDateOf } from "./japan-dates.ts";
import { ReservationErrorNotice } from "./reservation-error-notice.tsx";
import { readReservationArrival, reservationsPath } from "./reservation-paths.ts";
import { reservationQueryOptions } from "./reservation-queries.ts";
import { ReservationStatusBadge } from "./reservation-status.tsx";
import { useCancelReservation, useChangeReservationTime } from "./reservation-writes.ts";
import "./reservations.css";
import { SlotPicker } from "./slot-picker.tsx";

addMessages(reservationsMessages);

/** What just happened here, and whether the BFF queued a LINE message about it (on its way, not sent). */
interface Outcome {
  kind: "booked" | "changed" | "cancelled";
  lineNotice: LineNotice;
}

/** /reservations/:reservationId: one reservation; its time changed or it cancelled while the store's window is open. */
export function ReservationScreen() {
  const { t } = useI18n();
  const { reservationId = "" } = useParams();
  const location = useLocation();
  const reservation = useQuery(reservationQueryOptions(useApiClient(), useMemberScope(), reservationId));
  const [outcome, setOutcome] = useState<Outcome | null>(() => {
    const arrival = readReservationArrival(location.state);
    return arrival ? { kind: arrival.arrival, lineNotice: arrival.lineNotice } : null;
  });
  const error = reservation.error;
  const notFound =
    error instanceof ApiError && (error.status === 404 || error.code === "bad_request") && error.code !== "not_linked";
  const unlinked = error instanceof ApiError && error.code === "not_linked";

  return (
    <section
      className="screen"
      aria-labelledby="reservation-title"
      aria-busy={reservation.isPending}
      data-testid="reservation-screen"
    >
      <BackLink to={reservationsPath} label={t("reservations.detail.back")} testId="reservation-back-link" />
      <h1 id="reservation-title" className="screen__title">
        {notFound && !reservation.data ? t("reservations.detail.notFoundTitle") : t("reservations.detail.title")}
      </h1>
      <div aria-live="polite">
        {outcome ? (
          <p
            className="notice notice--success"
            data-testid="reservation-outcome"
            data-outcome={outcome.kind}
            data-line-notice={outcome.lineNotice}
          >
            {t(`reservations.detail.${outcome.kind}`)}
            {outcome.lineNotice === "queued" ? <> {t("reservations.detail.lineQueued")}</> : null}
          </p>
        ) : null}
      </div>
      <p className="visually-hidden" role="status">
        {reservation.isPending ? t("reservations.detail.loading") : ""}
      </p>
      {reservation.isPending ? (
        <div className="panel reservation-skeleton skeleton" aria-hidden="true" data-testid="reservation-skeleton" />
      ) : reservation.data ? (
        <ReservationDetail reservation={reservation.data} onOutcome={setOutcome} />
      ) : notFound ? (
        <div className="panel" data-testid="reservation-not-found">
          <p>
            <PhraseText>{t("reservations.detail.notFoundBody")}</PhraseText>
          </p>
          <Link to={reservationsPath} className="button button--secondary button--block">
            {t("reservations.detail.back")}
          </Link>
        </div>
      ) : unlinked ? (
        <div className="panel" data-testid="reservations-unlinked">
          <p>
            <PhraseText>{t("reservations.unlinked")}</PhraseText>
          </p>
          <LinkCallToAction />
        </div>
      ) : (
        <QueryErrorPanel error={error} onRetry={() => void reservation.refetch()} />
      )}
    </section>
  );
}

type Mode = "view" | "change" | "cancel";

/** Anything but "queued" (an older BFF, no notice) says nothing about LINE. */
const queuedOrNone = (lineNotice: LineNotice | undefined): LineNotice => (lineNotice === "queued" ? "queued" : "none");

function ReservationDetail({ reservation, onOutcome }: { reservation: ReservationView; onOutcome: (outcome: Outcome) => void }) {
  const { t, format, plural, language } = useI18n();
  const change = useChangeReservationTime(reservation.reservationId);
  const cancel = useCancelReservation(reservation.reservationId);
  const [mode, setMode] = useState<Mode>("view");
  const [date, setDate] = useState(() => japanDateOf(Date.parse(reservation.startsAt)));
  const [newStartsAt, setNewStartsAt] = useState<string | null>(null);
  // The store said the window has closed: believe it over this phone's clock.
  const [closedByStore, setClosedByStore] = useState(false);
  const modeStart = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (mode !== "view") modeStart.current?.focus();
  }, [mode]);

  // Re-rendered as time passes, so the change and cancel buttons go when the window closes.
  const now = useNow(30_000);
  const upcoming = reservation.status === "confirmed" && Date.parse(reservation.startsAt) > now;
  const changeable = upcoming && !closedByStore && now < Date.parse(reservation.changeableUntil);
  const lastError = change.error ?? cancel.error;
  const outcomeOpen = change.error ? change.outcomeOpen : cancel.outcomeOpen;

  const failed = (error: unknown) => {
    if (!(error instanceof ApiError)) return;
    if (error.code === "cancellation_window_closed" || error.code === "reservation_cancelled") {
      setClosedByStore(true);
      setMode("view");
    }
    if (error.code === "slot_full" || error.code === "slot_unavailable") setNewStartsAt(null);
  };

  const sendChange = () => {
    if (!newStartsAt || change.isPending) return;
    change.send(
      { startsAt: newStartsAt },
      ({ lineNotice }) => {
        setMode("view");
        setNewStartsAt(null);
        onOutcome({ kind: "changed", lineNotice: queuedOrNone(lineNotice) });
      },
      failed,
    );
  };

  const sendCancel = () => {
    if (cancel.isPending || cancel.done) return;
    cancel.send(
      { reservationId: reservation.reservationId },
      ({ lineNotice }) => {
        setMode("view");
        onOutcome({ kind: "cancelled", lineNotice: queuedOrNone(lineNotice) });
      },
      failed,
    );
  };

  const switchMode = (next: Mode) => {
    if (!change.outcomeOpen) change.reset();
    if (!cancel.outcomeOpen) cancel.reset();
    setMode(next);
  };

  return (
    <>
      {/* Not a region of its own: the screen's section already carries this name. */}
      <div className="panel" data-testid="reservation-detail">
        <p className="reservation-detail__head">
          <span className="reservation-detail__name" data-testid="reservation-name">
            {storeName(reservation.storeId, reservation.storeName, language)} ・ {reservation.serviceName}
          </span>
          <ReservationStatusBadge status={reservation.status} />
        </p>
        <dl className="facts">
          <div className="facts__row">
            <dt>{t("reservations.book.confirm.startsAt")}</dt>
            <dd data-testid="reservation-starts-at">{format.span(reservation.startsAt, reservation.endsAt)}</dd>
          </div>
          <div className="facts__row">
            <dt>{t("reservations.book.confirm.partySize")}</dt>
            <dd data-testid="reservation-party-size">{plural("reservations.partySize", reservation.partySize)}</dd>
          </div>
          <div className="facts__row">
            <dt>{t("reservations.book.confirm.note")}</dt>
            <dd>{reservation.note || t("reservations.book.confirm.noNote")}</dd>
          </div>
          <div className="facts__row">
            <dt>{t("reservations.detail.number")}</dt>
            <dd data-testid="reservation-number">{reservation.reservationNumber}</dd>
          </div>
        </dl>
        {changeable ? (
          <p className="field__hint" data-testid="reservation-changeable-until">
            <PhraseText>
              {t("reservations.detail.changeableUntil", { time: format.dateTime(reservation.changeableUntil) })}
            </PhraseText>
          </p>
        ) : upcoming ? (
          <div className="notice" data-testid="reservation-window-closed">
            <p>
              <PhraseText>
                {t("reservations.detail.windowClosed", { time: format.dateTime(reservation.changeableUntil) })}
              </PhraseText>
            </p>
            <StorePhoneLink storeId={reservation.storeId} />
          </div>
        ) : null}
      </div>

      <div className="form__errors">
        {lastError ? <ReservationErrorNotice error={lastError} outcomeOpen={outcomeOpen} /> : null}
      </div>

      {changeable && mode === "view" ? (
        <div className="action-stack">
          <button
            type="button"
            className="button button--secondary button--block"
            data-testid="reservation-change"
            onClick={() => switchMode("change")}
          >
            {t("reservations.detail.change")}
          </button>
          <button
            type="button"
            className="button button--danger-outline button--block"
            data-testid="reservation-cancel"
            onClick={() => switchMode("cancel")}
          >
            {t("reservations.detail.cancel")}
          </button>
        </div>
      ) : null}

      {changeable && mode === "change" ? (
        <section
          className="panel reservation-step"
          aria-labelledby="reservation-change-title"
          data-testid="reservation-change-panel"
        >
          <h2 id="reservation-change-title" className="panel__title" tabIndex={-1} ref={modeStart}>
            <PhraseText>{t("reservations.detail.changeTitle")}</PhraseText>
          </h2>
          <SlotPicker
            storeId={reservation.storeId}
            serviceId={reservation.serviceId}
            date={date}
            onDate={(next) => {
              setDate(next);
              setNewStartsAt(null);
            }}
            chosen={newStartsAt}
            onChoose={(slot) => {
              if (!change.outcomeOpen) change.reset();
              setNewStartsAt(slot.startsAt);
            }}
            seatsNeeded={reservation.partySize}
            currentStartsAt={reservation.startsAt}
          />
          <div className="action-stack">
            <button
              type="button"
              className="button button--primary button--block"
              aria-disabled={!newStartsAt || change.isPending || undefined}
              data-testid="reservation-change-submit"
              onClick={sendChange}
            >
              {change.isPending ? t("reservations.detail.changeSubmitting") : t("reservations.detail.changeSubmit")}
            </button>
            <button type="button" className="button button--secondary button--block" onClick={() => switchMode("view")}>
              {t("reservations.detail.changeAbort")}
            </button>
          </div>
        </section>
      ) : null}

      {changeable && mode === "cancel" ? (
        <section
          className="panel reservation-step"
          role="alertdialog"
          aria-labelledby="reservation-cancel-title"
          data-testid="reservation-cancel-panel"
        >
          <h2 id="reservation-cancel-title" className="panel__title" tabIndex={-1} ref={modeStart}>
            <PhraseText>{t("reservations.detail.cancelConfirm")}</PhraseText>
          </h2>
          <div className="action-stack">
            <button
              type="button"
              className="button button--danger button--block"
              aria-disabled={cancel.isPending || cancel.done || undefined}
              data-testid="reservation-cancel-confirm"
              onClick={sendCancel}
            >
              {cancel.isPending ? t("reservations.detail.cancelSubmitting") : t("reservations.detail.cancelSubmit")}
            </button>
            <button
              type="button"
              className="button button--secondary button--block"
              data-testid="reservation-cancel-abort"
              onClick={() => switchMode("view")}
            >
              {t("reservations.detail.cancelAbort")}
            </button>
          </div>
        </section>
      ) : null}

      {/* The window-closed notice above already offers the call. */}
      <StoreContactPanel storeId={reservation.storeId} merchantName={reservation.storeName} withPhone={changeable || !upcoming} />
    </>
  );
}
