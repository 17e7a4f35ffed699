import type { ExecutionContext, ScheduledController } from "@cloudflare/workers-types/experimental";
import { app } from "./app.ts";
import type { Bindings } from "./env.ts";
import { pruneMerchantEvents } from "./hooks/dedup.ts";
import { pruneIdempotencyRecords } from "./lib/idempotency.ts";
import { createLogger } from "./lib/log.ts";
import { createLineMessaging } from "./line/messaging.ts";
import { blockedAmong } from "./reminders/blocked.ts";
import { runReminderJob } from "./reminders/job.ts";
import { pruneReminderSends } from "./reminders/send-log.ts";
import { createReservationMerchant } from "./reservations/merchant.ts";

export type { AppType } from "./app.ts";

const positive = (value: string | undefined, fallback: number) => {
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
};

/** One cron tick: the reservation reminder job, then forgetting records past their windows. */
export async function runScheduled(env: Bindings, now: number, cron: string) {
  const runId = crypto.randomUUID();
  const log = createLogger(runId);
  const reminders = await runReminderJob({
    db: env.DB,
    merchant: createReservationMerchant({
      baseUrl: env.MERCHANT_API_BASE,
      apiKey: env.MERCHANT_API_KEY,
      timeoutMs: Number(env.MERCHANT_TIMEOUT_MS) || 3000,
      requestId: runId,
      log,
    }),
    // More patience than a request has: nobody waits on the cron, and a 429's Retry-After is honoured.
    line: createLineMessaging({
      baseUrl: env.LINE_API_BASE,
      channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN,
      log,
      maxAttempts: 4,
      maxDelayMs: 5000,
    }),
    log,
    liffId: env.LIFF_ID,
    now,
    runId,
    sendsPerSecond: positive(env.REMINDER_SENDS_PER_SECOND, 1000),
    concurrency: positive(env.REMINDER_CONCURRENCY, 6),
    maxSends: positive(env.REMINDER_MAX_SENDS_PER_RUN, 9000),
    blockedAmong: (ids) => blockedAmong(env.DB, ids),
  }).catch((error: unknown) => {
    // The merchant being down must not stop the pruning below; the next tick tries again.
    log.error("reminder run failed", { error: error instanceof Error ? error.message : "unknown" });
    return null;
  });
  const [idempotencyRecords, merchantEvents, reminderSends] = await Promise.all([
    pruneIdempotencyRecords(env.DB),
    pruneMerchantEvents(env.DB),
    pruneReminderSends(env.DB),
  ]);
  log.info("cron tick", { cron, idempotencyRecords, merchantEvents, reminderSends });
  return reminders;
}

export default {
  fetch: app.fetch,
  // Declared in wrangler.toml (every five minutes).
  async scheduled(controller: ScheduledController, env: Bindings, _ctx: ExecutionContext) {
    await runScheduled(env, controller.scheduledTime, controller.cron);
  },
};
