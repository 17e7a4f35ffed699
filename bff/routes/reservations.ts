import { Hono, type Context } from "hono";
import type { messagingApi } from "@line/bot-sdk";
import {
  BookReservationRequest,
  ChangeTimeRequest,
  IdempotencyHeaders,
  ReservationParams,
  ReservationView,
  ReservationWriteResponse,
  SlotsQuery,
  StoreParams,
  StoresQuery,
  type Language,
  type MyReservationsResponse,
  type ServicesResponse,
  type SlotsResponse,
  type StoresResponse,
} from "../../shared/api.ts";
import type { Reservation } from "../../shared/merchant-contract.ts";
import type { AppEnv } from "../env.ts";
import { withIdempotency } from "../lib/idempotency.ts";
import { recordAppPlacement } from "../console/dashboard.ts";
import { refuse } from "../lib/refuse.ts";
import { languageOf } from "../lib/user-language.ts";
import { validate } from "../lib/validate.ts";
import { liffAuth } from "../middleware/liff-auth.ts";
import { requireMember } from "../middleware/require-member.ts";
import { createReservationMerchant, type ReservationMerchant, type ReservationRefusal } from "../reservations/merchant.ts";
import {
  reservationCancelledMessage,
  reservationChangedMessage,
  reservationConfirmedMessage,
  reservationServiceParams,
} from "../reservations/messages.ts";
import { orderStoresByDistance } from "../reservations/nearest.ts";
import { publicNotice } from "../delivery/outbox.ts";
import { keepServiceToken } from "../delivery/service-messages.ts";
import { merchantIdempotencyKey } from "../merchant/idempotency-key.ts";

const SCOPES = { book: "reservations.create", change: "reservations.change", cancel: "reservations.cancel" } as const;

function reservationsAt(c: Context<AppEnv>): ReservationMerchant {
  return createReservationMerchant({
    baseUrl: c.env.MERCHANT_API_BASE,
    apiKey: c.env.MERCHANT_API_KEY,
    timeoutMs: Number(c.env.MERCHANT_TIMEOUT_MS) || 3000,
    requestId: c.get("requestId"),
    log: c.get("log"),
  });
}

/** The app's view of a reservation once it is known to be the caller's (a lax merchant must not leak another's). */
function ownReservation(c: Context<AppEnv>, reservation: Reservation | null, memberId: string): ReservationView | null {
  if (!reservation) return null;
  if (reservation.memberId !== memberId) {
    c.get("log").error("merchant answered with another member's reservation");
    return null;
  }
  const { memberId: _owner, ...view } = reservation;
  return view;
}

/** When a booking of a slot starting then stops taking changes: the contract's window before the start. */
function changeableUntil(startsAt: string, cancellationWindowHours: number): string {
  return new Date(Date.parse(startsAt) - cancellationWindowHours * 3_600_000).toISOString();
}

const noSuchReservation = (c: Context<AppEnv>) => refuse(c, 404, "not_found", "No such reservation");

function refusal(c: Context<AppEnv>, { refused, message }: ReservationRefusal) {
  if (refused === "slot_full") return refuse(c, 409, refused, "That time has just been taken: please choose another");
  return refuse(c, 422, refused, message);
}

type ReservationMessageKind = "reservation_booked" | "reservation_changed" | "reservation_cancelled";

/**
 * Records the LINE message for what just happened to a reservation, keyed by the reservation
 * and what happened to it (and the new time, for a change), not by the request's key: a second
 * cancel with a new key, or a retried booking, records nothing new. Reminders still waiting for
 * the old time (or for a cancelled booking) are dropped.
 */
