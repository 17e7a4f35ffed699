import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { StaffRecord } from "../shared/merchant-contract.ts";
import type { Logger } from "./lib/log.ts";
import type { LineMessaging } from "./line/messaging.ts";
import type { MerchantClient } from "./merchant/client.ts";
import type { VerifiedLiffIdToken } from "./lib/liff-id-token.ts";

/** The Worker's bindings: wrangler.toml [vars], secrets (.dev.vars / `wrangler secret put`) and D1. */
export interface Bindings {
  DB: D1Database;
  LINE_API_BASE: string;
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
  /** Reminder pushes started per second at most (LINE allows 2,000 per channel for push). */
  REMINDER_SENDS_PER_SECOND: string;
  /** Reminder pushes in flight at once (a Worker has 6 simultaneous outgoing connections). */
  REMINDER_CONCURRENCY: string;
  /** Reminders one cron run claims at most; keep it under the plan's subrequests per invocation. */
  REMINDER_MAX_SENDS_PER_RUN: string;
}

/** Typed context variables that middleware sets for handlers. */
export interface Variables {
  requestId: string;
  log: Logger;
  merchant: MerchantClient;
  line: LineMessaging;
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
