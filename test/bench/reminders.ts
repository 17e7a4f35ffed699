// Day-before reminders at scale through the production topology: N reservations tomorrow
// (default 100,000; BENCH_REMINDERS), every one due its day-before reminder at 18:00 JST today.
//
// - The real planner (bff/reminders/job.ts) runs at a simulated 17:50 against an in-memory
//   merchant and records every reminder in the real outbox (D1 of workerd through Miniflare, all
//   migrations applied), which queues one message per reminder, delayed until 18:00.
// - The queue is an in-memory stand-in that honours delaySeconds on a bench clock: when sending
//   starts, simulated 18:00 is "now" and simulated time runs on with real time, so everything
//   recorded for 18:00 is released at once and a retry delayed d seconds is due d real seconds later.
// - C consumer invocations (BENCH_CONSUMERS) each take up to 100 due messages and run the real
//   `deliverBatch` (6 sends in flight) with the real LINE client against the fake LINE platform,
//   all sharing ONE `LineRateLimiter` (the Durable Object's class, called directly).
// - The fake enforces LINE's push limit per wall-clock second (BENCH_LINE_LIMIT), answers after
//   BENCH_LATENCY_MS, and part-way through answers 200 × 429 (Retry-After 1) then 200 × 500.
//
// `reminders-scaling` runs a smaller N at a limit this machine can serve with C = 1, 2, 4, 8.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { Miniflare } from "miniflare";
import type { D1Database, Message as QueueMessage, Queue } from "@cloudflare/workers-types/experimental";
import type { ReminderCandidate, ReservationSettings } from "../../shared/merchant-contract.ts";
import { deliverBatch } from "../../bff/delivery/consumer.ts";
import { createOutbox, type DeliveryQueueMessage } from "../../bff/delivery/outbox.ts";
import { LineRateLimiter } from "../../bff/delivery/rate-limiter.ts";
import type { Logger } from "../../bff/lib/log.ts";
import { createLineMessaging, type LineMessaging } from "../../bff/line/messaging.ts";
import { runReminderPlanner } from "../../bff/reminders/job.ts";
import { addJapanDays, japanDate, japanInstant } from "../../bff/reservations/japan-time.ts";
import type { ReservationMerchant } from "../../bff/reservations/merchant.ts";
import { startFakeLinePlatform } from "../fakes/line-platform.ts";

const MIGRATIONS = new URL("../../bff/migrations/", import.meta.url);
const BATCH_SIZE = 100;
const PUSH_PATH = "/v2/bot/message/push";

export interface ReminderRunOptions {
  reminders: number;
  consumers: number;
  /** The rate the shared limiter hands out (LINE_SENDS_PER_SECOND). */
  ratePerSecond: number;
  /** LINE's push limit, enforced by the fake per wall-clock second. */
  lineLimit: number;
  latencyMs: number;
  /** Injected part-way: this many 429 (Retry-After 1), then this many 500. 0: none. */
  faults: number;
  /** The send phase ends here whatever is left. */
  timeoutMs: number;
}

export interface ReminderRunResult {
  reservations: number;
  planned: number;
  consumers: number;
  planSeconds: number;
  /** Delivered pushes / seconds from the first to the last delivered push. */
  achievedPerSecond: number;
  configuredPerSecond: number;
  lineLimitPerSecond: number;
  achievedToLimit: number;
  /** Push calls (any status) the fake saw in its busiest wall-clock second. */
  maxPushCallsInOneSecond: number;
  /** 429s the fake answered because its per-second limit was exceeded (not the injected ones). */
  refusedForRateLimit: number;
  injected429: number;
  injected500: number;
  pushCalls: number;
  delivered: number;
  /** Simulated 18:00 (the start of sending) to the last delivered push. */
  secondsTo18LastDelivered: number;
  duplicates: number;
  misses: number;
  /** Rows a consumer put back on the queue with a delay (LINE said 429 or 5xx). */
  retriesQueued: number;
  /** Queue messages retried (message.retry, or a batch whose handler threw). */
  messageRetries: number;
  batches: number;
  handlerErrors: number;
  loggedErrors: number;
  timedOut: boolean;
  finalStates: string;
  nodeCpuPercentOfOneCore: number;
  machineBusyPercent: number;
}

