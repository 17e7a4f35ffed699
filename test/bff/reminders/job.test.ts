import { createScheduledController, env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ReservationView } from "../../../shared/api.ts";
import worker from "../../../bff/index.ts";
import type { Bindings } from "../../../bff/env.ts";
import { createOutbox, deliveryRetryKey } from "../../../bff/delivery/outbox.ts";
import { runReminderPlanner } from "../../../bff/reminders/job.ts";
import { reminderIdOf } from "../../../bff/reminders/plan.ts";
import { createLogger } from "../../../bff/lib/log.ts";
import { addJapanDays, japanDate } from "../../../bff/reservations/japan-time.ts";
import { createReservationMerchant } from "../../../bff/reservations/merchant.ts";
import { drainDeliveries, recordingQueue, settleDeliveries } from "../delivery/drain.ts";
import { chooseLanguage, ENGLISH_WORDS, freshLineUserId, JAPANESE_TEXT, merchantApi } from "../helpers.ts";
import { flatten, pushesTo } from "../webhook/helpers.ts";

// The reminder job against the sandbox merchant and the fake LINE platform, with the cron's
// clock set ahead to the days these reservations are on. Members here are registered fresh
// (POST /v1/members links them to a new LINE user), so no other file's member is touched.
// Bookings are 10 to 14 days ahead; the reservation route tests book 20+ days ahead.

const jst = (date: string, time: string) => Date.parse(`${date}T${time}:00+09:00`);
const dateIn = (days: number) => addJapanDays(japanDate(Date.now()), days);
const newKey = () => crypto.randomUUID();

async function registerCustomer(): Promise<{ lineUserId: string; memberId: string }> {
  const lineUserId = freshLineUserId();
  const response = await merchantApi("/v1/members", {
    method: "POST",
    body: JSON.stringify({ lineUserId, profile: { name: "予約 テスト" }, consents: { terms: true, marketingMessages: false } }),
  });
  expect(response.status).toBe(201);
  const { memberId } = (await response.json()) as { memberId: string };
  return { lineUserId, memberId };
}

async function bookAtMerchant(memberId: string, serviceId: string, startsAt: number, partySize = 1) {
  const response = await merchantApi(`/v1/members/${memberId}/reservations`, {
    method: "POST",
    headers: { "idempotency-key": newKey() },
    body: JSON.stringify({ serviceId, startsAt: new Date(startsAt).toISOString(), partySize }),
  });
  expect(response.status).toBe(201);
  return ReservationView.parse(await response.json());
}

/** One cron tick at `now`: the planner records what is due within 12 hours, then the queue sends what is due now. */
async function run(now: number) {
  const log = createLogger(`test-${crypto.randomUUID()}`);
  const report = await runReminderPlanner({
    db: env.DB,
    merchant: createReservationMerchant({
      baseUrl: inject("merchantUrl"),
      apiKey: inject("merchantApiKey"),
      timeoutMs: 3000,
      requestId: "reminder-test",
      log,
    }),
    outbox: createOutbox({ db: env.DB, queue: recordingQueue, log, off: new Set(), now: () => now }),
    log,
    liffId: env.LIFF_ID,
    now,
    perTick: 1000,
    // Every tick a new pass, as if the interval had passed.
    intervalMs: 0,
  });
  await drainDeliveries({}, now);
  return report;
}

const reminderKey = (reservationId: string, kind: "day_before" | "hours_before", startsAt: string) =>
  deliveryRetryKey(reminderIdOf(reservationId, kind, startsAt));

async function delivered(lineUserId: string) {
  return (await pushesTo(lineUserId)).filter((call) => call.delivered);
}

async function setUserFault(userId: string, fault: Record<string, unknown>) {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...fault, userId }),
  });
  expect(response.status).toBe(200);
}

let alice: { lineUserId: string; memberId: string };
let bob: { lineUserId: string; memberId: string };
let carol: { lineUserId: string; memberId: string };
beforeAll(async () => {
  [alice, bob, carol] = [await registerCustomer(), await registerCustomer(), await registerCustomer()];
});

