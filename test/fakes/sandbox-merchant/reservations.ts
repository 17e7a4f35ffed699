import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import {
  ChangeReservationRequest,
  CreateReservationRequest,
  MemberId,
  ReminderCandidatesQuery,
  ReservationId,
  ReservationSlotsQuery,
  StoreId,
  type ReminderCandidatePage,
  type Reservation,
  type ReservationSettings,
  type ReservationSlot,
} from "../../../shared/merchant-contract.ts";
import type { MerchantDatabase } from "./database.ts";
import { once, readIdempotencyKey, type StoredAnswer } from "./idempotency.ts";
import { nextNumber } from "./numbers.ts";
import { decodeCursor, encodeCursor, memberExists } from "./points.ts";
import { validJsonBody, validPathParams, validQuery } from "./validation.ts";

// Reservations as a booking system keeps them. Slots come from each service's daily timetable
// in Japan time; the seats a slot has left are what its confirmed reservations leave. Booking
// and moving put the capacity check inside the writing statement, so the last seat goes to
// exactly one request however many arrive at once.

const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;
/** How far ahead customers may book. */
const BOOKING_HORIZON_DAYS = 90;
const DEFAULT_CANDIDATE_PAGE = 500;

const ServiceRow = z.object({
  serviceId: z.string(),
  storeId: z.string(),
  storeName: z.string(),
  name: z.string(),
  durationMinutes: z.number().int(),
  capacity: z.number().int(),
  maxPartySize: z.number().int(),
  priceYen: z.number().int().nullable(),
  firstStartMinute: z.number().int(),
  lastStartMinute: z.number().int(),
  intervalMinutes: z.number().int(),
});
type ServiceRow = z.infer<typeof ServiceRow>;

const ReservationRow = z.object({
  reservationId: z.string(),
  reservationNumber: z.string(),
  memberId: z.string(),
  serviceId: z.string(),
  startsAt: z.string(),
  partySize: z.number().int(),
  note: z.string().nullable(),
  status: z.enum(["confirmed", "cancelled"]),
  bookedAt: z.string(),
});

const SERVICE_COLUMNS = `s.service_id AS serviceId, s.store_id AS storeId, st.name AS storeName, s.name,
  s.duration_minutes AS durationMinutes, s.capacity, s.max_party_size AS maxPartySize, s.price_yen AS priceYen,
  s.first_start_minute AS firstStartMinute, s.last_start_minute AS lastStartMinute, s.interval_minutes AS intervalMinutes`;

function serviceById(db: MerchantDatabase, serviceId: string): ServiceRow | null {
  return db.row(
    `SELECT ${SERVICE_COLUMNS} FROM reservation_services s JOIN stores st ON st.store_id = s.store_id WHERE s.service_id = ?`,
    [serviceId],
    ServiceRow,
  );
}

export function readReservationSettings(db: MerchantDatabase): ReservationSettings {
  const row = db.row(
    `SELECT cancellation_window_hours AS cancellationWindowHours, day_before_local_hour AS dayBeforeLocalHour,
            hours_before AS hoursBefore, quiet_start_hour AS quietStartHour, quiet_end_hour AS quietEndHour
     FROM reservation_settings`,
    [],
    z.object({
      cancellationWindowHours: z.number(),
      dayBeforeLocalHour: z.number(),
      hoursBefore: z.number(),
      quietStartHour: z.number().nullable(),
      quietEndHour: z.number().nullable(),
    }),
  )!;
  return {
    cancellationWindowHours: row.cancellationWindowHours,
    reminders: {
      dayBeforeLocalHour: row.dayBeforeLocalHour,
      hoursBefore: row.hoursBefore,
      quietHours:
        row.quietStartHour === null || row.quietEndHour === null
          ? null
          : { startHour: row.quietStartHour, endHour: row.quietEndHour },
    },
  };
}

/** The instant a Japan date's minute of the day falls on. */
const japanInstant = (date: string, minuteOfDay: number) =>
  Date.parse(`${date}T00:00:00Z`) - JAPAN_OFFSET_MS + minuteOfDay * MINUTE_MS;

function japanDateAndMinute(instant: number): { date: string; minute: number } {
  const shifted = new Date(instant + JAPAN_OFFSET_MS);
  return { date: shifted.toISOString().slice(0, 10), minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() };
}

/** Whether an instant is one of the service's slot starts, in the future and within the horizon. */
function isBookableStart(service: ServiceRow, startsAt: number, now: number): boolean {
  if (startsAt % MINUTE_MS !== 0 || startsAt <= now || startsAt > now + BOOKING_HORIZON_DAYS * 24 * 60 * MINUTE_MS) return false;
  const { minute } = japanDateAndMinute(startsAt);
  return (
    minute >= service.firstStartMinute &&
    minute <= service.lastStartMinute &&
    (minute - service.firstStartMinute) % service.intervalMinutes === 0
  );
}