/** `npm run bench -- reminders`: the full run, settings from the environment. */
export async function benchReminders(): Promise<ReminderRunResult> {
  const rate = Number(process.env.BENCH_RATE ?? 1850);
  return runReminderDelivery({
    reminders: Number(process.env.BENCH_REMINDERS ?? 100_000),
    consumers: Number(process.env.BENCH_CONSUMERS ?? 20),
    ratePerSecond: rate,
    lineLimit: Number(process.env.BENCH_LINE_LIMIT ?? 2000),
    latencyMs: Number(process.env.BENCH_LATENCY_MS ?? 50),
    faults: Number(process.env.BENCH_FAULTS ?? 200),
    timeoutMs: Number(process.env.BENCH_TIMEOUT_MS ?? 10 * 60_000),
  });
}

/** `npm run bench -- reminders-scaling`: a limit this machine can serve, C = 1, 2, 4, 8. */
export async function benchRemindersScaling() {
  const consumers = (process.env.BENCH_SCALING_CONSUMERS ?? "1,2,4,8").split(",").map(Number);
  const rows = [];
  for (const c of consumers) {
    const result = await runReminderDelivery({
      reminders: Number(process.env.BENCH_REMINDERS ?? 20_000),
      consumers: c,
      ratePerSecond: Number(process.env.BENCH_RATE ?? 370),
      lineLimit: Number(process.env.BENCH_LINE_LIMIT ?? 400),
      latencyMs: Number(process.env.BENCH_LATENCY_MS ?? 50),
      faults: Number(process.env.BENCH_FAULTS ?? 200),
      timeoutMs: Number(process.env.BENCH_TIMEOUT_MS ?? 10 * 60_000),
    });
    rows.push({
      consumers: c,
      reminders: result.reservations,
      achievedPerSecond: result.achievedPerSecond,
      configured: result.configuredPerSecond,
      lineLimit: result.lineLimitPerSecond,
      toLimit: result.achievedToLimit,
      maxPerSecond: result.maxPushCallsInOneSecond,
      refused429: result.refusedForRateLimit,
      secondsToLast: result.secondsTo18LastDelivered,
      duplicates: result.duplicates,
      misses: result.misses,
      retries: result.retriesQueued + result.messageRetries,
      nodeCpuPct: result.nodeCpuPercentOfOneCore,
      machineBusyPct: result.machineBusyPercent,
      timedOut: result.timedOut,
      finalStates: result.finalStates,
    });
  }
  return rows;
}

