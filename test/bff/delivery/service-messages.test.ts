import { createMessageBatch, env } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { ReservationView, SlotsResponse } from "../../../shared/api.ts";
import type { Bindings } from "../../../bff/env.ts";
import { deliverBatch } from "../../../bff/delivery/consumer.ts";
import { createOutbox, deliveryRetryKey, type DeliveryQueueMessage } from "../../../bff/delivery/outbox.ts";
import { pruneByAge } from "../../../bff/delivery/retention.ts";
import { parseServiceTemplates } from "../../../bff/delivery/service-messages.ts";
import { lineFor } from "../../../bff/delivery/wiring.ts";
import { createLogger } from "../../../bff/lib/log.ts";
import { addJapanDays, japanDate, japanMonth } from "../../../bff/reservations/japan-time.ts";
import { reservationServiceParams } from "../../../bff/reservations/messages.ts";
import { callBff, freshLineUserId, linkForThisFile } from "../helpers.ts";
import { lineCalls, pushesTo, type RecordedLineCall } from "../webhook/helpers.ts";
import { deliveryRow, drainDeliveries, recordingQueue } from "./drain.ts";

// LINE MINI App service messages against the fake LINE platform: the app sends its LIFF access
// token with a booking, the BFF trades it for a notification token kept per reservation, and
// the consumer sends the reservation's messages as service messages while the token lasts.

// 鈴木 美咲 (1000-0003) is linked to a LINE user of this file's own; bookings are 40+ days ahead
// so no reminder planner meets them.
const member = { lineUserId: freshLineUserId(), memberId: "mem_0003", token: "" };
const TEMPLATES = JSON.stringify({
  reservation_booked: "reservation_confirm_ja",
  reservation_changed: "reservation_confirm_ja",
  reservation_cancelled: "reservation_confirm_ja",
  reservation_reminder: "reservation_reminder_ja",
  order_confirmation: "order_confirm_ja",
});
const ON: Partial<Bindings> = { SERVICE_MESSAGE_TEMPLATES: TEMPLATES };
const log = createLogger("service-messages-test");

linkForThisFile(member);

async function liffAccessToken(userId = member.lineUserId): Promise<string> {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/liff-access-token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

let nextDay = 40;
/** A free slot on a day no other test of this file uses. */
async function freeSlot(): Promise<string> {
  for (;;) {
    const date = addJapanDays(japanDate(Date.now()), nextDay++);
    const response = await callBff(`/api/reservations/stores/store_kichijoji/slots?serviceId=svc_kichijoji_class&date=${date}`, {
      token: member.token,
    });
    const slot = SlotsResponse.parse(await response.json()).slots.find((candidate) => candidate.remaining > 0);
    if (slot) return slot.startsAt;
  }
}

async function book(options: { liffToken?: string; bindings?: Partial<Bindings> } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", "idempotency-key": crypto.randomUUID() };
  if (options.liffToken) headers["x-liff-access-token"] = options.liffToken;
  const response = await callBff("/api/reservations", {
    token: member.token,
    method: "POST",
    headers,
    body: JSON.stringify({ serviceId: "svc_kichijoji_class", startsAt: await freeSlot(), partySize: 1 }),
    bindings: options.bindings ?? ON,
  });
  expect(response.status).toBe(201);
  const reservation = ReservationView.parse(await response.json());
  return {
    reservation,
    deliveryId: `reservation:${reservation.reservationId}:reservation_booked:${new Date(reservation.startsAt).toISOString()}`,
  };
}

type ServiceCall = RecordedLineCall & {
  body: { templateName: string; params: Record<string, string>; notificationToken: string };
};

/** Service message sends about this reservation (its date and time are unique to it). */
async function serviceSendsAbout(reservation: ReservationView): Promise<ServiceCall[]> {
  const params = reservationServiceParams(reservation);
  return ((await lineCalls()) as ServiceCall[]).filter(
    (call) =>
      call.path === "/message/v3/notifier/send" &&
      call.body?.params?.date === params.date &&
      call.body.params.time === params.time,
  );
}

async function tokenRow(reservationId: string) {
  return env.DB.prepare("SELECT token, remaining_count, line_user_id FROM service_message_tokens WHERE subject = ?1")
    .bind(`reservation:${reservationId}`)
    .first<{ token: string; remaining_count: number; line_user_id: string }>();
}

async function countedThisMonth(kind: string): Promise<number> {
  const row = await env.DB.prepare("SELECT sent FROM message_counts WHERE month = ?1 AND kind = ?2")
    .bind(japanMonth(Date.now()), kind)
    .first<{ sent: number }>();
  return row?.sent ?? 0;
}

async function sentVia(deliveryId: string) {
  return (
    await env.DB.prepare("SELECT sent_via FROM deliveries WHERE delivery_id = ?1")
      .bind(deliveryId)
      .first<{ sent_via: string | null }>()
  )?.sent_via;
}

/** More messages about the same reservation (as changes and reminders would record), sent with the feature on. */
async function sendMore(reservation: ReservationView, count: number): Promise<string[]> {
  const outbox = createOutbox({ db: env.DB, queue: recordingQueue, log, off: new Set() });
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const id = `test:reminder:${reservation.reservationId}:${index}`;
    ids.push(id);
    await outbox.push({
      id,
      kind: "reservation_reminder",
      to: member.lineUserId,
      messages: [{ type: "text", text: "まもなくご予約のお時間です" }],
      subject: `reservation:${reservation.reservationId}`,
      service: { params: reservationServiceParams(reservation) },
    });
    await drainDeliveries(ON);
  }
  return ids;
}

