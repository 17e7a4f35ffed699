// Reminder job at scale: N reservations tomorrow (default 100,000; BENCH_REMINDERS=… to change),
// every one due its day-before reminder at 18:00 JST today. The real planner, send log (D1 of
// workerd through Miniflare, as `npm run dev` has it) and sender run in Node against the fake
// LINE platform with LINE's push limit (2,000/s) enforced. The merchant side is an in-memory
// page source: this measures the BFF's job, not the sandbox merchant's SQLite.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Miniflare } from "miniflare";
import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { ReminderCandidate, ReservationSettings } from "../../shared/merchant-contract.ts";
import { runReminderJob } from "../../bff/reminders/job.ts";
import type { Logger } from "../../bff/lib/log.ts";
import { createLineMessaging } from "../../bff/line/messaging.ts";
import { addJapanDays, japanDate, japanInstant } from "../../bff/reservations/japan-time.ts";
import type { ReservationMerchant } from "../../bff/reservations/merchant.ts";
import { startFakeLinePlatform } from "../fakes/line-platform.ts";

const LINE_PUSH_LIMIT = 2000;

export async function benchReminders() {
  const count = Number(process.env.BENCH_REMINDERS ?? 100_000);
  const sendsPerSecond = Number(process.env.BENCH_REMINDER_RATE ?? 1500);
  const concurrency = Number(process.env.BENCH_REMINDER_CONCURRENCY ?? 64);
  const token = `bench-${randomBytes(8).toString("hex")}`;
  const line = await startFakeLinePlatform({ channelId: "2000000000", channelAccessToken: token });
  const mf = new Miniflare({ modules: true, script: "export default { fetch: () => new Response('') }", d1Databases: { DB: "bench-reminders" } });
  try {
    await fetch(`${line.url}/__dev/rate-limit`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pushPerSecond: LINE_PUSH_LIMIT }),
    });
    const db = (await mf.getD1Database("DB")) as unknown as D1Database;
    const migration = readFileSync(new URL("../../bff/migrations/0006_reminder_sends.sql", import.meta.url), "utf8");
    for (const statement of migration.replace(/--.*$/gm, "").split(";").map((s) => s.trim()).filter(Boolean)) {
      await db.prepare(statement).run();
    }

    const today = japanDate(Date.now());
    const tomorrow = addJapanDays(today, 1);
    const now = japanInstant(today, 18);
    const bookedAt = new Date(now - 7 * 24 * 3600_000).toISOString();
    const candidates: ReminderCandidate[] = Array.from({ length: count }, (_, index) => ({
      reservationId: `rsv_bench_${index}`,
      storeName: "渋谷店",
      serviceName: "テイスティング席",
      // Spread over 10:00–18:59 tomorrow, sorted as the contract requires.
      startsAt: new Date(japanInstant(tomorrow, 10) + Math.floor((index / count) * 9 * 60) * 60_000).toISOString(),
      partySize: 2,
      bookedAt,
      lineUserId: `U${index.toString(16).padStart(32, "0")}`,
    }));
    const settings: ReservationSettings = {
      cancellationWindowHours: 24,
      reminders: { dayBeforeLocalHour: 18, hoursBefore: 2, quietHours: { startHour: 21, endHour: 8 } },
    };
    const merchant: Pick<ReservationMerchant, "getSettings" | "listReminderCandidates"> = {
      getSettings: async () => settings,
      listReminderCandidates: async ({ cursor, limit = 500 }) => {
        const start = cursor ? Number(cursor) : 0;
        const end = Math.min(candidates.length, start + limit);
        return { reservations: candidates.slice(start, end), nextCursor: end < candidates.length ? String(end) : null };
      },
    };
    let lineRetries = 0;
    const log: Logger = {
      info: () => {},
      warn: (message: string) => {
        if (message === "line call failed") lineRetries += 1;
      },
      error: (message: string, fields?: Record<string, unknown>) => console.error(message, fields),
    } as unknown as Logger;
    const options = {
      db,
      merchant: merchant as ReservationMerchant,
      line: createLineMessaging({ baseUrl: line.url, channelAccessToken: token, log, maxAttempts: 6, maxDelayMs: 5000 }),
      log,
      liffId: "2000000000-bench",
      now,
      sendsPerSecond,
      concurrency,
      maxSends: Number.MAX_SAFE_INTEGER,
    };

    const started = performance.now();
    // Two overlapping runs, as when a slow tick meets the next one.
    const [first, second] = await Promise.all([runReminderJob(options), runReminderJob({ ...options, now: now + 60_000 })]);
    const seconds = (performance.now() - started) / 1000;
    // A third run after the fact: everything is in the send log, nothing goes out.
    const rerun = await runReminderJob({ ...options, now: now + 5 * 60_000 });

    const { calls } = (await (await fetch(`${line.url}/__dev/calls`)).json()) as {
      calls: Array<{ path: string; delivered: boolean; status: number; body: { to?: string } | null }>;
    };
    const deliveredPerUser = new Map<string, number>();
    let rateLimited = 0;
    for (const call of calls) {
      if (call.path !== "/v2/bot/message/push") continue;
      if (call.status === 429) rateLimited += 1;
      if (call.delivered && call.body?.to) deliveredPerUser.set(call.body.to, (deliveredPerUser.get(call.body.to) ?? 0) + 1);
    }
    const duplicates = [...deliveredPerUser.values()].filter((n) => n > 1).length;
    const misses = candidates.filter((c) => !deliveredPerUser.has(c.lineUserId!)).length;
    const sent = first.sent + second.sent;
    return {
      reservations: count,
      wallSeconds: Number(seconds.toFixed(1)),
      sent,
      achievedPerSecond: Math.round(sent / seconds),
      configuredPerSecond: sendsPerSecond,
      lineLimitPerSecond: LINE_PUSH_LIMIT,
      concurrency,
      runs: `${first.claimed} + ${second.claimed} claimed by two overlapping runs; a rerun claimed ${rerun.claimed}`,
      answered429: rateLimited,
      lineRetries,
      failed: first.failed + second.failed,
      duplicates,
      misses,
    };
  } finally {
    await mf.dispose();
    await line.close();
  }
}