export async function runReminderDelivery(options: ReminderRunOptions): Promise<ReminderRunResult> {
  const { token, line, mf, dev } = await startBenchPlatform("reminders", "2000000000");
  try {
    const db = (await mf.getD1Database("DB")) as unknown as D1Database;
    await applyMigrations(db);

    // The simulated day: the planner's tick at 17:50 JST, reminders due at 18:00.
    const today = japanDate(Date.now());
    const tomorrow = addJapanDays(today, 1);
    const sixPm = japanInstant(today, 18);
    const planAt = sixPm - 10 * 60_000;
    const bookedAt = new Date(planAt - 7 * 24 * 3600_000).toISOString();
    const userPrefix = randomBytes(12).toString("hex");
    const candidates: ReminderCandidate[] = Array.from({ length: options.reminders }, (_, index) => ({
      reservationId: `rsv_bench_${index}`,
      storeName: "渋谷店",
      serviceName: "テイスティング席",
      // Spread over 10:00–18:59 tomorrow, sorted as the contract requires.
      startsAt: new Date(japanInstant(tomorrow, 10) + Math.floor((index / options.reminders) * 9 * 60) * 60_000).toISOString(),
      partySize: 2,
      bookedAt,
      lineUserId: `U${userPrefix}${index.toString(16).padStart(8, "0")}`,
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

    // The bench clock: 17:50 until sending starts, then 18:00 + real elapsed ms.
    let sendingSince: number | null = null;
    const simNow = () => (sendingSince === null ? planAt : sixPm + (Date.now() - sendingSince));
    const queue = new BenchQueue(simNow);
    let loggedErrors = 0;
    const log: Logger = {
      info: () => {},
      warn: () => {},
      error: (message, fields) => {
        loggedErrors += 1;
        if (loggedErrors <= 5) console.error("[bench log]", message, fields);
      },
    };

    const outbox = createOutbox({ db, queue: queue.asQueue(), log, off: new Set(), now: () => planAt });
    const planStarted = performance.now();
    const plan = await runReminderPlanner({
      db,
      merchant,
      outbox,
      log,
      liffId: "2000000000-bench",
      now: planAt,
      perTick: options.reminders + 1,
      intervalMs: 5 * 60_000,
    });
    const planSeconds = (performance.now() - planStarted) / 1000;
    if (!plan.completed) throw new Error(`the planner did not finish in one tick: ${JSON.stringify(plan)}`);

    await dev("rate-limit", { pushPerSecond: options.lineLimit });
    await dev("latency", { ms: options.latencyMs });

    const limiter = new LineRateLimiter();
    const burst = Math.max(1, Math.floor(options.ratePerSecond * 0.05));
    const realLine = createLineMessaging({ baseUrl: line.url, channelAccessToken: token, log });
    let pushCalls = 0;
    const faultsAt = Math.floor(options.reminders / 3);
    let faultsArmed: Promise<void> = Promise.resolve();
    const countedLine: LineMessaging = {
      ...realLine,
      push(to, messages, retryKey) {
        pushCalls += 1;
        if (options.faults > 0 && pushCalls === faultsAt) faultsArmed = armFaults(dev, options.faults);
        return realLine.push(to, messages, retryKey);
      },
    };
    const deps = {
      db,
      queue: queue.asQueue(),
      line: countedLine,
      log,
      reserve: async (count: number) => limiter.reserve(count, options.ratePerSecond, burst),
      concurrency: 6,
      now: simNow,
    };

    const cpuBefore = process.cpuUsage();
    const machineBefore = machineTimes();
    sendingSince = Date.now();
    const deadline = sendingSince + options.timeoutMs;
    let batches = 0;
    let handlerErrors = 0;
    let timedOut = false;
    const consumer = async () => {
      while (true) {
        if (Date.now() > deadline) {
          timedOut = true;
          return;
        }
        const batch = queue.take(BATCH_SIZE);
        if (batch.length === 0) {
          if (queue.idle()) return;
          await sleep(Math.max(1, Math.min(50, queue.msUntilNextDue())));
          continue;
        }
        batches += 1;
        try {
          await deliverBatch(deps, batch);
          queue.settle(batch, "ack");
        } catch (error) {
          handlerErrors += 1;
          if (handlerErrors <= 5) console.error("[bench] deliverBatch threw", error);
          queue.settle(batch, "retry");
        }
      }
    };
    await Promise.all(Array.from({ length: options.consumers }, consumer));
    const wallMs = Date.now() - sendingSince;
    const cpu = process.cpuUsage(cpuBefore);
    const machineAfter = machineTimes();
    await faultsArmed;

    const { calls } = (await dev("calls")) as {
      calls: Array<{ path: string; status: number; delivered: boolean; at: string; body: { to?: string } | null }>;
    };
    const { rejected } = (await dev("rate-limit")) as { rejected: number };
    const perSecond = new Map<number, number>();
    const deliveredPerUser = new Map<string, number>();
    let firstDelivered = Infinity;
    let lastDelivered = -Infinity;
    let delivered = 0;
    let all429 = 0;
    let all500 = 0;
    let pushes = 0;
    for (const call of calls) {
      if (call.path !== PUSH_PATH) continue;
      pushes += 1;
      const at = Date.parse(call.at);
      const second = Math.floor(at / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      if (call.status === 429) all429 += 1;
      if (call.status >= 500) all500 += 1;
      if (call.delivered) {
        delivered += 1;
        firstDelivered = Math.min(firstDelivered, at);
        lastDelivered = Math.max(lastDelivered, at);
        const to = call.body?.to ?? "?";
        deliveredPerUser.set(to, (deliveredPerUser.get(to) ?? 0) + 1);
      }
    }
    if (process.env.BENCH_TIMELINE) {
      const seconds = [...perSecond.keys()].sort((a, b) => a - b);
      console.log("push calls per second:", seconds.map((second) => perSecond.get(second)).join(" "));
    }
    const duplicates = [...deliveredPerUser.values()].filter((n) => n > 1).length;
    const misses = candidates.filter((c) => !deliveredPerUser.has(c.lineUserId!)).length;
    const spanSeconds = (lastDelivered - firstDelivered) / 1000;
    const achieved = delivered > 1 && spanSeconds > 0 ? delivered / spanSeconds : 0;
    const states = await db
      .prepare("SELECT state, count(*) AS n FROM deliveries GROUP BY state ORDER BY state")
      .all<{ state: string; n: number }>();
    const busy = machineAfter.busy - machineBefore.busy;
    const total = machineAfter.total - machineBefore.total;

    return {
      reservations: options.reminders,
      planned: plan.recorded,
      consumers: options.consumers,
      planSeconds: round(planSeconds, 1),
      achievedPerSecond: Math.round(achieved),
      configuredPerSecond: options.ratePerSecond,
      lineLimitPerSecond: options.lineLimit,
      achievedToLimit: round(achieved / options.lineLimit, 3),
      maxPushCallsInOneSecond: Math.max(0, ...perSecond.values()),
      refusedForRateLimit: rejected,
      injected429: all429 - rejected,
      injected500: all500,
      pushCalls: pushes,
      delivered,
      secondsTo18LastDelivered: delivered > 0 ? round((lastDelivered - sendingSince) / 1000, 1) : -1,
      duplicates,
      misses,
      retriesQueued: queue.sentWithDelay,
      messageRetries: queue.retried,
      batches,
      handlerErrors,
      loggedErrors,
      timedOut,
      finalStates: states.results.map((row) => `${row.state}=${row.n}`).join(" "),
      nodeCpuPercentOfOneCore: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 100),
      machineBusyPercent: total > 0 ? Math.round((busy / total) * 100) : 0,
    };
  } finally {
    await mf.dispose();
    await line.close();
  }
}

/**
 * A bench's stage: the fake LINE platform with its own channel token, a fresh local D1 through
 * Miniflare, and `dev` for the platform's /__dev switches. The caller disposes `mf` and closes `line`.
 */
export async function startBenchPlatform(name: string, channelId: string) {
  const token = `bench-${randomBytes(8).toString("hex")}`;
  const line = await startFakeLinePlatform({ channelId, channelAccessToken: token });
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch: () => new Response('') }",
    d1Databases: { DB: `bench-${name}-${randomBytes(4).toString("hex")}` },
  });
  const dev = (path: string, body?: unknown) =>
    fetch(`${line.url}/__dev/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (response) => {
      if (!response.ok) throw new Error(`fake LINE ${path}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<unknown>;
    });
  return { token, line, mf, dev };
}

