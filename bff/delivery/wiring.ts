import type { Bindings } from "../env.ts";
import type { Logger } from "../lib/log.ts";
import { createLineMessaging, type LineMessaging } from "../line/messaging.ts";
import type { DeliveryDependencies } from "./consumer.ts";
import { parseMessagesOff } from "./kinds.ts";
import { createOutbox, type Outbox } from "./outbox.ts";
import { reserveSends } from "./rate-limiter.ts";
import { parseServiceTemplates } from "./service-messages.ts";

// The pipeline's pieces built from the Worker's bindings, in one place for requests, the queue
// consumer and the cron.

const positive = (value: string | undefined, fallback: number) => {
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
};

/** LINE allows 2,000/s; the default stays 7.5 % under it (see rate-limiter.ts). */
export const DEFAULT_SENDS_PER_SECOND = 1850;
/** LINE allows 200 multicast requests a second; the same margin. */
export const DEFAULT_MULTICASTS_PER_SECOND = 185;

export function lineFor(env: Bindings, log: Logger): LineMessaging {
  return createLineMessaging({
    baseUrl: env.LINE_API_BASE,
    channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN,
    log,
    timeoutMs: positive(env.LINE_TIMEOUT_MS, 10_000),
  });
}

export function outboxFor(env: Bindings, log: Logger, now?: () => number): Outbox {
  return createOutbox({ db: env.DB, queue: env.DELIVERY_QUEUE, log, off: parseMessagesOff(env.LINE_MESSAGES_OFF), now });
}

export function deliveryDependencies(env: Bindings, log: Logger): DeliveryDependencies {
  const perSecond = positive(env.LINE_SENDS_PER_SECOND, DEFAULT_SENDS_PER_SECOND);
  const limiter = env.LINE_RATE_LIMITER.get(env.LINE_RATE_LIMITER.idFromName("messaging-api"));
  // Multicast has its own limit at LINE, so its own clock (another instance of the same class).
  const multicastPerSecond = positive(env.LINE_MULTICASTS_PER_SECOND, DEFAULT_MULTICASTS_PER_SECOND);
  const multicastLimiter = env.LINE_RATE_LIMITER.get(env.LINE_RATE_LIMITER.idFromName("messaging-api-multicast"));
  return {
    db: env.DB,
    queue: env.DELIVERY_QUEUE,
    line: lineFor(env, log),
    log,
    reserve: (count) => reserveSends(limiter, count, perSecond, Math.max(1, Math.floor(perSecond * 0.05))),
    reserveMulticast: (count) =>
      reserveSends(multicastLimiter, count, multicastPerSecond, Math.max(1, Math.floor(multicastPerSecond * 0.05))),
    concurrency: positive(env.DELIVERY_CONCURRENCY, 6),
    serviceTemplates: parseServiceTemplates(env.SERVICE_MESSAGE_TEMPLATES),
  };
}