describe("service messages › sent instead of pushes", () => {
  it("sends a booking's confirmation as a service message when the app sent its LIFF access token: no push, not counted", async () => {
    const counted = await countedThisMonth("reservation_booked");
    const pushesBefore = (await pushesTo(member.lineUserId)).length;
    const { reservation, deliveryId } = await book({ liffToken: await liffAccessToken() });

    const sends = await serviceSendsAbout(reservation);
    expect(sends.map((call) => [call.status, call.body.templateName])).toEqual([[200, "reservation_confirm_ja"]]);
    expect(sends[0]!.body.params).toMatchObject({ store: "吉祥寺店", party_size: "1名" });
    expect((await pushesTo(member.lineUserId)).length).toBe(pushesBefore);
    expect(await deliveryRow(deliveryId)).toMatchObject({ state: "sent" });
    expect(await sentVia(deliveryId)).toBe("service");
    expect(await countedThisMonth("reservation_booked")).toBe(counted);
    // The renewed token is kept, with one send used.
    expect(await tokenRow(reservation.reservationId)).toMatchObject({ remaining_count: 4, line_user_id: member.lineUserId });
  });

  it("uses a token 5 times, renewing it each time, then pushes", async () => {
    const { reservation } = await book({ liffToken: await liffAccessToken() });
    const ids = await sendMore(reservation, 5);
    const sends = await serviceSendsAbout(reservation);
    expect(sends.map((call) => call.status)).toEqual([200, 200, 200, 200, 200]);
    // Each send used the token the previous one returned.
    expect(new Set(sends.map((call) => call.body.notificationToken)).size).toBe(5);
    expect(await tokenRow(reservation.reservationId)).toMatchObject({ remaining_count: 0 });
    expect(await Promise.all(ids.map(sentVia))).toEqual(["service", "service", "service", "service", "push"]);
    const pushed = (await pushesTo(member.lineUserId)).filter((call) => call.retryKey !== null);
    expect(pushed.filter((call) => call.delivered).map((call) => call.retryKey)).toContain(await deliveryRetryKey(ids[4]!));
    expect(await deliveryRow(ids[4]!)).toMatchObject({ state: "sent" });
  });

  it("pushes once, with the delivery's retry key, when LINE refuses the token, and spends the token", async () => {
    const { reservation } = await book({ liffToken: await liffAccessToken() });
    await env.DB.prepare("UPDATE service_message_tokens SET token = 'not-a-token-LINE-issued' WHERE subject = ?1")
      .bind(`reservation:${reservation.reservationId}`)
      .run();
    const [id] = await sendMore(reservation, 1);
    const refused = (await serviceSendsAbout(reservation)).filter(
      (call) => call.body.notificationToken === "not-a-token-LINE-issued",
    );
    expect(refused.map((call) => call.status)).toEqual([400]);
    const key = await deliveryRetryKey(id!);
    const pushes = (await pushesTo(member.lineUserId)).filter((call) => call.retryKey === key);
    expect(pushes.map((call) => call.status)).toEqual([200]);
    expect(await deliveryRow(id!)).toMatchObject({
      state: "sent",
      attempts: 1,
      channel: "push",
      last_error: expect.stringContaining("refused the service message"),
    });
    expect(await sentVia(id!)).toBe("push");
    expect(await tokenRow(reservation.reservationId)).toMatchObject({ remaining_count: 0 });
  });

  it("never repeats a service message whose outcome is unknown (5xx or no answer), as a service message or a push", async () => {
    const { reservation } = await book({ liffToken: await liffAccessToken() });
    const outbox = createOutbox({ db: env.DB, queue: recordingQueue, log, off: new Set() });
    const id = `test:reminder:${reservation.reservationId}:unknown`;
    await outbox.push({
      id,
      kind: "reservation_reminder",
      to: member.lineUserId,
      messages: [{ type: "text", text: "まもなくご予約のお時間です" }],
      subject: `reservation:${reservation.reservationId}`,
      service: { params: reservationServiceParams(reservation) },
    });
    // LINE sends it, and the answer is lost on the way back (a 5xx from a front end, a timeout).
    const real = lineFor(env as Bindings, log);
    const line = {
      ...real,
      async sendServiceMessage(templateName: string, params: Record<string, string>, token: string) {
        await real.sendServiceMessage(templateName, params, token);
        return { ok: false as const, kind: "uncertain" as const, status: 500, reason: "An error occurred in the server" };
      },
    };
    const deps = {
      db: env.DB,
      queue: recordingQueue,
      line,
      log,
      reserve: async () => 0,
      concurrency: 1,
      serviceTemplates: parseServiceTemplates(TEMPLATES),
    };
    const pushesBefore = (await pushesTo(member.lineUserId)).length;
    for (let attempt = 0; attempt < 2; attempt++) {
      const batch = createMessageBatch<DeliveryQueueMessage>("line-deliveries", [
        { id: crypto.randomUUID(), timestamp: new Date(), body: { type: "delivery", id }, attempts: 1 },
      ]);
      await deliverBatch(deps, batch.messages);
    }
    await drainDeliveries(ON);
    expect((await serviceSendsAbout(reservation)).map((call) => call.status)).toEqual([200, 200]); // the booking's, and this one once
    expect((await pushesTo(member.lineUserId)).length).toBe(pushesBefore);
    expect(await deliveryRow(id)).toMatchObject({
      state: "dead",
      last_error: expect.stringContaining("service message outcome unknown"),
    });

    // Nor does retry-dead bring it back.
    const token = "ops-test-token-0123456789";
    const retried = await callBff("/ops/deliveries/retry-dead", {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      bindings: { ...ON, OPS_TOKEN: token },
    });
    expect(retried.status).toBe(200);
    expect(await deliveryRow(id)).toMatchObject({ state: "dead" });
    expect((await pushesTo(member.lineUserId)).length).toBe(pushesBefore);
  });

  it("sends an order's confirmation as a service message with its number and total", async () => {
    const response = await callBff("/api/orders", {
      token: member.token,
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": crypto.randomUUID(),
        "x-liff-access-token": await liffAccessToken(),
      },
      body: JSON.stringify({ items: [{ productId: "prd_001", quantity: 1 }], fulfilment: { type: "delivery" } }),
      bindings: ON,
    });
    expect(response.status).toBe(201);
    const order = (await response.json()) as { orderId: string; orderNumber: string; lineNotice: string };
    expect(order.lineNotice).toBe("queued");
    const sends = ((await lineCalls()) as ServiceCall[]).filter(
      (call) => call.path === "/message/v3/notifier/send" && call.body?.params?.order_number === order.orderNumber,
    );
    expect(sends.map((call) => [call.status, call.body.templateName])).toEqual([[200, "order_confirm_ja"]]);
    expect(sends[0]!.body.params.total).toMatch(/^¥/);
    expect(await sentVia(`order:${order.orderId}:confirmation`)).toBe("service");
  });
});

