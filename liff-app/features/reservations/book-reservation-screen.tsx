import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from "react";
import { useNavigate } from "react-router";
import type { ServicesResponse, StoresResponse } from "../../../shared/api.ts";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { StorePhoneLink } from "../../components/store-contact.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { storeDetails, storeName } from "../../lib/brand.ts";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { useMe } from "../../lib/me.ts";
import { reservationsMessages } from "../../lib/messages-reservations.ts";
import { useNow } from "../../lib/use-now.ts";
import { BackLink } from "../../components/back-link.tsx";
import { ReservationErrorNotice } from "./reservation-error-notice.tsx";
import { reservationPath, reservationsPath, type ReservationArrival } from "./reservation-paths.ts";
import { servicesQueryOptions, storesQueryOptions, type Position } from "./reservation-queries.ts";
import { useBookReservation } from "./reservation-writes.ts";
import "./reservations.css";
import { insideChangeWindow, SlotPicker, type Slot } from "./slot-picker.tsx";

addMessages(reservationsMessages);

type Store = StoresResponse["stores"][number];
type Service = ServicesResponse["services"][number];
type Step = "store" | "service" | "when" | "details" | "confirm";

const NOTE_MAX = 500;

/**
 * /reservations/new: store (nearest first when the customer shares where they are), service
 * (skipped when the store has one), Japan date and slot, party size and note, then a
 * confirmation that books once, however often it is sent.
 */
