/** The app's reservation paths; ids are URL-safe by contract, encoded anyway. */
export const reservationsPath = "/reservations";
export const newReservationPath = "/reservations/new";
export const reservationPath = (reservationId: string) => `/reservations/${encodeURIComponent(reservationId)}`;

import type { LineNotice } from "../../../shared/api.ts";

/**
 * What the detail screen says on arrival, handed over in the navigation's state: the booking,
 * and whether the BFF queued a LINE message about it (on its way, not yet sent).
 */
export interface ReservationArrival {
  arrival: "booked";
  lineNotice: LineNotice;
}

/** The arrival in a location's state, if any; history state outlives app versions, so it is checked. */
export function readReservationArrival(state: unknown): ReservationArrival | null {
  if (typeof state !== "object" || state === null || !("arrival" in state) || state.arrival !== "booked") return null;
  return { arrival: "booked", lineNotice: "lineNotice" in state && state.lineNotice === "queued" ? "queued" : "none" };
}
