// A campaign to N members (default 100,000; BENCH_CAMPAIGN_RECIPIENTS) through the production
// pipeline, the message the same for all, so it goes out as multicasts of 500:
//
// - The real campaign sender (bff/console/campaigns.ts advanceCampaign) reads the audience
//   page by page and records the members and the multicast deliveries in D1 (workerd's D1
//   through Miniflare, every migration applied), nudging the queue as it goes.
// - Then (or meanwhile, with BENCH_OVERLAP=1, as in production) C queue consumers
//   (BENCH_CONSUMERS, default 20) each take up to BENCH_BATCH (10) due messages
//   and run the real `deliverBatch` with the real LINE client against the fake LINE platform,
//   sharing ONE multicast `LineRateLimiter` at 185/s (LINE_MULTICASTS_PER_SECOND).
// - The fake enforces LINE's multicast limit, 200 requests/s per wall-clock second
//   (https://developers.line.biz/en/reference/messaging-api/#rate-limits), answers after
//   BENCH_LATENCY_MS, and part-way answers BENCH_FAULTS × 429 (Retry-After 1) then × 500.
//
// On Cloudflare the sending half would look the same: 100,000 recipients are 200 multicast
// requests, and LINE's 200/s makes that about a second at 185/s whatever the Workers do. The
// recording half is what grows: here it is one Node process writing to a local SQLite; on
// Cloudflare each audience page is a merchant call (tens of ms) plus two D1 batches (a few ms to
// tens of ms each, from the Worker's colo to the database's), so 200 pages take roughly 10–30 s,
// spread over one or two invocations (a run stops after 20 s and the queue carries it on),
// while consumers send each batch as soon as it is recorded.
import { randomBytes } from "node:crypto";
import type { D1Database } from "@cloudflare/workers-types/experimental";
import { advanceCampaign, createCampaign, startSending, type CampaignRunDeps } from "../../bff/console/campaigns.ts";
import { deliverBatch } from "../../bff/delivery/consumer.ts";
import { LineRateLimiter } from "../../bff/delivery/rate-limiter.ts";
import type { Logger } from "../../bff/lib/log.ts";
import { createLineMessaging } from "../../bff/line/messaging.ts";
import type { MerchantClient } from "../../bff/merchant/client.ts";
import { applyMigrations, BenchQueue, startBenchPlatform } from "./reminders.ts";

const MULTICAST_PATH = "/v2/bot/message/multicast";
const LINE_MULTICAST_LIMIT = 200;

export interface CampaignBenchResult {
  recipients: number;
  consumers: number;
  /** Audience read and every member's delivery recorded in D1. */
  recordSeconds: number;
  /** From the first consumer batch to LINE accepting the last multicast. */
  sendingSeconds: number;
  /** From the start to LINE accepting the last multicast. */
  secondsToLastDelivered: number;
  multicastRequests: number;
  /** Accepted multicasts / seconds from the first to the last accepted one. */
  requestsPerSecond: number;
  /** Multicasts accepted at their first attempt per second of sending (no tail of retries). */
  steadyRequestsPerSecond: number;
  lineLimitPerSecond: number;
  steadyToLineLimit: number;
  configuredPerSecond: number;
  /** Multicast calls (any status) the fake saw in its busiest wall-clock second. */
  maxRequestsInOneSecond: number;
  refusedForRateLimit: number;
  injected429: number;
  injected500: number;
  /** Recipients LINE accepted per second of sending. */
  recipientsPerSecond: number;
  /** Every recipient got exactly one message: duplicates and misses must be 0. */
  exactlyOnce: boolean;
  duplicates: number;
  misses: number;
  finalStates: string;
  loggedErrors: number;
}

