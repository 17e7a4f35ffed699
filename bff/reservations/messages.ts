import type { messagingApi } from "@line/bot-sdk";
import type { Language } from "../../shared/api.ts";
import type { ReminderCandidate, Reservation } from "../../shared/merchant-contract.ts";
import { bubble, liffUrl } from "../line/flex.ts";
import { displayText } from "../line/message-limits.ts";
import { formatJapanDateTime, japanDate } from "./japan-time.ts";

type ReservationView = Omit<Reservation, "memberId">;
type Slot = { storeName: string; serviceName: string; startsAt: string; partySize: number };

/** Each message's words in each language; the merchant's names and the slot are filled in. */
const texts = {
  ja: {
    button: "予約を確認",
    party: (size: number) => `${size}名`,
    details: (store: string, service: string, when: string, party: string) => [`${store}・${service}`, `${when}〜 ${party}`],
    confirmed: "ご予約を承りました",
    changed: "ご予約の時間を変更しました",
    cancelled: "ご予約をキャンセルしました",
    day_before: "明日のご予約のお知らせ",
    hours_before: "まもなくご予約のお時間です",
    altText: (title: string, when: string, store?: string) => `${title}：${when}${store === undefined ? "" : ` ${store}`}`,
  },
  en: {
    button: "View reservation",
    party: (size: number) => (size === 1 ? "1 person" : `${size} people`),
    details: (store: string, service: string, when: string, party: string) => [`${store} · ${service}`, `${when}, ${party}`],
    confirmed: "Your reservation is confirmed",
    changed: "Your reservation was moved",
    cancelled: "Your reservation was cancelled",
    day_before: "Your reservation is tomorrow",
    hours_before: "Your reservation is coming up soon",
    altText: (title: string, when: string, store?: string) => `${title}: ${when}${store === undefined ? "" : ` at ${store}`}`,
  },
} satisfies Record<Language, unknown>;

const reservationButton = (liffId: string, reservationId: string, language: Language): messagingApi.Action => ({
  type: "uri",
  label: texts[language].button,
  uri: liffUrl(liffId, `reservations/${encodeURIComponent(reservationId)}`),
});

const when = (reservation: { startsAt: string }, language: Language) =>
  formatJapanDateTime(Date.parse(reservation.startsAt), language);

/** Store and service names come from the merchant and can be any length or empty. */
const MAX_NAME_CHARS = 80;
const storeName = (reservation: { storeName: string }) => displayText(reservation.storeName, MAX_NAME_CHARS);
const serviceName = (reservation: { serviceName: string }) => displayText(reservation.serviceName, MAX_NAME_CHARS);

function details(reservation: Slot, language: Language): string[] {
  const words = texts[language];
  return words.details(
    storeName(reservation),
    serviceName(reservation),
    when(reservation, language),
    words.party(reservation.partySize),
  );
}

/** After booking in the app. */
export function reservationConfirmedMessage(
  reservation: ReservationView,
  liffId: string,
  language: Language,
): messagingApi.Message {
  const title = texts[language].confirmed;
  return bubble({
    language,
    altText: texts[language].altText(title, when(reservation, language), storeName(reservation)),
    title,
    lines: details(reservation, language),
    buttons: [reservationButton(liffId, reservation.reservationId, language)],
  });
}

/** After moving a reservation to another time. */
export function reservationChangedMessage(
  reservation: ReservationView,
  liffId: string,
  language: Language,
): messagingApi.Message {
  const title = texts[language].changed;
  return bubble({
    language,
    altText: texts[language].altText(title, when(reservation, language)),
    title,
    lines: details(reservation, language),
    buttons: [reservationButton(liffId, reservation.reservationId, language)],
  });
}

/** After cancelling. */
export function reservationCancelledMessage(reservation: ReservationView, language: Language): messagingApi.Message {
  const title = texts[language].cancelled;
  return bubble({
    language,
    altText: texts[language].altText(title, when(reservation, language)),
    title,
    lines: details(reservation, language),
    buttons: [],
  });
}

/** The reminder the cron job sends: the day before, or a few hours before. */
export function reservationReminderMessage(
  reservation: ReminderCandidate,
  kind: "day_before" | "hours_before",
  liffId: string,
  language: Language,
): messagingApi.Message {
  const title = texts[language][kind];
  return bubble({
    language,
    altText: texts[language].altText(title, when(reservation, language), storeName(reservation)),
    title,
    lines: details(reservation, language),
    buttons: [reservationButton(liffId, reservation.reservationId, language)],
  });
}

/**
 * The parameters of a reservation's LINE MINI App service message (its template comes from
 * SERVICE_MESSAGE_TEMPLATES): date and time in Japan time, store, service and party size. The
 * template is registered in one language at LINE, so these stay in the shop's Japanese.
 */
export function reservationServiceParams(reservation: Slot): Record<string, string> {
  const at = Date.parse(reservation.startsAt);
  return {
    date: japanDate(at).replaceAll("-", "/"),
    time: when(reservation, "ja").split(" ").at(-1) ?? "",
    store: storeName(reservation),
    service: serviceName(reservation),
    party_size: texts.ja.party(reservation.partySize),
  };
}
