import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { SlotsResponse } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { useNow } from "../../lib/use-now.ts";
import { nextJapanDates } from "./japan-dates.ts";
import { slotsQueryOptions } from "./reservation-queries.ts";

export type Slot = SlotsResponse["slots"][number];

/** How many days ahead the date list offers, today (in Japan) first. */
const BOOKABLE_DAYS = 14;
const SKELETON_SLOTS = 4;

/**
 * A Japan date, then one of its slots with the seats it has left. A slot with fewer free seats
 * than `seatsNeeded` can't be chosen; `currentStartsAt` (the time being changed) neither.
 */
export function SlotPicker({
  storeId,
  serviceId,
  date,
  onDate,
  chosen,
  onChoose,
  seatsNeeded = 1,
  currentStartsAt,
}: {
  storeId: string;
  serviceId: string;
  date: string | null;
  onDate: (date: string) => void;
  chosen: string | null;
  onChoose: (slot: Slot) => void;
  seatsNeeded?: number;
  currentStartsAt?: string;
}) {
  const { t, format } = useI18n();
  // Counted once per visit: the list must not shift under the finger at midnight.
  const [upcomingDates] = useState(() => nextJapanDates(Date.now(), BOOKABLE_DAYS));
  const day = date ?? upcomingDates[0];
  // A reservation further ahead than the list (being changed) keeps its own date in view.
  const dates = upcomingDates.includes(day) ? upcomingDates : [...upcomingDates, day].sort();
  const scroller = useRef<HTMLDivElement>(null);

  // The chosen date may sit beyond the scroller's edge (a change screen opens on the
  // reservation's date): bring it into view once, without moving the page.
  useEffect(() => {
    const box = scroller.current;
    const checked = box?.querySelector("input:checked")?.closest("label");
    if (!box || !checked) return;
    const offset = checked.getBoundingClientRect().left - box.getBoundingClientRect().left + box.scrollLeft;
    box.scrollLeft = offset - (box.clientWidth - checked.getBoundingClientRect().width) / 2;
    // Only on the first render: later choices are made where the finger already is.
  }, []);

  return (
    <>
      <p className="field__hint">
        <PhraseText>{t("reservations.book.when.japanTime")}</PhraseText>
      </p>
      <fieldset className="radio-group reservation-dates" data-testid="reservation-dates">
        <legend className="panel__subtitle radio-group__legend">
          <PhraseText>{t("reservations.book.when.date")}</PhraseText>
        </legend>
        <div className="reservation-dates__scroller" ref={scroller}>
          {dates.map((isoDate) => (
            <label key={isoDate} className="radio-option reservation-date" data-testid="date-option" data-date={isoDate}>
              <input
                type="radio"
                name="reservation-date"
                value={isoDate}
                checked={isoDate === day}
                onChange={() => onDate(isoDate)}
              />
              {format.date(isoDate)}
            </label>
          ))}
        </div>
      </fieldset>
      <SlotList
        storeId={storeId}
        serviceId={serviceId}
        date={day}
        chosen={chosen}
        onChoose={onChoose}
        seatsNeeded={seatsNeeded}
        currentStartsAt={currentStartsAt}
      />
    </>
  );
}

function SlotList({
  storeId,
  serviceId,
  date,
  chosen,
  onChoose,
  seatsNeeded,
  currentStartsAt,
}: {
  storeId: string;
  serviceId: string;
  date: string;
  chosen: string | null;
  onChoose: (slot: Slot) => void;
  seatsNeeded: number;
  currentStartsAt?: string;
}) {
  const { t, format, plural } = useI18n();
  const slots = useQuery(slotsQueryOptions(useApiClient(), storeId, serviceId, date));
  const now = useNow(30_000);
  const chosenSlot = slots.data?.slots.find((slot) => slot.startsAt === chosen) ?? null;

  return (
    <fieldset className="radio-group reservation-slots" aria-busy={slots.isFetching} data-testid="reservation-slots">
      <legend className="panel__subtitle radio-group__legend">
        <PhraseText>{t("reservations.book.when.timeOn", { date: format.date(date) })}</PhraseText>
      </legend>
      <p className="visually-hidden" role="status">
        {slots.isPending ? t("reservations.book.when.loading") : ""}
      </p>
      {slots.isPending ? (
        <div className="reservation-slots__grid" aria-hidden="true" data-testid="slots-skeleton">
          {Array.from({ length: SKELETON_SLOTS }, (_, index) => (
            <span key={index} className="reservation-slot reservation-slot--skeleton skeleton" />
          ))}
        </div>
      ) : !slots.data ? (
        <QueryErrorPanel error={slots.error} onRetry={() => void slots.refetch()} />
      ) : slots.data.slots.length === 0 ? (
        <p data-testid="slots-empty">
          <PhraseText>{t("reservations.book.when.none")}</PhraseText>
        </p>
      ) : (
        <div className="reservation-slots__grid">
          {slots.data.slots.map((slot) => {
            const unavailable = slot.remaining < seatsNeeded || slot.startsAt === currentStartsAt;
            return (
              <label
                key={slot.startsAt}
                className="radio-option reservation-slot"
                data-testid="slot-option"
                data-starts-at={slot.startsAt}
                data-remaining={slot.remaining}
              >
                <input
                  type="radio"
                  name="reservation-slot"
                  value={slot.startsAt}
                  checked={slot.startsAt === chosen}
                  disabled={unavailable}
                  onChange={() => onChoose(slot)}
                />
                <span className="reservation-slot__text">
                  <span className="reservation-slot__time">{format.time(slot.startsAt)}</span>
                  <span className="reservation-slot__seats">
                    {slot.remaining === 0
                      ? t("reservations.book.when.full")
                      : plural("reservations.book.when.remaining", slot.remaining)}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
      )}
      {chosenSlot && insideChangeWindow(chosenSlot, now) ? (
        <p className="notice reservation-final-notice" data-testid="slot-inside-window">
          <PhraseText>{t("reservations.book.when.insideWindow", { hours: windowHours(chosenSlot) })}</PhraseText>
        </p>
      ) : null}
    </fieldset>
  );
}

/** Booked now, this slot could no longer be changed or cancelled: its window has closed already. */
export function insideChangeWindow(slot: Slot, now: number): boolean {
  return Date.parse(slot.changeableUntil) <= now;
}

/** The merchant's window before a slot, in hours, as the slot carries it. */
export function windowHours(slot: Slot): number {
  return Math.round((Date.parse(slot.startsAt) - Date.parse(slot.changeableUntil)) / 3_600_000);
}
