import { describe, expect, it } from "vitest";
import { MyReservationsResponse, ReservationView, ServicesResponse, SlotsResponse, StoresResponse } from "../../../shared/api.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { addJapanDays, japanDate } from "../../../bff/reservations/japan-time.ts";
import { deliveryRetryKey } from "../../../bff/delivery/outbox.ts";
import { callBff, freshLineUserId, linkForThisFile } from "../helpers.ts";
import { pushesTo } from "../webhook/helpers.ts";

// 高橋 健太 (1000-0004) and 伊藤 翔 (1000-0006) are linked to LINE users of this file's own.
// Dates are 20+ days ahead so the reminder tests (10 days ahead) never meet these bookings.
const alice = { lineUserId: freshLineUserId(), memberId: "mem_0004", token: "" };
const bob = { lineUserId: freshLineUserId(), memberId: "mem_0006", token: "" };
const DAY = 24 * 60 * 60 * 1000;
const dateIn = (days: number) => addJapanDays(japanDate(Date.now()), days);
const jst = (date: string, time: string) => new Date(`${date}T${time}:00+09:00`).toISOString();

linkForThisFile(alice, bob);

const code = async (response: Response) => ErrorBody.parse(await response.json()).error.code;
const newKey = () => crypto.randomUUID();

function book(body: unknown, key: string, token = alice.token) {
  return callBff("/api/reservations", {
    token,
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify(body),
  });
}
const change = (reservationId: string, startsAt: string, key: string, token = alice.token) =>
  callBff(`/api/reservations/${reservationId}`, {
    token,
    method: "PATCH",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify({ startsAt }),
  });
const cancel = (reservationId: string, key: string, token = alice.token) =>
  callBff(`/api/reservations/${reservationId}/cancel`, { token, method: "POST", headers: { "idempotency-key": key } });

async function slots(storeId: string, serviceId: string, date: string) {
  const response = await callBff(`/api/reservations/stores/${storeId}/slots?serviceId=${serviceId}&date=${date}`, {
    token: alice.token,
  });
  expect(response.status).toBe(200);
  return SlotsResponse.parse(await response.json()).slots;
}

describe("GET /api/reservations/stores", () => {
  it("lists the stores that take reservations, nearest first when the customer shares a position", async () => {
    const plain = StoresResponse.parse(await (await callBff("/api/reservations/stores", { token: alice.token })).json());
    expect(plain.stores.map((store) => store.name)).toEqual(["渋谷店", "吉祥寺店", "二子玉川店"]);
    expect(plain.stores.every((store) => store.distanceKm === null)).toBe(true);

    // Standing at 吉祥寺駅.
    const near = StoresResponse.parse(
      await (await callBff("/api/reservations/stores?lat=35.7031&lng=139.5798", { token: alice.token })).json(),
    );
    expect(near.stores.map((store) => store.name)).toEqual(["吉祥寺店", "二子玉川店", "渋谷店"]);
    expect(near.stores[0]!.distanceKm).toBeLessThan(1);
  });

  it("refuses a latitude without a longitude, and a caller without a token", async () => {
    expect((await callBff("/api/reservations/stores?lat=35.7", { token: alice.token })).status).toBe(400);
    expect((await callBff("/api/reservations/stores")).status).toBe(401);
  });

  it("lists a store's services", async () => {
    const response = await callBff("/api/reservations/stores/store_kichijoji/services", { token: alice.token });
    expect(ServicesResponse.parse(await response.json()).services.map((service) => service.name)).toEqual([
      "ハンドドリップ教室",
      "テイスティング席",
    ]);
    expect((await callBff("/api/reservations/stores/store_nowhere/services", { token: alice.token })).status).toBe(404);
  });

  it("says a service's price and duration when the merchant has them, and no price when it has none", async () => {
    const response = await callBff("/api/reservations/stores/store_futakotamagawa/services", { token: alice.token });
    const services = ServicesResponse.parse(await response.json()).services;
    expect(services.map(({ name, durationMinutes, priceYen }) => ({ name, durationMinutes, priceYen }))).toEqual([
      { name: "豆選びカウンセリング", durationMinutes: 30, priceYen: 0 },
      { name: "深夜焙煎見学", durationMinutes: 60, priceYen: null },
    ]);
  });
});

