/** The app's reservation paths; ids are URL-safe by contract, encoded anyway. */
export const reservationsPath = "/reservations";
export const newReservationPath = "/reservations/new";
export const reservationPath = (reservationId: string) => `/reservations/${encodeURIComponent(reservationId)}`;

/** What the detail screen says on arrival, handed over in the navigation's state. */
export type ReservationArrival = "booked";
