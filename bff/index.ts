import type { ExecutionContext, MessageBatch, ScheduledController } from "@cloudflare/workers-types/experimental";
import { app } from "./app.ts";
import { deliverBatch } from "./delivery/consumer.ts";
import type { DeliveryQueueMessage } from "./delivery/outbox.ts";
import { pruneByAge } from "./delivery/retention.ts";
import { checkQuota, sweepOverdue } from "./delivery/sweeper.ts";
import { deliveryDependencies, lineFor, outboxFor } from "./delivery/wiring.ts";
import { runBirthdayCouponJob } from "./coupons/birthday-job.ts";
import { parseReminderDays, runPointsExpiryReminders } from "./coupons/points-expiry.ts";
import { parseMessagesOff } from "./delivery/kinds.ts";
import { campaignRunDeps, continueCampaign, runCampaignsTick } from "./console/campaign-runner.ts";
import { runDashboardJob } from "./console/dashboard.ts";
import type { Bindings } from "./env.ts";
import { applyDueTagRules } from "./console/tags.ts";
import { pruneMerchantEvents } from "./hooks/dedup.ts";
import { pruneIdempotencyRecords } from "./lib/idempotency.ts";
import { createLogger, type Logger } from "./lib/log.ts";
import { createMerchantClient } from "./merchant/client.ts";
import { runReminderPlanner } from "./reminders/job.ts";
import { runScenarioTick, trackedLinksOf } from "./console/scenarios.ts";
import { createReservationMerchant } from "./reservations/merchant.ts";
import { applyDeferredRegisterWrite, sweepDeferredRegisterWrites } from "./staff/deferred-writes.ts";
import { processWebhookEvent } from "./webhook/process.ts";

export type { AppType } from "./app.ts";
export { LineRateLimiter } from "./delivery/rate-limiter.ts";

const positive = (value: string | undefined, fallback: number) => {
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
};

function merchantFor(env: Bindings, requestId: string, log: Logger) {
  return {
    baseUrl: env.MERCHANT_API_BASE,
    apiKey: env.MERCHANT_API_KEY,
    timeoutMs: Number(env.MERCHANT_TIMEOUT_MS) || 3000,
    requestId,
    log,
  };
}

/** A step of the cron that fails is logged; the others still run, and the next tick tries again. */
async function step<T>(log: Logger, name: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    log.error(`${name} failed`, { error: error instanceof Error ? error.message : "unknown" });
    return null;
  }
}

const tickClock = (start: number) => {
  const realStart = Date.now();
  return () => start + (Date.now() - realStart);
};

/**
 * One cron tick: plan reminders into the outbox, grant birthday coupons on the 1st, remind of points
 * about to expire once a day, mend lost nudges, read the quota, forget old records.
 */
