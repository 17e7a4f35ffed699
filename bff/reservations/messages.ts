import type { messagingApi } from "@line/bot-sdk";
import type { ReminderCandidate, Reservation } from "../../shared/merchant-contract.ts";
import { bubble, liffUrl } from "../line/flex.ts";
import { displayText } from "../line/message-limits.ts";
import { formatJapanDateTime, japanDate } from "./japan-time.ts";

type ReservationView = Omit<Reservation, "memberId">;

const reservationButton = (liffId: string, reservationId: string): messagingApi.Action => ({
  type: "uri",
  label: "予約を確認",
  uri: liffUrl(liffId, `reservations/${encodeURIComponent(reservationId)}`),
});

const when = (reservation: { startsAt: string }) => formatJapanDateTime(Date.parse(reservation.startsAt));

/** Store and service names come from the merchant and can be any length or empty. */
const MAX_NAME_CHARS = 80;
const storeName = (reservation: { storeName: string }) => displayText(reservation.storeName, MAX_NAME_CHARS);

function details(reservation: { storeName: string; serviceName: string; startsAt: string; partySize: number }): string[] {
  return [
    `${storeName(reservation)}・${displayText(reservation.serviceName, MAX_NAME_CHARS)}`,
    `${when(reservation)}〜 ${reservation.partySize}名`,
  ];
}

/** After booking in the app. */
export function reservationConfirmedMessage(reservation: ReservationView, liffId: string): messagingApi.Message {
  return bubble({
    altText: `ご予約を承りました：${when(reservation)} ${storeName(reservation)}`,
    title: "ご予約を承りました",
    lines: [...details(reservation), "Your reservation is confirmed."],
    buttons: [reservationButton(liffId, reservation.reservationId)],
  });
}

/** After moving a reservation to another time. */
export function reservationChangedMessage(reservation: ReservationView, liffId: string): messagingApi.Message {
  return bubble({
    altText: `ご予約の時間を変更しました：${when(reservation)}`,
    title: "ご予約の時間を変更しました",
    lines: [...details(reservation), "Your reservation was moved."],
    buttons: [reservationButton(liffId, reservation.reservationId)],
  });
}

/** After cancelling. */
export function reservationCancelledMessage(reservation: ReservationView): messagingApi.Message {
  return bubble({
    altText: `ご予約をキャンセルしました：${when(reservation)}`,
    title: "ご予約をキャンセルしました",
    lines: [...details(reservation), "Your reservation was cancelled."],
    buttons: [],
  });
}

/** The reminder the cron job sends: the day before, or a few hours before. */
export function reservationReminderMessage(
  reservation: ReminderCandidate,
  kind: "day_before" | "hours_before",
  liffId: string,
): messagingApi.Message {
  const title = kind === "day_before" ? "明日のご予約のお知らせ" : "まもなくご予約のお時間です";
  return bubble({
    altText: `${title}：${when(reservation)} ${storeName(reservation)}`,
    title,
    lines: [...details(reservation), "A reminder of your reservation."],
    buttons: [reservationButton(liffId, reservation.reservationId)],
  });
}

/**
 * The parameters of a reservation's LINE MINI App service message (its template comes from
 * SERVICE_MESSAGE_TEMPLATES): date and time in Japan time, store, service and party size.
 */
export function reservationServiceParams(reservation: {
  storeName: string;
  serviceName: string;
  startsAt: string;
  partySize: number;
}): Record<string, string> {
  const at = Date.parse(reservation.startsAt);
  return {
    date: japanDate(at).replaceAll("-", "/"),
    time: when(reservation).split(" ").at(-1) ?? "",
    store: storeName(reservation),
    service: displayText(reservation.serviceName, MAX_NAME_CHARS),
    party_size: `${reservation.partySize}名`,
  };
}
