import type { D1Database, DurableObjectNamespace, Queue } from "@cloudflare/workers-types/experimental";
import type { DeliveryQueueMessage, Outbox } from "./delivery/outbox.ts";
import type { StaffRecord } from "../shared/merchant-contract.ts";
import type { Logger } from "./lib/log.ts";
import type { LineMessaging } from "./line/messaging.ts";
import type { MerchantClient } from "./merchant/client.ts";
import type { VerifiedLiffIdToken } from "./lib/liff-id-token.ts";

/** The Worker's bindings: wrangler.toml [vars], secrets (.dev.vars / `wrangler secret put`) and D1. */
export interface Bindings {
  DB: D1Database;
  /** The delivery pipeline's queue (wrangler.toml [[queues]]): row ids to send or process. */
  DELIVERY_QUEUE: Queue<DeliveryQueueMessage>;
  /** One Durable Object per channel keeps every consumer under LINE's rate limit. */
  LINE_RATE_LIMITER: DurableObjectNamespace;
  /** LINE calls started per second across all consumers (LINE allows 2,000 for push and rich menu links). */
  LINE_SENDS_PER_SECOND: string;
  /** Multicast requests started per second across all consumers (LINE allows 200). */
  LINE_MULTICASTS_PER_SECOND?: string;
  /** LINE calls in flight at once per consumer invocation (a Worker has 6 outgoing connections). */
  DELIVERY_CONCURRENCY: string;
  /** Message kinds the merchant does not want sent, comma separated (see bff/delivery/kinds.ts). */
  LINE_MESSAGES_OFF: string;
  /**
   * LINE MINI App service messages: JSON from message kind to reviewed template name (see
   * bff/delivery/service-messages.ts); empty or `{}` sends every message as a push.
   */
  SERVICE_MESSAGE_TEMPLATES?: string;
  /** How long one LINE call may take, in ms. */
  LINE_TIMEOUT_MS: string;
  /** Bearer token for /ops/* (the deliveries page and `npm run deliveries`); unset turns /ops off. */
  OPS_TOKEN?: string;
  LINE_API_BASE: string;
  /**
   * The Worker's public origin (https://members.example.jp), for links in messages that the cron
   * or the queue builds (tracked links). Unset: the origin of the console request that started
   * the send, which is the same Worker.
   */
  BFF_PUBLIC_URL?: string;
  LIFF_CHANNEL_ID: string;
  /** The LIFF app id, for links into the app from LINE messages. */
  LIFF_ID: string;
  LINE_CHANNEL_ACCESS_TOKEN: string;
  LINE_CHANNEL_SECRET: string;
  /** The merchant's login page for the chat account-link flow; gets `?linkToken=…`. */
  MERCHANT_ACCOUNT_LINK_URL: string;
  MERCHANT_API_BASE: string;
  MERCHANT_API_KEY: string;
  MERCHANT_TIMEOUT_MS: string;
  /** Base64 of at least 32 random bytes: seals member card QR tokens. Rotating it voids cards on screen (60 s). */
  MEMBER_CARD_SECRET: string;
  /** Shared with the merchant: it signs the events it POSTs to /hooks/merchant with this (HMAC-SHA256). */
  MERCHANT_HOOK_SECRET: string;
  /** Reservations one cron tick lists for the reminder planner; the next tick resumes from its cursor. */
  REMINDER_PLAN_PER_TICK: string;
  /** Minutes between two full passes of the planner over the next 48 hours. */
  REMINDER_PLAN_INTERVAL_MINUTES: string;
}

/** Typed context variables that middleware sets for handlers. */
export interface Variables {
  requestId: string;
  log: Logger;
  merchant: MerchantClient;
  line: LineMessaging;
  outbox: Outbox;
  idToken: VerifiedLiffIdToken;
  lineUserId: string;
  /** The member linked to the caller's LINE user, resolved server-side (requireMember). */
  memberId: string;
  staff: StaffRecord;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