describe("service messages › pushes", () => {
  it("pushes when the app sent no LIFF access token", async () => {
    const counted = await countedThisMonth("reservation_booked");
    const { reservation, deliveryId } = await book();
    expect(await serviceSendsAbout(reservation)).toEqual([]);
    expect(
      (await pushesTo(member.lineUserId)).filter((call) => call.retryKey === null || call.delivered).map((call) => call.retryKey),
    ).toContain(await deliveryRetryKey(deliveryId));
    expect(await sentVia(deliveryId)).toBe("push");
    expect(await countedThisMonth("reservation_booked")).toBe(counted + 1);
    expect(await tokenRow(reservation.reservationId)).toBeNull();
  });

  it("neither trades the LIFF access token nor sends a service message when the feature is off", async () => {
    const liffToken = await liffAccessToken();
    const { reservation, deliveryId } = await book({ liffToken, bindings: { SERVICE_MESSAGE_TEMPLATES: "{}" } });
    expect(
      (await lineCalls()).filter(
        (call) =>
          call.path === "/message/v3/notifier/token" &&
          (call.body as { liffAccessToken?: string } | null)?.liffAccessToken === liffToken,
      ),
    ).toEqual([]);
    expect(await serviceSendsAbout(reservation)).toEqual([]);
    expect(await deliveryRow(deliveryId)).toMatchObject({ state: "sent" });
    expect(await sentVia(deliveryId)).toBe("push");
  });

  it("trades a LIFF access token once: another booking in the same app session goes by push", async () => {
    const liffToken = await liffAccessToken();
    const first = await book({ liffToken });
    const second = await book({ liffToken });
    expect(
      (await lineCalls()).filter(
        (call) =>
          call.path === "/message/v3/notifier/token" &&
          (call.body as { liffAccessToken?: string } | null)?.liffAccessToken === liffToken,
      ),
    ).toHaveLength(1);
    expect((await serviceSendsAbout(first.reservation)).map((call) => call.status)).toEqual([200]);
    expect(await serviceSendsAbout(second.reservation)).toEqual([]);
    expect(await sentVia(second.deliveryId)).toBe("push");
  });

  it("answers the booking even when LINE refuses the LIFF access token, and pushes", async () => {
    const { reservation, deliveryId } = await book({ liffToken: "liff-a-token-LINE-never-issued" });
    expect(await tokenRow(reservation.reservationId)).toBeNull();
    expect(await deliveryRow(deliveryId)).toMatchObject({ state: "sent" });
    expect(await sentVia(deliveryId)).toBe("push");
  });
});