const seatsTakenSql = `SELECT COALESCE(SUM(party_size), 0) FROM reservations
  WHERE service_id = ? AND starts_at = ? AND status = 'confirmed'`;

function reservationView(db: MerchantDatabase, memberId: string, reservationId: string): Reservation | null {
  const row = db.row(
    `SELECT reservation_id AS reservationId, reservation_number AS reservationNumber, member_id AS memberId, service_id AS serviceId, starts_at AS startsAt,
            party_size AS partySize, note, status, booked_at AS bookedAt
     FROM reservations WHERE reservation_id = ? AND member_id = ?`,
    [reservationId, memberId],
    ReservationRow,
  );
  if (row === null) return null;
  const service = serviceById(db, row.serviceId)!;
  const settings = readReservationSettings(db);
  const startsAt = Date.parse(row.startsAt);
  return {
    reservationId: row.reservationId,
    reservationNumber: row.reservationNumber,
    memberId: row.memberId,
    storeId: service.storeId,
    storeName: service.storeName,
    serviceId: service.serviceId,
    serviceName: service.name,
    startsAt: row.startsAt,
    endsAt: new Date(startsAt + service.durationMinutes * MINUTE_MS).toISOString(),
    partySize: row.partySize,
    note: row.note,
    status: row.status,
    changeableUntil: new Date(startsAt - settings.cancellationWindowHours * 60 * MINUTE_MS).toISOString(),
    bookedAt: row.bookedAt,
  };
}

function createReservation(
  db: MerchantDatabase,
  memberId: string,
  request: CreateReservationRequest,
  now = Date.now(),
): StoredAnswer {
  if (!memberExists(db, memberId)) return { status: 404, body: errorBody("not_found", "No such member") };
  const service = serviceById(db, request.serviceId);
  if (service === null) return { status: 404, body: errorBody("not_found", "No such service") };
  const startsAt = Date.parse(request.startsAt);
  if (!isBookableStart(service, startsAt, now) || request.partySize > service.maxPartySize) {
    return {
      status: 422,
      body: errorBody("slot_unavailable", "This slot cannot be booked (not offered, past, or too many people)"),
    };
  }
  const reservationId = `rsv_${randomBytes(8).toString("hex")}`;
  const reservationNumber = nextNumber(db, "reservation");
  const startsAtIso = new Date(startsAt).toISOString();
  const nowIso = new Date(now).toISOString();
  const inserted = db.run(
    `INSERT INTO reservations (reservation_id, reservation_number, member_id, service_id, starts_at, party_size, note, status,
       created_at, booked_at)
     SELECT ?, ?, ?, ?, ?, ?, ?, 'confirmed', ?, ?
     WHERE (${seatsTakenSql}) + ? <= ?`,
    [
      reservationId,
      reservationNumber,
      memberId,
      service.serviceId,
      startsAtIso,
      request.partySize,
      request.note || null,
      nowIso,
      nowIso,
      service.serviceId,
      startsAtIso,
      request.partySize,
      service.capacity,
    ],
  );
  if (inserted === 0) return { status: 409, body: errorBody("slot_full", "Not enough seats are left in this slot") };
  return { status: 201, body: reservationView(db, memberId, reservationId) };
}

function changeReservation(
  db: MerchantDatabase,
  memberId: string,
  reservationId: string,
  request: ChangeReservationRequest,
  now = Date.now(),
): StoredAnswer {
  const current = reservationView(db, memberId, reservationId);
  if (current === null) return { status: 404, body: errorBody("not_found", "No such reservation") };
  if (current.status === "cancelled") {
    return { status: 422, body: errorBody("reservation_cancelled", "This reservation was cancelled") };
  }
  if (now >= Date.parse(current.changeableUntil)) {
    return { status: 422, body: errorBody("cancellation_window_closed", "This reservation can no longer be changed") };
  }
  const service = serviceById(db, current.serviceId)!;
  const startsAt = Date.parse(request.startsAt);
  const startsAtIso = new Date(startsAt).toISOString();
  if (startsAtIso === current.startsAt) return { status: 200, body: current };
  if (!isBookableStart(service, startsAt, now)) {
    return { status: 422, body: errorBody("slot_unavailable", "This slot cannot be booked") };
  }
  const moved = db.run(
    `UPDATE reservations SET starts_at = ?, booked_at = ?
     WHERE reservation_id = ? AND status = 'confirmed' AND (${seatsTakenSql}) + party_size <= ?`,
    [startsAtIso, new Date(now).toISOString(), reservationId, service.serviceId, startsAtIso, service.capacity],
  );
  if (moved === 0) return { status: 409, body: errorBody("slot_full", "Not enough seats are left in that slot") };
  return { status: 200, body: reservationView(db, memberId, reservationId) };
}

