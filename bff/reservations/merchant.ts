import type { z } from "zod";
import { ErrorBody } from "../../shared/errors.ts";
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
import { UpstreamError } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";

// The reservation half of the merchant contract. It follows bff/merchant/client.ts call for
// call (timeouts, expected refusals, answers checked against the contract); it sits apart only
// because that file belongs to another change in flight, and folds into it as is.

export interface ReservationMerchantOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  requestId: string;
  log: Logger;
}

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
  createReservation(memberId: string, request: CreateReservationRequest, key: string): Promise<Reservation | ReservationRefusal | null>;
  changeReservation(
    memberId: string,
    reservationId: string,
    request: ChangeReservationRequest,
    key: string,
  ): Promise<Reservation | ReservationRefusal | null>;
  cancelReservation(memberId: string, reservationId: string, key: string): Promise<Reservation | ReservationRefusal | null>;
  listReminderCandidates(window: { from: string; to: string; cursor?: string; limit?: number }): Promise<ReminderCandidatePage>;
}

type Result<T> = { ok: true; value: T } | { ok: false; status: number; error: ErrorBody };

/** Creates the reservation client for one request or one reminder run. */
export function createReservationMerchant(options: ReservationMerchantOptions): ReservationMerchant {
  const base = options.baseUrl.replace(/\/+$/, "");
  const id = encodeURIComponent;
  const invalidAnswer = () => new UpstreamError("upstream_invalid", "The merchant's answer does not match the merchant contract");

  async function call<T>(spec: {
    operation: string;
    method: "GET" | "POST";
    path: string;
    body?: unknown;
    idempotencyKey?: string;
    ok: z.ZodType<T>;
    expected?: readonly number[];
  }): Promise<Result<T>> {
    const started = Date.now();
    let response: Response;
    try {
      response = await fetch(`${base}${spec.path}`, {
        method: spec.method,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: "application/json",
          "x-request-id": options.requestId,
          ...(spec.idempotencyKey ? { "idempotency-key": spec.idempotencyKey } : {}),
          ...(spec.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === "TimeoutError";
      options.log.warn("merchant call failed", { operation: spec.operation, reason: timedOut ? "timeout" : "network" });
      throw timedOut
        ? new UpstreamError("upstream_timeout", "The merchant did not answer in time", { cause: error })
        : new UpstreamError("upstream_unavailable", "The merchant could not be reached", { cause: error });
    }
    options.log.info("merchant call", { operation: spec.operation, status: response.status, ms: Date.now() - started });
    if ((spec.expected ?? []).includes(response.status)) {
      const error = ErrorBody.safeParse(await response.json().catch(() => undefined));
      if (!error.success) throw invalidAnswer();
      return { ok: false, status: response.status, error: error.data };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new UpstreamError("upstream_unavailable", `The merchant answered ${response.status}`);
    }
    const parsed = spec.ok.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw invalidAnswer();
    return { ok: true, value: parsed.data };
  }

  const valueOf = <T>(result: Result<T>): T => {
    if (!result.ok) throw invalidAnswer();
    return result.value;
  };
  const orNull = <T>(result: Result<T>): T | null => (result.ok ? result.value : null);
  const writeResult = (result: Result<Reservation>): Reservation | ReservationRefusal | null => {
    if (result.ok) return result.value;
    if (result.status === 404) return null;
    const { code, message } = result.error.error;
    if (!REFUSALS.has(code)) throw invalidAnswer();
    return { refused: code as ReservationRefusal["refused"], message };
  };

  return {
    getSettings: async () =>
      valueOf(await call({ operation: "getReservationSettings", method: "GET", path: "/v1/reservation-settings", ok: ReservationSettings })),
    listStores: async () =>
      valueOf(await call({ operation: "listReservableStores", method: "GET", path: "/v1/reservable-stores", ok: ReservableStoreList })),
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
          idempotencyKey: key,
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
          idempotencyKey: key,
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
          idempotencyKey: key,
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