/** All of bff/migrations in order, statement by statement (comments stripped first: they hold semicolons). */
export async function applyMigrations(db: D1Database): Promise<void> {
  const files = readdirSync(MIGRATIONS)
    .filter((name) => name.endsWith(".sql"))
    .sort();
  for (const file of files) {
    const sql = readFileSync(new URL(file, MIGRATIONS), "utf8");
    const statements = sql
      .replace(/--.*$/gm, "")
      .split(";")
      .map((statement) => statement.trim())
      .filter(Boolean);
    for (const statement of statements) {
      try {
        await db.prepare(statement).run();
      } catch (error) {
        throw new Error(`${file}: ${statement.slice(0, 80)}…: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** The fake holds one fault at a time: 429s first, then, once they are used up, 500s. */
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

interface Waiting {
  id: string;
  body: DeliveryQueueMessage;
  /** Simulated epoch ms from which it may be delivered. */
  dueAt: number;
  attempts: number;
  timestamp: Date;
}

/**
 * Cloudflare Queues as far as the pipeline uses it: send/sendBatch with delaySeconds, batches of
 * due messages, ack/retry. Delays run on the bench clock (simulated time).
 */
export class BenchQueue {
  readonly #heap: Waiting[] = [];
  #seq = 0;
  #inFlight = 0;
  /** Once consumers run, a send is a consumer putting a row back (the planner's are not retries). */
  #sending = false;
  sentWithDelay = 0;
  retried = 0;

  constructor(private readonly now: () => number) {}

  asQueue(): Queue<DeliveryQueueMessage> {
    const send = (body: DeliveryQueueMessage, delaySeconds = 0) => {
      if (this.#sending) this.sentWithDelay += 1;
      this.#push({ id: `m${++this.#seq}`, body, dueAt: this.now() + delaySeconds * 1000, attempts: 1, timestamp: new Date() });
    };
    return {
      send: async (body: DeliveryQueueMessage, options?: { delaySeconds?: number }) => send(body, options?.delaySeconds),
      sendBatch: async (messages: Iterable<{ body: DeliveryQueueMessage; delaySeconds?: number }>) => {
        for (const message of messages) send(message.body, message.delaySeconds);
      },
    } as unknown as Queue<DeliveryQueueMessage>;
  }

  /** Up to `max` due messages, as one batch in flight. */
  take(max: number): Array<QueueMessage<DeliveryQueueMessage> & { settled: "ack" | "retry" | null }> {
    this.#sending = true;
    const now = this.now();
    const batch: Array<QueueMessage<DeliveryQueueMessage> & { settled: "ack" | "retry" | null }> = [];
    while (batch.length < max && this.#heap.length > 0 && this.#heap[0]!.dueAt <= now) {
      const waiting = this.#pop();
      const message = {
        id: waiting.id,
        body: waiting.body,
        attempts: waiting.attempts,
        timestamp: waiting.timestamp,
        settled: null as "ack" | "retry" | null,
        ack: () => {
          message.settled ??= "ack";
        },
        retry: (options?: { delaySeconds?: number }) => {
          if (message.settled !== null) return;
          message.settled = "retry";
          this.retried += 1;
          this.#push({ ...waiting, attempts: waiting.attempts + 1, dueAt: this.now() + (options?.delaySeconds ?? 0) * 1000 });
        },
        ackAll: () => {},
      };
      batch.push(message as unknown as QueueMessage<DeliveryQueueMessage> & { settled: "ack" | "retry" | null });
    }
    if (batch.length > 0) this.#inFlight += 1;
    return batch;
  }

  /** After the handler: a returned handler acks what it left open; a thrown one retries it. */
  settle(
    batch: ReadonlyArray<QueueMessage<DeliveryQueueMessage> & { settled: "ack" | "retry" | null }>,
    open: "ack" | "retry",
  ): void {
    for (const message of batch) {
      if (message.settled !== null) continue;
      if (open === "ack") message.ack();
      else message.retry();
    }
    this.#inFlight -= 1;
  }

  /** Nothing waiting and no batch in flight that could add more. */
  idle(): boolean {
    return this.#heap.length === 0 && this.#inFlight === 0;
  }

  msUntilNextDue(): number {
    return this.#heap.length === 0 ? 50 : this.#heap[0]!.dueAt - this.now();
  }

  #push(item: Waiting): void {
    const heap = this.#heap;
    heap.push(item);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent]!.dueAt <= item.dueAt) break;
      heap[index] = heap[parent]!;
      index = parent;
    }
    heap[index] = item;
  }

  #pop(): Waiting {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let index = 0;
      while (true) {
        const left = 2 * index + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && heap[right]!.dueAt < heap[left]!.dueAt ? right : left;
        if (heap[child]!.dueAt >= last.dueAt) break;
        heap[index] = heap[child]!;
        index = child;
      }
      heap[index] = last;
    }
    return top;
  }
}

export function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of cpus()) {
    const { user, nice, sys, idle, irq } = cpu.times;
    busy += user + nice + sys + irq;
    total += user + nice + sys + idle + irq;
  }
  return { busy, total };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits: number) => Number(value.toFixed(digits));