function cancelReservation(db: MerchantDatabase, memberId: string, reservationId: string, now = Date.now()): StoredAnswer {
  const current = reservationView(db, memberId, reservationId);
  if (current === null) return { status: 404, body: errorBody("not_found", "No such reservation") };
  if (current.status === "cancelled") return { status: 200, body: current };
  if (now >= Date.parse(current.changeableUntil)) {
    return {
      status: 422,
      body: errorBody("cancellation_window_closed", "Cancellations close before the reservation starts: please call the store"),
    };
  }
  db.run("UPDATE reservations SET status = 'cancelled', cancelled_at = ? WHERE reservation_id = ? AND status = 'confirmed'", [
    new Date(now).toISOString(),
    reservationId,
  ]);
  return { status: 200, body: reservationView(db, memberId, reservationId) };
}

function slotsOn(db: MerchantDatabase, service: ServiceRow, date: string, now = Date.now()): ReservationSlot[] {
  const starts: number[] = [];
  for (let minute = service.firstStartMinute; minute <= service.lastStartMinute; minute += service.intervalMinutes) {
    starts.push(japanInstant(date, minute));
  }
  const taken = new Map(
    db
      .rows(
        `SELECT starts_at AS startsAt, SUM(party_size) AS seats FROM reservations
         WHERE service_id = ? AND status = 'confirmed' AND starts_at >= ? AND starts_at <= ? GROUP BY starts_at`,
        [service.serviceId, new Date(starts[0]!).toISOString(), new Date(starts[starts.length - 1]!).toISOString()],
        z.object({ startsAt: z.string(), seats: z.number() }),
      )
      .map((row) => [row.startsAt, row.seats]),
  );
  return starts
    .filter((start) => isBookableStart(service, start, now))
    .map((start) => {
      const startsAt = new Date(start).toISOString();
      return {
        startsAt,
        endsAt: new Date(start + service.durationMinutes * MINUTE_MS).toISOString(),
        capacity: service.capacity,
        remaining: Math.max(0, service.capacity - (taken.get(startsAt) ?? 0)),
      };
    });
}

const StoreParams = z.object({ storeId: StoreId });
const MemberParams = z.object({ memberId: MemberId });
const ReservationParams = z.object({ memberId: MemberId, reservationId: ReservationId });
const CandidateCursor = z.tuple([z.string(), z.string()]);

/** Settings, stores, services and slots: /v1/reservation-settings and /v1/reservable-stores. */
export function reservableStoreRoutes(db: MerchantDatabase) {
  return new Hono()
    .get("/", (c) => {
      const stores = db.rows(
        `SELECT st.store_id AS storeId, st.name, st.address, loc.latitude, loc.longitude,
                (SELECT COUNT(*) FROM reservation_services s WHERE s.store_id = st.store_id) AS serviceCount
         FROM stores st LEFT JOIN store_locations loc ON loc.store_id = st.store_id
         WHERE EXISTS (SELECT 1 FROM reservation_services s WHERE s.store_id = st.store_id)
         ORDER BY st.rowid`,
        [],
        z.object({
          storeId: z.string(),
          name: z.string(),
          address: z.string(),
          latitude: z.number().nullable(),
          longitude: z.number().nullable(),
          serviceCount: z.number(),
        }),
      );
      return c.json(
        {
          stores: stores.map(({ latitude, longitude, ...store }) => ({
            ...store,
            location: latitude === null || longitude === null ? null : { lat: latitude, lng: longitude },
          })),
        },
        200,
      );
    })
    .get("/:storeId/services", validPathParams(StoreParams), (c) => {
      const { storeId } = c.req.valid("param");
      const services = db.rows(
        `SELECT ${SERVICE_COLUMNS} FROM reservation_services s JOIN stores st ON st.store_id = s.store_id
         WHERE s.store_id = ? ORDER BY s.service_id`,
        [storeId],
        ServiceRow,
      );
      if (services.length === 0) return c.json(errorBody("not_found", "No such store"), 404);
      return c.json(
        {
          services: services.map(({ serviceId, name, durationMinutes, maxPartySize, priceYen }) => ({
            serviceId,
            storeId,
            name,
            durationMinutes,
            maxPartySize,
            priceYen,
          })),
        },
        200,
      );
    })
    .get("/:storeId/slots", validPathParams(StoreParams), validQuery(ReservationSlotsQuery), (c) => {
      const { storeId } = c.req.valid("param");
      const { serviceId, date } = c.req.valid("query");
      const service = serviceById(db, serviceId);
      if (service === null || service.storeId !== storeId) return c.json(errorBody("not_found", "No such service"), 404);
      return c.json({ date, slots: slotsOn(db, service, date) }, 200);
    });
}