async function recordReservationMessage(
  c: Context<AppEnv>,
  kind: ReservationMessageKind,
  reservation: ReservationView,
  message: (language: Language) => messagingApi.Message,
): Promise<ReservationWriteResponse> {
  const outbox = c.get("outbox");
  const to = c.get("lineUserId");
  const subject = `reservation:${reservation.reservationId}`;
  if (kind !== "reservation_booked")
    await outbox.cancelSubject(subject, "reservation_reminder", kind === "reservation_changed" ? "moved" : "cancelled");
  await keepServiceToken(c, kind, subject);
  const notice = await outbox.push({
    id: `${subject}:${kind}:${new Date(reservation.startsAt).toISOString()}`,
    kind,
    to,
    messages: [message(await languageOf(c.env.DB, to))],
    subject,
    service: { params: reservationServiceParams(reservation) },
  });
  return { ...reservation, lineNotice: publicNotice(notice) };
}

/** Where the app books: stores (nearest first), services, slots by Japan date, and the member's reservations. */
export const reservationRoutes = new Hono<AppEnv>()
  .use(liffAuth())
  .get("/stores", validate("query", StoresQuery), async (c) => {
    const { lat, lng } = c.req.valid("query");
    const { stores } = await reservationsAt(c).listStores();
    const body: StoresResponse = {
      stores: orderStoresByDistance(stores, lat !== undefined && lng !== undefined ? { lat, lng } : null),
    };
    c.header("cache-control", "private, max-age=60");
    return c.json(body, 200);
  })
  .get("/stores/:storeId/services", validate("param", StoreParams), async (c) => {
    const services = await reservationsAt(c).listServices(c.req.valid("param").storeId);
    if (!services) return refuse(c, 404, "not_found", "No such store");
    const body: ServicesResponse = services;
    return c.json(body, 200);
  })
  .get("/stores/:storeId/slots", validate("param", StoreParams), validate("query", SlotsQuery), async (c) => {
    const { serviceId, date } = c.req.valid("query");
    const merchant = reservationsAt(c);
    const [slots, settings] = await Promise.all([
      merchant.listSlots(c.req.valid("param").storeId, serviceId, date),
      merchant.getSettings(),
    ]);
    if (!slots) return refuse(c, 404, "not_found", "No such service at this store");
    const body: SlotsResponse = {
      ...slots,
      slots: slots.slots.map((slot) => ({
        ...slot,
        changeableUntil: changeableUntil(slot.startsAt, settings.cancellationWindowHours),
      })),
    };
    c.header("cache-control", "no-store");
    return c.json(body, 200);
  })
  .get("/", requireMember(), async (c) => {
    const memberId = c.get("memberId");
    const reservations = await reservationsAt(c).listReservations(memberId);
    if (!reservations) return refuse(c, 404, "not_linked", "This membership no longer exists");
    const now = Date.now();
    const views = reservations.flatMap((reservation) => ownReservation(c, reservation, memberId) ?? []);
    // A cancelled reservation is no longer something to come, whatever its time.
    const isUpcoming = (r: ReservationView) => r.status === "confirmed" && Date.parse(r.startsAt) > now;
    const body: MyReservationsResponse = {
      upcoming: views.filter(isUpcoming).sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
      past: views.filter((r) => !isUpcoming(r)).sort((a, b) => b.startsAt.localeCompare(a.startsAt)),
    };
    c.header("cache-control", "no-store");
    return c.json(body, 200);
  })
  .get("/:reservationId", validate("param", ReservationParams), requireMember(), async (c) => {
    const memberId = c.get("memberId");
    const found = await reservationsAt(c).getReservation(memberId, c.req.valid("param").reservationId);
    const reservation = ownReservation(c, found, memberId);
    if (!reservation) return noSuchReservation(c);
    c.header("cache-control", "no-store");
    return c.json(reservation, 200);
  })
  .post("/", validate("header", IdempotencyHeaders), validate("json", BookReservationRequest), requireMember(), async (c) => {
    const key = c.req.valid("header")["idempotency-key"];
    const request = c.req.valid("json");
    const memberId = c.get("memberId");
    const scope = { scope: SCOPES.book, subject: c.get("lineUserId"), key };
    const firstAnswer = { schema: ReservationWriteResponse, status: 201, what: "reservation" } as const;
    return withIdempotency(c, scope, request, firstAnswer, async (keep) => {
      // The merchant gets the same key: a booking whose answer was lost is not booked twice.
      const merchantKey = await merchantIdempotencyKey(c.get("lineUserId"), key);
      const booked = await reservationsAt(c).createReservation(memberId, request, merchantKey);
      if (!booked) return refuse(c, 404, "not_found", "No such service");
      if ("refused" in booked) return refusal(c, booked);
      const reservation = ownReservation(c, booked, memberId);
      if (!reservation) throw new Error("the merchant booked for another member");
      await recordAppPlacement(c.env.DB, { kind: "reservation", refId: reservation.reservationId });
      const body = await recordReservationMessage(c, "reservation_booked", reservation, (language) =>
        reservationConfirmedMessage(reservation, c.env.LIFF_ID, language),
      );
      await keep(body);
      return c.json(body, 201);
    });
  })
  .patch(
    "/:reservationId",
    validate("param", ReservationParams),
    validate("header", IdempotencyHeaders),
    validate("json", ChangeTimeRequest),
    requireMember(),
    async (c) => {
      const key = c.req.valid("header")["idempotency-key"];
      const { reservationId } = c.req.valid("param");
      const request = c.req.valid("json");
      const memberId = c.get("memberId");
      const scope = { scope: SCOPES.change, subject: c.get("lineUserId"), key };
      const firstAnswer = { schema: ReservationWriteResponse, status: 200, what: "change" } as const;
      return withIdempotency(c, scope, { reservationId, request }, firstAnswer, async (keep) => {
        const merchantKey = await merchantIdempotencyKey(c.get("lineUserId"), key);
        const changed = await reservationsAt(c).changeReservation(memberId, reservationId, request, merchantKey);
        if (!changed) return noSuchReservation(c);
        if ("refused" in changed) return refusal(c, changed);
        const reservation = ownReservation(c, changed, memberId);
        if (!reservation) throw new Error("the merchant changed another member's reservation");
        const body = await recordReservationMessage(c, "reservation_changed", reservation, (language) =>
          reservationChangedMessage(reservation, c.env.LIFF_ID, language),
        );
        await keep(body);
        return c.json(body, 200);
      });
    },
  )
  .post(
    "/:reservationId/cancel",
    validate("param", ReservationParams),
    validate("header", IdempotencyHeaders),
    requireMember(),
    async (c) => {
      const key = c.req.valid("header")["idempotency-key"];
      const { reservationId } = c.req.valid("param");
      const memberId = c.get("memberId");
      const scope = { scope: SCOPES.cancel, subject: c.get("lineUserId"), key };
      const firstAnswer = { schema: ReservationWriteResponse, status: 200, what: "cancellation" } as const;
      return withIdempotency(c, scope, { reservationId }, firstAnswer, async (keep) => {
        const merchantKey = await merchantIdempotencyKey(c.get("lineUserId"), key);
        const cancelled = await reservationsAt(c).cancelReservation(memberId, reservationId, merchantKey);
        if (!cancelled) return noSuchReservation(c);
        if ("refused" in cancelled) {
          if (cancelled.refused === "cancellation_window_closed") {
            return refuse(
              c,
              422,
              "cancellation_window_closed",
              "Cancellations close before the reservation starts: please contact the store",
            );
          }
          return refusal(c, cancelled);
        }
        const reservation = ownReservation(c, cancelled, memberId);
        if (!reservation) throw new Error("the merchant cancelled another member's reservation");
        const body = await recordReservationMessage(c, "reservation_cancelled", reservation, (language) =>
          reservationCancelledMessage(reservation, language),
        );
        await keep(body);
        return c.json(body, 200);
      });
    },
  );