export function BookReservationScreen() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const me = useMe();
  const booking = useBookReservation();
  const [step, setStep] = useState<Step>("store");
  const [store, setStore] = useState<Store | null>(null);
  const [service, setService] = useState<Service | null>(null);
  const [serviceSkipped, setServiceSkipped] = useState(false);
  const [date, setDate] = useState<string | null>(null);
  const [slot, setSlot] = useState<Slot | null>(null);
  const [partySize, setPartySize] = useState(1);
  const [note, setNote] = useState("");
  const stepTitle = useRef<HTMLHeadingElement>(null);
  const firstStep = useRef(true);
  const now = useNow(30_000);
  // Never more people than the chosen slot has seats for, whatever was picked for another slot.
  const seats = slot ? Math.max(1, Math.min(partySize, maxPartySize(service, slot))) : partySize;

  // Each step replaces the last: move focus to its title so a screen reader starts there, and
  // show the step from the top of the screen, as a new page would (focusing alone would leave
  // the page scrolled wherever the last step's button was, under the sticky header).
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    window.scrollTo(0, 0);
    stepTitle.current?.focus({ preventScroll: true });
  }, [step]);

  const chooseStore = (chosen: Store) => {
    setStore(chosen);
    setService(null);
    setSlot(null);
    setStep("service");
  };
  const chooseService = (chosen: Service, skipped: boolean) => {
    setService(chosen);
    setServiceSkipped(skipped);
    setSlot(null);
    setStep("when");
  };
  const chooseSlot = (chosen: Slot) => {
    if (!booking.outcomeOpen) booking.reset();
    setSlot(chosen);
    setPartySize((size) => Math.max(1, Math.min(size, maxPartySize(service, chosen))));
  };

  const confirm = () => {
    if (!service || !slot || booking.isPending || booking.done) return;
    const trimmed = note.trim();
    booking.send(
      { serviceId: service.serviceId, startsAt: slot.startsAt, partySize: seats, ...(trimmed ? { note: trimmed } : {}) },
      // Replaces the sheet in the history: "back" from the reservation must not offer it again.
      (booked) => {
        const arrival: ReservationArrival = { arrival: "booked", lineNotice: booked.lineNotice === "queued" ? "queued" : "none" };
        void navigate(reservationPath(booked.reservationId), { replace: true, state: arrival });
      },
      (error) => {
        // The seats are gone: back to the times, refreshed (reservation-writes.ts), to pick another.
        if (error instanceof ApiError && (error.code === "slot_full" || error.code === "slot_unavailable")) {
          setSlot(null);
          setStep("when");
        }
      },
    );
  };

  const seatsRefused =
    booking.error instanceof ApiError && (booking.error.code === "slot_full" || booking.error.code === "slot_unavailable");
  // Known unlinked: say so before the first choice, not at the last step.
  const unlinked = me.data?.link.status === "unlinked" && !booking.done;

  return (
    <section className="screen" aria-labelledby="book-title" data-testid="book-reservation-screen" data-step={step}>
      <BackLink to={reservationsPath} label={t("reservations.book.back")} testId="book-back-link" />
      <h1 id="book-title" className="screen__title">
        <PhraseText>{t("reservations.book.title")}</PhraseText>
      </h1>
      {unlinked ? (
        <div className="panel" data-testid="reservations-unlinked">
          <p>
            <PhraseText>{t("reservations.unlinked")}</PhraseText>
          </p>
          <LinkCallToAction />
        </div>
      ) : step === "store" ? (
        <StoreStep titleRef={stepTitle} onChoose={chooseStore} />
      ) : step === "service" && store ? (
        <ServiceStep titleRef={stepTitle} store={store} onChoose={chooseService} onBack={() => setStep("store")} />
      ) : step === "when" && store && service ? (
        <StepPanel titleRef={stepTitle} title={t("reservations.book.when.title")} testId="step-when">
          <p className="reservation-choice" data-testid="chosen-service">
            <StoreName store={store} /> ・ {service.name}
          </p>
          {seatsRefused ? <ReservationErrorNotice error={booking.error} outcomeOpen={false} /> : null}
          <SlotPicker
            storeId={store.storeId}
            serviceId={service.serviceId}
            date={date}
            onDate={(next) => {
              setDate(next);
              setSlot(null);
            }}
            chosen={slot?.startsAt ?? null}
            onChoose={chooseSlot}
          />
          <StepButtons
            onBack={() => setStep(serviceSkipped ? "store" : "service")}
            onNext={() => setStep("details")}
            nextDisabled={!slot}
            nextHint={slot ? null : t("reservations.book.when.chooseSlot")}
          />
        </StepPanel>
      ) : step === "details" && service && slot ? (
        <DetailsStep
          titleRef={stepTitle}
          service={service}
          slot={slot}
          partySize={seats}
          onPartySize={setPartySize}
          note={note}
          onNote={setNote}
          onBack={() => setStep("when")}
          onNext={() => setStep("confirm")}
        />
      ) : step === "confirm" && store && service && slot ? (
        <StepPanel titleRef={stepTitle} title={t("reservations.book.confirm.title")} testId="step-confirm">
          <ConfirmSummary store={store} service={service} slot={slot} partySize={seats} note={note.trim()} />
          {insideChangeWindow(slot, now) ? (
            <div className="notice reservation-final-notice" data-testid="book-final-notice">
              <p>
                <PhraseText>{t("reservations.book.confirm.finalNotice")}</PhraseText>
              </p>
              <StorePhoneLink storeId={store.storeId} />
            </div>
          ) : null}
          <div className="form__errors">
            {booking.error && !seatsRefused ? (
              <ReservationErrorNotice error={booking.error} outcomeOpen={booking.outcomeOpen} />
            ) : null}
          </div>
          {booking.outcomeOpen ? (
            <p className="field__hint">
              <PhraseText>{t("reservations.book.confirm.retryNote")}</PhraseText>
            </p>
          ) : null}
          {/* aria-disabled rather than disabled: the button keeps the focus; confirm() ignores taps. */}
          <button
            type="button"
            className="button button--primary button--block"
            aria-disabled={booking.isPending || booking.done || undefined}
            data-testid="book-submit"
            onClick={confirm}
          >
            {booking.isPending
              ? t("reservations.book.confirm.submitting")
              : booking.done
                ? t("reservations.book.confirm.booked")
                : t("reservations.book.confirm.submit")}
          </button>
          <button type="button" className="button button--secondary button--block" onClick={() => setStep("details")}>
            {t("reservations.book.previous")}
          </button>
        </StepPanel>
      ) : null}
    </section>
  );
}