/** A member's reservations under /v1/members/:memberId/reservations. */
export function memberReservationRoutes(db: MerchantDatabase) {
  return new Hono()
    .get("/:memberId/reservations", validPathParams(MemberParams), (c) => {
      const { memberId } = c.req.valid("param");
      if (!memberExists(db, memberId)) return c.json(errorBody("not_found", "No such member"), 404);
      const ids = db.rows(
        "SELECT reservation_id AS reservationId FROM reservations WHERE member_id = ? ORDER BY starts_at, reservation_id",
        [memberId],
        z.object({ reservationId: z.string() }),
      );
      return c.json({ reservations: ids.map(({ reservationId }) => reservationView(db, memberId, reservationId)!) }, 200);
    })
    .get("/:memberId/reservations/:reservationId", validPathParams(ReservationParams), (c) => {
      const { memberId, reservationId } = c.req.valid("param");
      const reservation = reservationView(db, memberId, reservationId);
      if (reservation === null) return c.json(errorBody("not_found", "No such reservation"), 404);
      return c.json(reservation, 200);
    })
    .post("/:memberId/reservations", validPathParams(MemberParams), validJsonBody(CreateReservationRequest), (c) => {
      const key = readIdempotencyKey(c.req.header("idempotency-key"));
      if (!key) return c.json(errorBody("bad_request", "An Idempotency-Key header is required"), 400);
      const { memberId } = c.req.valid("param");
      const request = c.req.valid("json");
      // slot_full (409) is a refusal like the others: not stored, so the key may try again later.
      const answer = once(db, "createReservation", key, { memberId, request }, () => createReservation(db, memberId, request));
      return c.json(answer.body as object, answer.status);
    })
    .post(
      "/:memberId/reservations/:reservationId/change",
      validPathParams(ReservationParams),
      validJsonBody(ChangeReservationRequest),
      (c) => {
        const key = readIdempotencyKey(c.req.header("idempotency-key"));
        if (!key) return c.json(errorBody("bad_request", "An Idempotency-Key header is required"), 400);
        const { memberId, reservationId } = c.req.valid("param");
        const request = c.req.valid("json");
        const answer = once(db, "changeReservation", key, { memberId, reservationId, request }, () =>
          changeReservation(db, memberId, reservationId, request),
        );
        return c.json(answer.body as object, answer.status);
      },
    )
    .post("/:memberId/reservations/:reservationId/cancel", validPathParams(ReservationParams), (c) => {
      const key = readIdempotencyKey(c.req.header("idempotency-key"));
      if (!key) return c.json(errorBody("bad_request", "An Idempotency-Key header is required"), 400);
      const { memberId, reservationId } = c.req.valid("param");
      const answer = once(db, "cancelReservation", key, { memberId, reservationId }, () =>
        cancelReservation(db, memberId, reservationId),
      );
      return c.json(answer.body as object, answer.status);
    });
}

/** GET /v1/reservations/reminder-candidates: what the BFF's reminder job pages through. */
export function reminderCandidateRoutes(db: MerchantDatabase) {
  return new Hono().get("/reminder-candidates", validQuery(ReminderCandidatesQuery), (c) => {
    const { from, to, cursor, limit = DEFAULT_CANDIDATE_PAGE } = c.req.valid("query");
    const after = cursor === undefined ? (["", ""] as const) : decodeCursor(cursor, CandidateCursor);
    if (after === null) return c.json(errorBody("bad_request", "The cursor is not one this merchant issued"), 400);
    const rows = db.rows(
      `SELECT r.reservation_id AS reservationId, st.name AS storeName, s.name AS serviceName, r.starts_at AS startsAt,
              r.party_size AS partySize, r.booked_at AS bookedAt, l.line_user_id AS lineUserId
       FROM reservations r
       JOIN reservation_services s ON s.service_id = r.service_id
       JOIN stores st ON st.store_id = s.store_id
       LEFT JOIN line_links l ON l.member_id = r.member_id
       WHERE r.status = 'confirmed' AND r.starts_at >= ? AND r.starts_at < ?
         AND (r.starts_at > ? OR (r.starts_at = ? AND r.reservation_id > ?))
       ORDER BY r.starts_at, r.reservation_id LIMIT ?`,
      [new Date(from).toISOString(), new Date(to).toISOString(), after[0], after[0], after[1], limit + 1],
      z.object({
        reservationId: z.string(),
        storeName: z.string(),
        serviceName: z.string(),
        startsAt: z.string(),
        partySize: z.number(),
        bookedAt: z.string(),
        lineUserId: z.string().nullable(),
      }),
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const body: ReminderCandidatePage = {
      reservations: page,
      nextCursor: rows.length > limit && last ? encodeCursor([last.startsAt, last.reservationId]) : null,
    };
    return c.json(body, 200);
  });
}