describe("GET /api/reservations/stores/:storeId/slots", () => {
  it("lists the slots of a Japan date, a slot just after midnight included (its UTC date is the day before)", async () => {
    const date = dateIn(22);
    const night = await slots("store_futakotamagawa", "svc_futako_night", date);
    expect(night.map((slot) => slot.startsAt)).toEqual([jst(date, "00:30"), jst(date, "01:30"), jst(date, "02:30")]);
    expect(night[0]!.startsAt.slice(0, 10)).toBe(addJapanDays(date, -1));
    expect(night[0]).toMatchObject({ capacity: 2, remaining: 2 });
  });

  it("says until when a booking of each slot could be changed: the merchant's 24-hour window before it starts", async () => {
    const date = dateIn(22);
    for (const slot of await slots("store_shibuya", "svc_shibuya_tasting", date)) {
      expect(Date.parse(slot.startsAt) - Date.parse(slot.changeableUntil)).toBe(DAY);
    }
    // Tomorrow's slots are inside the window already: booked, they could not be changed.
    const soon = [
      ...(await slots("store_shibuya", "svc_shibuya_tasting", dateIn(0))),
      ...(await slots("store_shibuya", "svc_shibuya_tasting", dateIn(1))),
    ].filter((slot) => Date.parse(slot.startsAt) < Date.now() + DAY);
    expect(soon.length).toBeGreaterThan(0);
    expect(soon.every((slot) => Date.parse(slot.changeableUntil) <= Date.now())).toBe(true);
  });

  it("refuses a date that is not YYYY-MM-DD", async () => {
    const response = await callBff("/api/reservations/stores/store_shibuya/slots?serviceId=svc_shibuya_tasting&date=2026/11/20", {
      token: alice.token,
    });
    expect(response.status).toBe(400);
  });
});

describe("POST /api/reservations", () => {
  it("books once per Idempotency-Key: a retry gets the same reservation, one seat count, one LINE message", async () => {
    const date = dateIn(23);
    const startsAt = jst(date, "11:00");
    const request = { serviceId: "svc_shibuya_tasting", startsAt, partySize: 2, note: "窓際希望" };
    const key = newKey();
    const first = await book(request, key);
    expect(first.status).toBe(201);
    const booked = ReservationView.parse(await first.json());
    expect(booked).toMatchObject({ storeName: "渋谷店", partySize: 2, note: "窓際希望", status: "confirmed", startsAt });

    const again = await book(request, key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(ReservationView.parse(await again.json()).reservationId).toBe(booked.reservationId);

    const slot = (await slots("store_shibuya", "svc_shibuya_tasting", date)).find((s) => s.startsAt === startsAt);
    expect(slot?.remaining).toBe(2);
    const retryKey = await deliveryRetryKey(
      `reservation:${booked.reservationId}:reservation_booked:${new Date(booked.startsAt).toISOString()}`,
    );
    const pushes = (await pushesTo(alice.lineUserId)).filter((call) => call.retryKey === retryKey && call.delivered);
    expect(pushes).toHaveLength(1);
  });

  it("gives the last seat to exactly one of two customers booking it at the same moment", async () => {
    const startsAt = jst(dateIn(24), "15:00");
    const request = { serviceId: "svc_futako_counseling", startsAt, partySize: 1 };
    const answers = await Promise.all([book(request, newKey(), alice.token), book(request, newKey(), bob.token)]);
    expect(answers.map((answer) => answer.status).sort((a, b) => a - b)).toEqual([201, 409]);
    const loser = answers.find((answer) => answer.status === 409)!;
    expect(await code(loser)).toBe("slot_full");
    const slot = (await slots("store_futakotamagawa", "svc_futako_counseling", dateIn(24))).find((s) => s.startsAt === startsAt);
    expect(slot?.remaining).toBe(0);
  });

  it("refuses a time that is not one of the service's slots, and a request without a key", async () => {
    const response = await book({ serviceId: "svc_shibuya_tasting", startsAt: jst(dateIn(23), "11:15"), partySize: 1 }, newKey());
    expect(response.status).toBe(422);
    expect(await code(response)).toBe("slot_unavailable");
    const noKey = await callBff("/api/reservations", {
      token: alice.token,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ serviceId: "svc_shibuya_tasting", startsAt: jst(dateIn(23), "12:00"), partySize: 1 }),
    });
    expect(noKey.status).toBe(400);
  });

  it("books and cancels for two customers whose apps sent the same Idempotency-Key: a key is the customer's own", async () => {
    // The merchant keeps keys per API key, and the BFF has one: each customer's key is scoped to them first.
    const request = { serviceId: "svc_shibuya_tasting", startsAt: jst(dateIn(29), "13:00"), partySize: 1 };
    const key = newKey();
    const forAlice = await book(request, key, alice.token);
    const forBob = await book(request, key, bob.token);
    expect([forAlice.status, forBob.status]).toEqual([201, 201]);
    const [aliceBooking, bobBooking] = [ReservationView.parse(await forAlice.json()), ReservationView.parse(await forBob.json())];
    expect(aliceBooking.reservationId).not.toBe(bobBooking.reservationId);

    const cancelKey = newKey();
    expect((await cancel(aliceBooking.reservationId, cancelKey, alice.token)).status).toBe(200);
    const bobCancelled = await cancel(bobBooking.reservationId, cancelKey, bob.token);
    expect(bobCancelled.status).toBe(200);
    expect(ReservationView.parse(await bobCancelled.json())).toMatchObject({ status: "cancelled" });
  });
});