/** The most people one booking of this slot may bring: the service's limit or the seats left, whichever is less (0: full). */
function maxPartySize(service: Service | null, slot: Slot): number {
  return Math.max(0, Math.min(service?.maxPartySize ?? 1, slot.remaining));
}

function StepPanel({
  titleRef,
  title,
  testId,
  children,
}: {
  titleRef: RefObject<HTMLHeadingElement | null>;
  title: string;
  testId: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section className="panel reservation-step" aria-labelledby={id} data-testid={testId}>
      <h2 id={id} ref={titleRef} tabIndex={-1} className="panel__title">
        {title}
      </h2>
      {children}
    </section>
  );
}

function StepButtons({
  onBack,
  onNext,
  nextDisabled = false,
  nextHint = null,
}: {
  onBack: () => void;
  onNext?: () => void;
  nextDisabled?: boolean;
  nextHint?: string | null;
}) {
  const { t } = useI18n();
  return (
    <div className="reservation-step__buttons">
      {nextHint ? <p className="field__hint">{nextHint}</p> : null}
      {onNext ? (
        <button
          type="button"
          className="button button--primary button--block"
          aria-disabled={nextDisabled || undefined}
          data-testid="step-next"
          onClick={() => {
            if (!nextDisabled) onNext();
          }}
        >
          {t("reservations.book.next")}
        </button>
      ) : null}
      <button type="button" className="button button--secondary button--block" data-testid="step-back" onClick={onBack}>
        {t("reservations.book.previous")}
      </button>
    </div>
  );
}

type Locating = "idle" | "locating" | "denied";