describe("reservation reminders", () => {
  it("sends the day-before and hours-before reminders once each, however often and however concurrently the cron runs", async () => {
    const date = dateIn(10);
    const reservation = await bookAtMerchant(alice.memberId, "svc_shibuya_tasting", jst(date, "14:00"), 2);
    const dayBefore = jst(addJapanDays(date, -1), "18:00");

    // Two overlapping runs, then a third: one day-before push.
    await Promise.all([run(dayBefore), run(dayBefore + 60_000)]);
    await run(dayBefore + 5 * 60_000);
    let pushes = await delivered(alice.lineUserId);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.retryKey).toBe(await reminderKey(reservation.reservationId, "day_before", reservation.startsAt));

    // 2 hours before, recorded by the Worker's own scheduled handler this time, then sent when due.
    for (const offset of [-30, -25]) {
      const scheduledTime = jst(date, "12:00") + offset * 60_000;
      const controller = createScheduledController({ scheduledTime: new Date(scheduledTime), cron: "*/5 * * * *" });
      await worker.scheduled(
        controller,
        { ...env, DELIVERY_QUEUE: recordingQueue, REMINDER_PLAN_INTERVAL_MINUTES: "1" } as Bindings,
        {} as never,
      );
    }
    // Recorded ahead, not sent before its time.
    await drainDeliveries({}, jst(date, "11:59"));
    expect(await delivered(alice.lineUserId)).toHaveLength(1);
    await drainDeliveries({}, jst(date, "12:00"));
    pushes = await delivered(alice.lineUserId);
    expect(pushes).toHaveLength(2);
    expect(JSON.stringify(pushes[1]!.body)).toContain("まもなくご予約のお時間です");
  });

  it("reminds a moved reservation of its new time only, and never a cancelled one", async () => {
    const date = dateIn(11);
    const moved = await bookAtMerchant(bob.memberId, "svc_kichijoji_tasting", jst(date, "10:00"));
    const cancelled = await bookAtMerchant(bob.memberId, "svc_kichijoji_class", jst(date, "13:00"));
    const changed = await merchantApi(`/v1/members/${bob.memberId}/reservations/${moved.reservationId}/change`, {
      method: "POST",
      headers: { "idempotency-key": newKey() },
      body: JSON.stringify({ startsAt: new Date(jst(date, "17:00")).toISOString() }),
    });
    expect(changed.status).toBe(200);
    const cancel = await merchantApi(`/v1/members/${bob.memberId}/reservations/${cancelled.reservationId}/cancel`, {
      method: "POST",
      headers: { "idempotency-key": newKey() },
    });
    expect(cancel.status).toBe(200);

    const newStart = new Date(jst(date, "17:00")).toISOString();
    const keyOf = (kind: "day_before" | "hours_before") => reminderKey(moved.reservationId, kind, newStart);

    // The day before: one reminder, of the new time (the cancelled class gets none).
    await run(jst(addJapanDays(date, -1), "18:00"));
    expect((await delivered(bob.lineUserId)).map((call) => call.retryKey)).toEqual([await keyOf("day_before")]);
    // 2 hours before the old time, and before the cancelled class: nothing.
    await run(jst(date, "08:00"));
    await run(jst(date, "11:00"));
    expect(await delivered(bob.lineUserId)).toHaveLength(1);
    // 2 hours before the new time.
    await run(jst(date, "15:00"));
    expect((await delivered(bob.lineUserId)).map((call) => call.retryKey)).toEqual([
      await keyOf("day_before"),
      await keyOf("hours_before"),
    ]);
  });

  it("sends nothing in quiet hours and the hours-before reminder when they end", async () => {
    const date = dateIn(12);
    await bookAtMerchant(carol.memberId, "svc_shibuya_tasting", jst(date, "10:00"));
    // The day before at 18:00 was skipped here on purpose; at 07:30 the 08:00 reminder is not due and it is quiet.
    await run(jst(date, "07:30"));
    expect(await delivered(carol.lineUserId)).toHaveLength(0);
    await run(jst(date, "08:00"));
    const pushes = await delivered(carol.lineUserId);
    expect(pushes).toHaveLength(1);
    expect(JSON.stringify(pushes[0]!.body)).toContain("まもなくご予約のお時間です");
  });

  it("sends every reminder once when LINE answers 429 mid-run, and retries a failed one with the same retry key", async () => {
    const date = dateIn(13);
    const customers = [await registerCustomer(), await registerCustomer(), await registerCustomer()];
    for (const [index, customer] of customers.entries()) {
      await bookAtMerchant(customer.memberId, "svc_kichijoji_tasting", jst(date, `1${index + 1}:00`));
    }
    // Day-before tick: the second customer's push meets a 429 (Retry-After 1 s), the third's
    // two 500s; both wait in the outbox for their retry, the first is sent.
    await setUserFault(customers[1]!.lineUserId, { mode: "rate_limit", retryAfterSeconds: 1, times: 1 });
    await setUserFault(customers[2]!.lineUserId, { mode: "server_error", times: 2 });
    const dayBefore = jst(addJapanDays(date, -1), "18:00");
    const first = await run(dayBefore);
    expect(first.recorded).toBe(3);
    expect(await delivered(customers[0]!.lineUserId)).toHaveLength(1);
    expect(await delivered(customers[2]!.lineUserId)).toHaveLength(0);

    await settleDeliveries(dayBefore, 60 * 60_000);
    // A later tick records nothing new: every reminder is in the outbox already.
    const later = await run(jst(addJapanDays(date, -1), "18:10"));
    expect(later.recorded).toBe(0);

    for (const customer of customers) {
      const calls = await pushesTo(customer.lineUserId);
      expect(calls.filter((call) => call.delivered)).toHaveLength(1);
      // Every attempt, failed or not, carried the one retry key of that reminder.
      expect(new Set(calls.map((call) => call.retryKey)).size).toBe(1);
    }
  });

  it("reminds each member in their own language, in one page", async () => {
    const [english, japanese] = [await registerCustomer(), await registerCustomer()];
    await chooseLanguage(english.lineUserId, "en");
    // The last test here: its pass runs latest, and a pass started later than another test's clock idles the planner.
    const date = dateIn(14);
    await bookAtMerchant(english.memberId, "svc_kichijoji_tasting", jst(date, "10:00"), 2);
    await bookAtMerchant(japanese.memberId, "svc_kichijoji_tasting", jst(date, "17:00"), 1);
    await run(jst(addJapanDays(date, -1), "18:00"));

    const [toEnglish] = await delivered(english.lineUserId);
    const [toJapanese] = await delivered(japanese.lineUserId);
    const words = (messages: unknown) => {
      const { texts, actions } = flatten(messages);
      // The shop's name heads the bubble; the line after the title is the merchant's store and
      // service names, as the merchant wrote them.
      return { shop: texts[0], title: texts[1], when: texts[3], label: actions[0]?.label, texts };
    };
    const en = words(toEnglish?.body?.messages);
    expect(en).toMatchObject({ shop: "Komorebi Coffee", title: "Your reservation is tomorrow", label: "View reservation" });
    expect(en.when).toMatch(/^\w{3}, \w{3} \d{1,2}, 10:00 \(Japan time\), 2 people$/);
    for (const text of [en.title, en.when, en.label]) expect(text).not.toMatch(JAPANESE_TEXT);
    const ja = words(toJapanese?.body?.messages);
    expect(ja).toMatchObject({ shop: "こもれび珈琲", title: "明日のご予約のお知らせ", label: "予約を確認" });
    expect(ja.when).toMatch(/^\d{1,2}月\d{1,2}日\(.\) 17:00〜 1名$/);
    for (const text of ja.texts) expect(text).not.toMatch(ENGLISH_WORDS);
  });
});