export async function runScheduled(env: Bindings, now: number, cron: string) {
  const runId = crypto.randomUUID();
  const log = createLogger(runId);
  const deps = { db: env.DB, queue: env.DELIVERY_QUEUE, log, now };
  const reminders = await step(log, "reminder planner", () =>
    runReminderPlanner({
      db: env.DB,
      merchant: createReservationMerchant(merchantFor(env, runId, log)),
      outbox: outboxFor(env, log),
      log,
      liffId: env.LIFF_ID,
      now,
      perTick: positive(env.REMINDER_PLAN_PER_TICK, 20_000),
      intervalMs: positive(env.REMINDER_PLAN_INTERVAL_MINUTES, 15) * 60_000,
    }),
  );
  const birthdayCoupons = await step(log, "birthday coupons", () =>
    runBirthdayCouponJob({
      db: env.DB,
      merchant: createMerchantClient(merchantFor(env, runId, log)),
      outbox: outboxFor(env, log),
      liffId: env.LIFF_ID,
      log,
      now,
    }),
  );
  const pointsExpiry = await step(log, "points-expiring reminders", () =>
    runPointsExpiryReminders({
      db: env.DB,
      merchant: createMerchantClient(merchantFor(env, runId, log)),
      outbox: outboxFor(env, log),
      off: parseMessagesOff(env.LINE_MESSAGES_OFF),
      log,
      liffId: env.LIFF_ID,
      now,
      daysBefore: parseReminderDays(env.POINTS_EXPIRY_REMINDER_DAYS),
    }),
  );
  const tagRules = await step(log, "tag rules", () =>
    applyDueTagRules({ db: env.DB, merchant: createMerchantClient(merchantFor(env, runId, log)), log }, now),
  );
  const campaigns = await step(log, "campaigns", () =>
    runCampaignsTick(
      // The tick's time, running on at the real clock's pace (a run stops after its budget).
      campaignRunDeps(env, createMerchantClient(merchantFor(env, runId, log)), log, { now: tickClock(now) }),
    ),
  );
  const scenarios = await step(log, "scenarios", () =>
    runScenarioTick(
      {
        db: env.DB,
        outbox: outboxFor(env, log),
        log,
        liffId: env.LIFF_ID,
        merchant: createMerchantClient(merchantFor(env, runId, log)),
        links: trackedLinksOf(env),
      },
      now,
    ),
  );
  const swept = await step(log, "sweep", () => sweepOverdue(deps));
  const registerWrites = await step(log, "deferred register writes", () => sweepDeferredRegisterWrites(deps));
  const quota = await step(log, "quota", () => checkQuota({ ...deps, line: lineFor(env, log) }));
  const dashboard = await step(log, "dashboard", () =>
    runDashboardJob(env.DB, createMerchantClient(merchantFor(env, runId, log)), now),
  );
  const pruned = await step(log, "retention", async () => ({
    ...(await pruneByAge(env.DB, now)),
    idempotencyRecords: await pruneIdempotencyRecords(env.DB, now),
    merchantEvents: await pruneMerchantEvents(env.DB, now),
  }));
  log.info("cron tick", {
    cron,
    swept: swept ? swept.deliveries + swept.webhookEvents : null,
    quotaResumed: quota?.resumed ?? null,
    pruned: pruned ? Object.values(pruned).reduce((a, b) => a + b, 0) : null,
  });
  return {
    reminders,
    birthdayCoupons,
    pointsExpiry,
    tagRules,
    campaigns,
    scenarios,
    swept,
    registerWrites,
    quota,
    dashboard,
    pruned,
  };
}

/**
 * One queue batch: webhook events are handled in order, deliveries sent in parallel under the
 * rate limit. `clock` lets tests run it at a simulated time.
 */
export async function runQueueBatch(batch: MessageBatch<DeliveryQueueMessage>, env: Bindings, clock?: () => number) {
  const log = createLogger(crypto.randomUUID());
  const webhookMessages = batch.messages.filter((message) => message.body.type === "webhook");
  const deliveryMessages = batch.messages.filter((message) => message.body.type === "delivery");
  if (webhookMessages.length > 0) {
    const deps = {
      db: env.DB,
      queue: env.DELIVERY_QUEUE,
      line: lineFor(env, log),
      outbox: outboxFor(env, log, clock),
      merchant: createMerchantClient(merchantFor(env, crypto.randomUUID(), log)),
      log,
      liffId: env.LIFF_ID,
      merchantAccountLinkUrl: env.MERCHANT_ACCOUNT_LINK_URL,
      links: trackedLinksOf(env),
      now: clock,
    };
    for (const message of webhookMessages) {
      await processWebhookEvent(deps, message.body.id);
      message.ack();
    }
  }
  if (deliveryMessages.length > 0) await deliverBatch({ ...deliveryDependencies(env, log), now: clock }, deliveryMessages);
  // Register writes accepted while the merchant was down: applied one at a time, each under its key.
  for (const message of batch.messages.filter((message) => message.body.type === "register_write")) {
    const merchant = createMerchantClient(merchantFor(env, crypto.randomUUID(), log));
    await applyDeferredRegisterWrite(
      { db: env.DB, queue: env.DELIVERY_QUEUE, merchant, outbox: outboxFor(env, log, clock), log, now: clock },
      message.body.id,
    );
    message.ack();
  }
  // A campaign that has more to record goes on here, a run per message (one runner at a time).
  for (const message of batch.messages.filter((message) => message.body.type === "campaign")) {
    const merchant = createMerchantClient(merchantFor(env, crypto.randomUUID(), log));
    await continueCampaign(campaignRunDeps(env, merchant, log, clock ? { now: clock } : {}), message.body.id);
    message.ack();
  }
}

export default {
  fetch: app.fetch,
  // Declared in wrangler.toml (every five minutes).
  async scheduled(controller: ScheduledController, env: Bindings, _ctx: ExecutionContext) {
    await runScheduled(env, controller.scheduledTime, controller.cron);
  },
  async queue(batch: MessageBatch<DeliveryQueueMessage>, env: Bindings, _ctx: ExecutionContext) {
    await runQueueBatch(batch, env);
  },
};