export async function benchCampaign(): Promise<CampaignBenchResult> {
  const recipients = Number(process.env.BENCH_CAMPAIGN_RECIPIENTS ?? 100_000);
  const consumers = Number(process.env.BENCH_CONSUMERS ?? 20);
  const rate = Number(process.env.BENCH_MULTICAST_RATE ?? 185);
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 50);
  const faults = Number(process.env.BENCH_FAULTS ?? 5);
  const timeoutMs = Number(process.env.BENCH_TIMEOUT_MS ?? 5 * 60_000);
  // Queue messages per consumer batch. wrangler.toml allows 100, but a campaign's multicasts
  // reach the queue one or two at a time as the sender records them, so Queues hands them out
  // in small batches (max_batch_timeout 1 s) to many invocations (max_concurrency 25); 10 per
  // batch and 20 consumers is that shape. With 100 per batch the 200 multicasts land in two
  // invocations of 6 connections each, which this machine serves at about half LINE's limit.
  const batchSize = Number(process.env.BENCH_BATCH ?? 10);

  const { token, line, mf, dev } = await startBenchPlatform("campaign", "2000000001");
  try {
    const db = (await mf.getD1Database("DB")) as unknown as D1Database;
    await applyMigrations(db);
    await dev("rate-limit", { pushPerSecond: 2000, multicastPerSecond: LINE_MULTICAST_LIMIT });
    await dev("latency", { ms: latencyMs });

    const prefix = randomBytes(12).toString("hex");
    const ids = Array.from({ length: recipients }, (_, index) => `U${prefix}${index.toString(16).padStart(8, "0")}`);
    let loggedErrors = 0;
    const log: Logger = {
      info: () => {},
      warn: () => {},
      error: (message, fields) => {
        loggedErrors += 1;
        if (loggedErrors <= 5) console.error("[bench log]", message, fields);
      },
    };
    const queue = new BenchQueue(Date.now);
    const admin = { staffId: "stf_bench", name: "bench" };
    const started = Date.now();
    const campaignId = await createCampaign(
      db,
      admin,
      {
        name: "bench",
        message: { ja: { title: "週末限定セール", body: "全品10%オフ。" }, button: { screen: "/coupons" } },
        segmentId: null,
      },
      started,
    );
    await startSending(db, campaignId, admin, "https://bench.example", started);
    const runDeps: CampaignRunDeps = {
      db,
      queue: queue.asQueue(),
      log,
      merchant: {} as Pick<MerchantClient, "grantCoupon" | "listCouponCatalogue" | "getLineLink">,
      audience: async (_segmentId, page) => {
        const start = Number(page.cursor ?? 0);
        const end = Math.min(ids.length, start + page.limit);
        return { lineUserIds: ids.slice(start, end), nextCursor: end < ids.length ? String(end) : null };
      },
      liffId: "2000000001-bench",
      secret: randomBytes(32).toString("base64"),
      now: Date.now,
      budgetMs: timeoutMs,
    };

    const multicastLimiter = new LineRateLimiter();
    const pushLimiter = new LineRateLimiter();
    const realLine = createLineMessaging({ baseUrl: line.url, channelAccessToken: token, log });
    let multicastCalls = 0;
    let faultsArmed: Promise<void> = Promise.resolve();
    const deps = {
      db,
      queue: queue.asQueue(),
      line: {
        ...realLine,
        multicast: (to: readonly string[], messages: Parameters<typeof realLine.multicast>[1], retryKey: string) => {
          multicastCalls += 1;
          if (faults > 0 && multicastCalls === Math.floor(recipients / 500 / 3)) faultsArmed = armFaults(dev, faults);
          return realLine.multicast(to, messages, retryKey);
        },
      },
      log,
      reserve: async (count: number) => pushLimiter.reserve(count, 1850, 92),
      reserveMulticast: async (count: number) => multicastLimiter.reserve(count, rate, Math.max(1, Math.floor(rate * 0.05))),
      concurrency: 6,
    };

    let recordSeconds = 0;
    let recording = true;
    const recorder = (async () => {
      const report = await advanceCampaign(runDeps, campaignId);
      recordSeconds = (Date.now() - started) / 1000;
      recording = false;
      if (report.outcome !== "done") throw new Error(`the campaign run ended ${report.outcome}`);
    })();
    // Recording on this machine is far slower than LINE's limit (every D1 call crosses into
    // workerd): by default the sending is measured on its own once everything is recorded.
    if (process.env.BENCH_OVERLAP !== "1") await recorder;
    const sendingSince = Date.now();
    const deadline = started + timeoutMs;
    const consumer = async () => {
      while (Date.now() < deadline) {
        const batch = queue.take(batchSize);
        if (batch.length === 0) {
          if (!recording && queue.idle()) return;
          await sleep(Math.max(1, Math.min(50, queue.msUntilNextDue())));
          continue;
        }
        try {
          await deliverBatch(deps, batch);
          queue.settle(batch, "ack");
        } catch (error) {
          console.error("[bench] deliverBatch threw", error);
          queue.settle(batch, "retry");
        }
      }
    };
    await Promise.all([recorder, ...Array.from({ length: consumers }, consumer)]);
    await faultsArmed;

    const { calls } = (await dev("calls")) as {
      calls: Array<{
        path: string;
        status: number;
        delivered: boolean;
        at: string;
        retryKey: string | null;
        body: { to?: string[] } | null;
      }>;
    };
    const { multicastRejected } = (await dev("rate-limit")) as { multicastRejected: number };
    const perSecond = new Map<number, number>();
    const got = new Map<string, number>();
    const firstAttemptAt: number[] = [];
    const failedKeys = new Set<string>();
    let first = Infinity;
    let last = -Infinity;
    let accepted = 0;
    let requests = 0;
    let all429 = 0;
    let all500 = 0;
    for (const call of calls) {
      if (call.path !== MULTICAST_PATH) continue;
      requests += 1;
      const at = Date.parse(call.at);
      const second = Math.floor(at / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      if (call.status === 429) all429 += 1;
      if (call.status >= 500) all500 += 1;
      if (!call.delivered) {
        failedKeys.add(call.retryKey ?? "");
        continue;
      }
      accepted += 1;
      if (!failedKeys.has(call.retryKey ?? "")) firstAttemptAt.push(at);
      first = Math.min(first, at);
      last = Math.max(last, at);
      for (const id of call.body?.to ?? []) got.set(id, (got.get(id) ?? 0) + 1);
    }
    const span = (last - first) / 1000;
    // n requests started over a span have n - 1 gaps between them.
    const achieved = accepted > 1 && span > 0 ? (accepted - 1) / span : 0;
    // Without the tail of retries (a retried batch waits its Retry-After or backoff: seconds, in
    // a send of about one): multicasts LINE accepted at their first attempt, per second from the
    // first consumer batch to the last of them.
    const lastFirstAttempt = Math.max(...firstAttemptAt);
    const steady = firstAttemptAt.length > 0 ? firstAttemptAt.length / ((lastFirstAttempt - sendingSince) / 1000) : 0;
    const duplicates = [...got.values()].filter((times) => times > 1).length;
    const misses = ids.filter((id) => !got.has(id)).length;
    const states = await db
      .prepare("SELECT state, count(*) AS n FROM deliveries GROUP BY state ORDER BY state")
      .all<{ state: string; n: number }>();
    const toLast = accepted > 0 ? (last - started) / 1000 : -1;
    const sendingSeconds = accepted > 0 ? (last - sendingSince) / 1000 : -1;
    return {
      recipients,
      consumers,
      recordSeconds: round(recordSeconds, 1),
      sendingSeconds: round(sendingSeconds, 2),
      secondsToLastDelivered: round(toLast, 1),
      multicastRequests: requests,
      requestsPerSecond: round(achieved, 1),
      steadyRequestsPerSecond: round(steady, 1),
      lineLimitPerSecond: LINE_MULTICAST_LIMIT,
      steadyToLineLimit: round(steady / LINE_MULTICAST_LIMIT, 3),
      configuredPerSecond: rate,
      maxRequestsInOneSecond: Math.max(0, ...perSecond.values()),
      refusedForRateLimit: multicastRejected,
      injected429: all429 - multicastRejected,
      injected500: all500,
      recipientsPerSecond: sendingSeconds > 0 ? Math.round(got.size / sendingSeconds) : 0,
      exactlyOnce: duplicates === 0 && misses === 0,
      duplicates,
      misses,
      finalStates: states.results.map((row) => `${row.state}=${row.n}`).join(" "),
      loggedErrors,
    };
  } finally {
    await mf.dispose();
    await line.close();
  }
}

/** 429s first, then 500s, one fault at a time (the fake holds one). */
async function armFaults(dev: (path: string, body?: unknown) => Promise<unknown>, times: number): Promise<void> {
  await dev("faults", { mode: "rate_limit", times, retryAfterSeconds: 1 });
  const stopAt = Date.now() + 60_000;
  while (Date.now() < stopAt) {
    await sleep(20);
    const { faults } = (await dev("faults")) as { faults: { messaging: unknown } };
    if (faults.messaging === null) break;
  }
  await dev("faults", { mode: "server_error", times });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits: number) => Number(value.toFixed(digits));