function StoreStep({ titleRef, onChoose }: { titleRef: RefObject<HTMLHeadingElement | null>; onChoose: (store: Store) => void }) {
  const { t } = useI18n();
  const [position, setPosition] = useState<Position | null>(null);
  const [locating, setLocating] = useState<Locating>("idle");
  const stores = useQuery(storesQueryOptions(useApiClient(), position));
  const canLocate = typeof navigator !== "undefined" && "geolocation" in navigator;

  // Asked only on a tap: the permission prompt must come from the customer's own wish.
  const sortByDistance = () => {
    if (locating === "locating") return;
    setLocating("locating");
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        setPosition({ lat: coords.latitude, lng: coords.longitude });
        setLocating("idle");
      },
      () => setLocating("denied"),
      { maximumAge: 300_000, timeout: 15_000 },
    );
  };

  return (
    <StepPanel titleRef={titleRef} title={t("reservations.book.store.title")} testId="step-store">
      {canLocate ? (
        <button
          type="button"
          className="button button--secondary button--block"
          aria-disabled={locating === "locating" || undefined}
          data-testid="stores-nearest"
          onClick={sortByDistance}
        >
          {locating === "locating" ? t("reservations.book.store.locating") : t("reservations.book.store.nearest")}
        </button>
      ) : null}
      <div aria-live="polite">
        {locating === "denied" ? (
          <p className="notice" data-testid="location-denied">
            <PhraseText>{t("reservations.book.store.locationDenied")}</PhraseText>
          </p>
        ) : position && stores.data ? (
          <p className="field__hint" data-testid="stores-sorted">
            <PhraseText>{t("reservations.book.store.sortedByDistance")}</PhraseText>
          </p>
        ) : null}
      </div>
      <p className="visually-hidden" role="status">
        {stores.isPending ? t("reservations.book.store.loading") : ""}
      </p>
      {stores.isPending ? (
        <ChoiceSkeleton testId="stores-skeleton" />
      ) : !stores.data ? (
        <QueryErrorPanel error={stores.error} onRetry={() => void stores.refetch()} />
      ) : stores.data.stores.length === 0 ? (
        <p data-testid="stores-empty">
          <PhraseText>{t("reservations.book.store.empty")}</PhraseText>
        </p>
      ) : (
        <ul className="reservation-choices" data-testid="store-list">
          {stores.data.stores.map((store) => (
            <li key={store.storeId}>
              <button
                type="button"
                className="reservation-choice-button"
                data-testid="store-option"
                data-store-id={store.storeId}
                onClick={() => onChoose(store)}
              >
                <span className="reservation-choice-button__name">
                  <StoreName store={store} />
                </span>
                <span className="reservation-choice-button__meta">
                  <StoreAddress store={store} />
                  {store.distanceKm !== null ? (
                    <span data-testid="store-distance">
                      {" "}
                      ・ {t("reservations.book.store.distance", { km: store.distanceKm.toFixed(1) })}
                    </span>
                  ) : null}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </StepPanel>
  );
}

function ServiceStep({
  titleRef,
  store,
  onChoose,
  onBack,
}: {
  titleRef: RefObject<HTMLHeadingElement | null>;
  store: Store;
  onChoose: (service: Service, skipped: boolean) => void;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const services = useQuery(servicesQueryOptions(useApiClient(), store.storeId));
  const only = services.data?.services.length === 1 ? services.data.services[0] : null;

  // Nothing to choose between: go straight on to the date.
  useEffect(() => {
    if (only) onChoose(only, true);
  }, [only, onChoose]);

  return (
    <StepPanel titleRef={titleRef} title={t("reservations.book.service.title")} testId="step-service">
      <p className="reservation-choice">
        <StoreName store={store} />
      </p>
      <p className="visually-hidden" role="status">
        {services.isPending ? t("reservations.book.service.loading") : ""}
      </p>
      {services.isPending || only ? (
        <ChoiceSkeleton testId="services-skeleton" />
      ) : !services.data ? (
        <QueryErrorPanel error={services.error} onRetry={() => void services.refetch()} />
      ) : services.data.services.length === 0 ? (
        <p data-testid="services-empty">
          <PhraseText>{t("reservations.book.service.empty")}</PhraseText>
        </p>
      ) : (
        <ul className="reservation-choices" data-testid="service-list">
          {services.data.services.map((service) => (
            <li key={service.serviceId}>
              <button
                type="button"
                className="reservation-choice-button"
                data-testid="service-option"
                data-service-id={service.serviceId}
                onClick={() => onChoose(service, false)}
              >
                <span className="reservation-choice-button__name">{service.name}</span>
                <span className="reservation-choice-button__meta" data-testid="service-facts">
                  <ServiceFacts service={service} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <StepButtons onBack={onBack} />
    </StepPanel>
  );
}

function DetailsStep({
  titleRef,
  service,
  slot,
  partySize,
  onPartySize,
  note,
  onNote,
  onBack,
  onNext,
}: {
  titleRef: RefObject<HTMLHeadingElement | null>;
  service: Service;
  slot: Slot;
  partySize: number;
  onPartySize: (size: number) => void;
  note: string;
  onNote: (note: string) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t, plural } = useI18n();
  const id = useId();
  const limit = maxPartySize(service, slot);
  if (limit === 0) {
    return (
      <StepPanel titleRef={titleRef} title={t("reservations.book.details.title")} testId="step-details">
        <p className="notice" role="alert" data-testid="slot-gone">
          <PhraseText>{t("reservations.book.details.slotGone")}</PhraseText>
        </p>
        <StepButtons onBack={onBack} />
      </StepPanel>
    );
  }
  return (
    <StepPanel titleRef={titleRef} title={t("reservations.book.details.title")} testId="step-details">
      <div className="field">
        <label htmlFor={`${id}-party`} className="field__label">
          {t("reservations.book.details.partySize")}
        </label>
        <p id={`${id}-party-hint`} className="field__hint" data-testid="party-size-hint">
          {slot.remaining < service.maxPartySize
            ? plural("reservations.book.details.seatsLeftHint", limit)
            : plural("reservations.book.details.serviceLimitHint", limit)}
        </p>
        <select
          id={`${id}-party`}
          className="field__input"
          aria-describedby={`${id}-party-hint`}
          value={partySize}
          data-testid="party-size"
          onChange={(event) => onPartySize(Number(event.target.value))}
        >
          {Array.from({ length: limit }, (_, index) => index + 1).map((size) => (
            <option key={size} value={size}>
              {plural("reservations.partySize", size)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`} className="field__label">
          {t("reservations.book.details.note")}
          <span className="field__tag">{t("reservations.book.details.optional")}</span>
        </label>
        <p id={`${id}-note-hint`} className="field__hint">
          <PhraseText>{t("reservations.book.details.noteHint")}</PhraseText>
        </p>
        <textarea
          id={`${id}-note`}
          className="field__input reservation-note"
          aria-describedby={`${id}-note-hint`}
          maxLength={NOTE_MAX}
          rows={3}
          value={note}
          data-testid="reservation-note"
          onChange={(event) => onNote(event.target.value)}
        />
      </div>
      <StepButtons onBack={onBack} onNext={onNext} />
    </StepPanel>
  );
}

/** The store's name in the customer's language (the brand config's), else the merchant's. */
function StoreName({ store }: { store: Store }) {
  const { language } = useI18n();
  return storeName(store.storeId, store.name, language);
}

/** The brand config's address in the customer's language, else the merchant's. */
function StoreAddress({ store }: { store: Store }) {
  const { language } = useI18n();
  return storeDetails(store.storeId)?.address[language] ?? store.address;
}

/** 「60分 ・ お一人様 ¥1,500」: the duration, and the price when the merchant gives one. */
function ServiceFacts({ service }: { service: Service }) {
  const { t } = useI18n();
  const servicePrice = useServicePrice();
  const duration = t("reservations.book.service.duration", { minutes: service.durationMinutes });
  if (service.priceYen === null || service.priceYen === undefined) return duration;
  return `${duration} ・ ${servicePrice(service.priceYen)}`;
}

function useServicePrice(): (priceYen: number) => string {
  const { t, format } = useI18n();
  return (priceYen) =>
    priceYen === 0 ? t("reservations.book.service.free") : t("reservations.book.service.price", { price: format.yen(priceYen) });
}

function ConfirmSummary({
  store,
  service,
  slot,
  partySize,
  note,
}: {
  store: Store;
  service: Service;
  slot: Slot;
  partySize: number;
  note: string;
}) {
  const { t, format, plural } = useI18n();
  const servicePrice = useServicePrice();
  return (
    <dl className="facts" data-testid="book-summary">
      <div className="facts__row">
        <dt>{t("reservations.book.confirm.store")}</dt>
        <dd data-testid="summary-store">
          <StoreName store={store} />
        </dd>
      </div>
      <div className="facts__row">
        <dt>{t("reservations.book.confirm.service")}</dt>
        <dd data-testid="summary-service">{service.name}</dd>
      </div>
      <div className="facts__row">
        <dt>{t("reservations.book.confirm.startsAt")}</dt>
        <dd data-testid="summary-starts-at">{format.span(slot.startsAt, slot.endsAt)}</dd>
      </div>
      <div className="facts__row">
        <dt>{t("reservations.book.confirm.partySize")}</dt>
        <dd data-testid="summary-party-size">{plural("reservations.partySize", partySize)}</dd>
      </div>
      {service.priceYen !== null && service.priceYen !== undefined ? (
        <div className="facts__row">
          <dt>{t("reservations.book.confirm.price")}</dt>
          <dd data-testid="summary-price">{servicePrice(service.priceYen)}</dd>
        </div>
      ) : null}
      <div className="facts__row">
        <dt>{t("reservations.book.confirm.note")}</dt>
        <dd data-testid="summary-note">{note || t("reservations.book.confirm.noNote")}</dd>
      </div>
    </dl>
  );
}

function ChoiceSkeleton({ testId }: { testId: string }) {
  return (
    <ul className="reservation-choices" aria-hidden="true" data-testid={testId}>
      {Array.from({ length: 3 }, (_, index) => (
        <li key={index} className="reservation-choice-button reservation-choice-button--skeleton skeleton" />
      ))}
    </ul>
  );
}