describe("service messages › configuration and retention", () => {
  it("reads SERVICE_MESSAGE_TEMPLATES, and a wrong value is an error naming the field", () => {
    expect(parseServiceTemplates(undefined)).toEqual({});
    expect(parseServiceTemplates("{}")).toEqual({});
    expect(parseServiceTemplates('{"order_confirmation":"order_confirm_ja"}')).toEqual({
      order_confirmation: "order_confirm_ja",
    });
    expect(() => parseServiceTemplates('{"reservation_bookd":"reservation_confirm_ja"}')).toThrow(
      /SERVICE_MESSAGE_TEMPLATES: "reservation_bookd"/,
    );
    // Not a message from the user's own action: never a service message.
    expect(() => parseServiceTemplates('{"card_points":"x"}')).toThrow(/"card_points"/);
    expect(() => parseServiceTemplates('{"reservation_changed":""}')).toThrow(/"reservation_changed" must be a template name/);
    expect(() => parseServiceTemplates('{"reservation_changed":"' + "x".repeat(31) + '"}')).toThrow(/"reservation_changed"/);
    expect(() => parseServiceTemplates("reservation_booked=x")).toThrow(/SERVICE_MESSAGE_TEMPLATES: not JSON/);
    expect(() => parseServiceTemplates('["reservation_booked"]')).toThrow(/SERVICE_MESSAGE_TEMPLATES/);
  });

  it("prunes expired tokens, and spent ones a day after their last use", async () => {
    const now = Date.now();
    const insert = (subject: string, remaining: number, expiresAt: number, updatedAt: number) =>
      env.DB.prepare(
        `INSERT INTO service_message_tokens (subject, line_user_id, token, remaining_count, expires_at, session_id, liff_token_hash, updated_at)
         VALUES (?1, ?2, 'token', ?3, ?4, NULL, ?1, ?5)`,
      )
        .bind(subject, member.lineUserId, remaining, expiresAt, updatedAt)
        .run();
    await insert("test:expired", 3, now - 1000, now - 1000);
    await insert("test:spent-old", 0, now + 1000_000, now - 2 * 86_400_000);
    await insert("test:spent-new", 0, now + 1000_000, now);
    await insert("test:live", 2, now + 1000_000, now - 30 * 86_400_000);
    await pruneByAge(env.DB, now);
    const { results } = await env.DB.prepare(
      "SELECT subject FROM service_message_tokens WHERE subject LIKE 'test:%' ORDER BY subject",
    ).all<{ subject: string }>();
    expect(results.map((row) => row.subject)).toEqual(["test:live", "test:spent-new"]);
  });
});