describe("changing and cancelling", () => {
  it("moves a reservation once per key, lists it as upcoming, and frees the old seat", async () => {
    const date = dateIn(25);
    const created = await book({ serviceId: "svc_kichijoji_tasting", startsAt: jst(date, "10:00"), partySize: 1 }, newKey());
    const { reservationId } = ReservationView.parse(await created.json());
    const key = newKey();
    const moved = await change(reservationId, jst(date, "16:00"), key);
    expect(moved.status).toBe(200);
    expect(ReservationView.parse(await moved.json()).startsAt).toBe(jst(date, "16:00"));
    expect((await change(reservationId, jst(date, "16:00"), key)).headers.get("idempotent-replayed")).toBe("true");

    const day = await slots("store_kichijoji", "svc_kichijoji_tasting", date);
    expect(day.find((s) => s.startsAt === jst(date, "10:00"))?.remaining).toBe(4);
    expect(day.find((s) => s.startsAt === jst(date, "16:00"))?.remaining).toBe(3);

    const mine = MyReservationsResponse.parse(await (await callBff("/api/reservations", { token: alice.token })).json());
    expect(mine.upcoming.find((r) => r.reservationId === reservationId)?.startsAt).toBe(jst(date, "16:00"));
    const changeKey = await deliveryRetryKey(
      `reservation:${reservationId}:reservation_changed:${new Date(jst(date, "16:00")).toISOString()}`,
    );
    expect((await pushesTo(alice.lineUserId)).filter((call) => call.retryKey === changeKey && call.delivered)).toHaveLength(1);
  });

  it("cancels before the window closes, and refuses with cancellation_window_closed after", async () => {
    const later = await book({ serviceId: "svc_kichijoji_class", startsAt: jst(dateIn(26), "13:00"), partySize: 2 }, newKey());
    const { reservationId } = ReservationView.parse(await later.json());
    const cancelled = await cancel(reservationId, newKey());
    expect(cancelled.status).toBe(200);
    expect(ReservationView.parse(await cancelled.json()).status).toBe("cancelled");
    // Cancelled, it is no longer one to come: it moves to the past list, still findable.
    const mine = MyReservationsResponse.parse(await (await callBff("/api/reservations", { token: alice.token })).json());
    expect(mine.upcoming.some((r) => r.reservationId === reservationId)).toBe(false);
    expect(mine.past.find((r) => r.reservationId === reservationId)?.status).toBe("cancelled");

    // The next open tasting slot is always less than 24 hours away (the window is 24 hours).
    const soon = [
      ...(await slots("store_shibuya", "svc_shibuya_tasting", dateIn(0))),
      ...(await slots("store_shibuya", "svc_shibuya_tasting", dateIn(1))),
    ].find((slot) => slot.remaining > 0 && Date.parse(slot.startsAt) < Date.now() + DAY);
    expect(soon).toBeDefined();
    const near = await book({ serviceId: "svc_shibuya_tasting", startsAt: soon!.startsAt, partySize: 1 }, newKey());
    expect(near.status).toBe(201);
    const nearId = ReservationView.parse(await near.json()).reservationId;
    const refused = await cancel(nearId, newKey());
    expect(refused.status).toBe(422);
    const body = ErrorBody.parse(await refused.json());
    expect(body.error.code).toBe("cancellation_window_closed");
    expect(body.error.message).toMatch(/contact the store/);
    expect((await change(nearId, soon!.startsAt, newKey())).status).toBe(422);
  });

  it("sends one cancellation message however often it is cancelled, with whatever keys", async () => {
    const booked = await book({ serviceId: "svc_kichijoji_class", startsAt: jst(dateIn(28), "13:00"), partySize: 1 }, newKey());
    const { reservationId, startsAt } = ReservationView.parse(await booked.json());
    const answers = [await cancel(reservationId, newKey()), await cancel(reservationId, newKey())];
    // The merchant may answer a second cancel as done or as refused; either way, one message.
    expect(answers[0]!.status).toBe(200);
    const cancelKey = await deliveryRetryKey(
      `reservation:${reservationId}:reservation_cancelled:${new Date(startsAt).toISOString()}`,
    );
    const sent = (await pushesTo(alice.lineUserId)).filter((call) => call.retryKey === cancelKey && call.delivered);
    expect(sent).toHaveLength(1);
    expect((await pushesTo(alice.lineUserId)).filter((call) => call.retryKey === cancelKey)).toHaveLength(1);
  });

  it("never lets another member see, move or cancel a reservation (404)", async () => {
    const created = await book({ serviceId: "svc_shibuya_tasting", startsAt: jst(dateIn(27), "14:00"), partySize: 1 }, newKey());
    const { reservationId } = ReservationView.parse(await created.json());
    expect((await callBff(`/api/reservations/${reservationId}`, { token: bob.token })).status).toBe(404);
    expect((await change(reservationId, jst(dateIn(27), "15:00"), newKey(), bob.token)).status).toBe(404);
    expect((await cancel(reservationId, newKey(), bob.token)).status).toBe(404);
    const still = ReservationView.parse(
      await (await callBff(`/api/reservations/${reservationId}`, { token: alice.token })).json(),
    );
    expect(still).toMatchObject({ status: "confirmed", startsAt: jst(dateIn(27), "14:00") });
    const bobs = MyReservationsResponse.parse(await (await callBff("/api/reservations", { token: bob.token })).json());
    expect([...bobs.upcoming, ...bobs.past].some((r) => r.reservationId === reservationId)).toBe(false);
  });
});
