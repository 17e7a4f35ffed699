import type { z } from "zod";
import {
  ReminderCandidatePage,
  ReservableStoreList,
  Reservation,
  ReservationList,
  ReservationServiceList,
  ReservationSettings,
  ReservationSlotList,
  type ChangeReservationRequest,
  type CreateReservationRequest,
} from "../../shared/merchant-contract.ts";
import {
  createMerchantCall,
  invalidMerchantAnswer,
  orNull,
  valueOf,
  type CallResult,
  type MerchantClientOptions,
} from "../merchant/transport.ts";

// The reservation half of the merchant contract, on the same transport as bff/merchant/client.ts
// (timeouts, expected refusals, answers checked against the contract).

export type ReservationMerchantOptions = MerchantClientOptions;

/** A write the merchant refused, with the contract's code; nothing changed. */
export type ReservationRefusal = {
  refused: "slot_full" | "slot_unavailable" | "cancellation_window_closed" | "reservation_cancelled" | "idempotency_conflict";
  message: string;
};

const REFUSALS: ReadonlySet<string> = new Set<ReservationRefusal["refused"]>([
  "slot_full",
  "slot_unavailable",
  "cancellation_window_closed",
  "reservation_cancelled",
  "idempotency_conflict",
]);

export interface ReservationMerchant {
  getSettings(): Promise<ReservationSettings>;
  listStores(): Promise<z.infer<typeof ReservableStoreList>>;
  /** Null when the store is unknown. */
  listServices(storeId: string): Promise<z.infer<typeof ReservationServiceList> | null>;
  listSlots(storeId: string, serviceId: string, date: string): Promise<ReservationSlotList | null>;
  listReservations(memberId: string): Promise<Reservation[] | null>;
  getReservation(memberId: string, reservationId: string): Promise<Reservation | null>;
  createReservation(
    memberId: string,
    request: CreateReservationRequest,
    key: string,
  ): Promise<Reservation | ReservationRefusal | null>;
  changeReservation(
    memberId: string,
    reservationId: string,
    request: ChangeReservationRequest,
    key: string,
  ): Promise<Reservation | ReservationRefusal | null>;
  cancelReservation(memberId: string, reservationId: string, key: string): Promise<Reservation | ReservationRefusal | null>;
  listReminderCandidates(window: { from: string; to: string; cursor?: string; limit?: number }): Promise<ReminderCandidatePage>;
}

/** Creates the reservation client for one request or one reminder run. */
export function createReservationMerchant(options: ReservationMerchantOptions): ReservationMerchant {
  const call = createMerchantCall(options);
  const id = encodeURIComponent;
  const idempotent = (key: string) => ({ "idempotency-key": key });
  const writeResult = (result: CallResult<Reservation, 404 | 409 | 422>): Reservation | ReservationRefusal | null => {
    if (result.ok) return result.value;
    if (result.status === 404) return null;
    const { code, message } = result.error.error;
    if (!REFUSALS.has(code)) throw invalidMerchantAnswer();
    return { refused: code as ReservationRefusal["refused"], message };
  };

  return {
    getSettings: async () =>
      valueOf(
        await call({
          operation: "getReservationSettings",
          method: "GET",
          path: "/v1/reservation-settings",
          ok: ReservationSettings,
        }),
      ),
    listStores: async () =>
      valueOf(
        await call({ operation: "listReservableStores", method: "GET", path: "/v1/reservable-stores", ok: ReservableStoreList }),
      ),
    listServices: async (storeId) =>
      orNull(
        await call({
          operation: "listReservationServices",
          method: "GET",
          path: `/v1/reservable-stores/${id(storeId)}/services`,
          ok: ReservationServiceList,
          expected: [404],
        }),
      ),
    listSlots: async (storeId, serviceId, date) =>
      orNull(
        await call({
          operation: "listReservationSlots",
          method: "GET",
          path: `/v1/reservable-stores/${id(storeId)}/slots?${new URLSearchParams({ serviceId, date })}`,
          ok: ReservationSlotList,
          expected: [404],
        }),
      ),
    listReservations: async (memberId) =>
      orNull(
        await call({
          operation: "listReservations",
          method: "GET",
          path: `/v1/members/${id(memberId)}/reservations`,
          ok: ReservationList,
          expected: [404],
        }),
      )?.reservations ?? null,
    getReservation: async (memberId, reservationId) =>
      orNull(
        await call({
          operation: "getReservation",
          method: "GET",
          path: `/v1/members/${id(memberId)}/reservations/${id(reservationId)}`,
          ok: Reservation,
          expected: [404],
        }),
      ),
    createReservation: async (memberId, request, key) =>
      writeResult(
        await call({
          operation: "createReservation",
          method: "POST",
          path: `/v1/members/${id(memberId)}/reservations`,
          body: request,
          headers: idempotent(key),
          ok: Reservation,
          expected: [404, 409, 422],
        }),
      ),
    changeReservation: async (memberId, reservationId, request, key) =>
      writeResult(
        await call({
          operation: "changeReservation",
          method: "POST",
          path: `/v1/members/${id(memberId)}/reservations/${id(reservationId)}/change`,
          body: request,
          headers: idempotent(key),
          ok: Reservation,
          expected: [404, 409, 422],
        }),
      ),
    cancelReservation: async (memberId, reservationId, key) =>
      writeResult(
        await call({
          operation: "cancelReservation",
          method: "POST",
          path: `/v1/members/${id(memberId)}/reservations/${id(reservationId)}/cancel`,
          headers: idempotent(key),
          ok: Reservation,
          expected: [404, 422],
        }),
      ),
    listReminderCandidates: async ({ from, to, cursor, limit }) => {
      const query = new URLSearchParams({ from, to });
      if (cursor) query.set("cursor", cursor);
      if (limit) query.set("limit", String(limit));
      return valueOf(
        await call({
          operation: "listReminderCandidates",
          method: "GET",
          path: `/v1/reservations/reminder-candidates?${query}`,
          ok: ReminderCandidatePage,
        }),
      );
    },
  };
}
