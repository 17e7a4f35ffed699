import { HTTPFetchError, type messagingApi } from "@line/bot-sdk";
import { UpstreamError } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";

export type Message = messagingApi.Message;

// The BFF's only way to call the Messaging API. Each call is ONE attempt with a timeout and a
// classified answer: retrying is the delivery pipeline's job (bff/delivery/), which keeps the
// same retry key across attempts, workers and hours. Messages are typed by @line/bot-sdk; the
// calls are plain fetch because the SDK's client takes no abort signal, so a hung connection
// would hold a consumer forever.

export interface LineMessagingOptions {
  /** `https://api.line.me` in production; the fake platform in dev and tests. */
  baseUrl: string;
  channelAccessToken: string;
  log: Logger;
  /** How long one call may take, answer body included (default 10 s). */
  timeoutMs?: number;
}

/** What one call to LINE came to. `uncertain` failures may still have been acted on by LINE. */
export type LineOutcome =
  | { ok: true; status: number; body: unknown }
  | { ok: false; kind: "rate_limited"; status: 429; retryAfterMs: number | null }
  | { ok: false; kind: "monthly_limit"; status: 429 }
  | { ok: false; kind: "uncertain"; status: number | null; reason: string }
  | { ok: false; kind: "refused"; status: number; reason: string };

export interface LineMessaging {
  /** Pushes up to 5 messages; LINE answers 409 to a retry key it already accepted (counted as ok here). */
  push(to: string, messages: Message[], retryKey: string): Promise<LineOutcome>;
  /**
   * The same messages to up to 500 users in one request (200 requests/s per channel); 409 to a
   * retry key LINE already accepted counts as ok, as for push.
   * https://developers.line.biz/en/reference/messaging-api/#send-multicast-message
   */
  multicast(to: readonly string[], messages: Message[], retryKey: string): Promise<LineOutcome>;
  /** Replies with a webhook event's reply token: free, but takes no retry key. */
  reply(replyToken: string, messages: Message[]): Promise<LineOutcome>;
  linkRichMenu(userId: string, richMenuId: string): Promise<LineOutcome>;
  /** Removes the per-user menu; "none linked" is success (the default menu already shows). */
  unlinkRichMenu(userId: string): Promise<LineOutcome>;
  /** The rich menu behind an alias, or null when there is none; throws when LINE cannot be asked. */
  richMenuIdForAlias(aliasId: string): Promise<string | null>;
  /** A single-use account-link token (10 minutes); throws when LINE cannot be asked. */
  issueLinkToken(userId: string): Promise<string>;
  /** This month's limit ("none" = unlimited) and what has been used. */
  quota(): Promise<{ limit: number | null; used: number }>;
  /**
   * LINE MINI App: trades a LIFF access token for a service notification token (once per LIFF
   * access token). https://developers.line.biz/en/reference/line-mini-app/#issue-notification-token
   */
  issueNotificationToken(liffAccessToken: string, timeoutMs?: number): Promise<LineOutcome>;
  /**
   * LINE MINI App: sends a service message with a reviewed template. Free and not counted, but
   * takes no retry key; a 2xx answers with the renewed token.
   * https://developers.line.biz/en/reference/line-mini-app/#send-service-message
   */
  sendServiceMessage(templateName: string, params: Record<string, string>, notificationToken: string): Promise<LineOutcome>;
}

/** What LINE answers to both service message calls. */
export interface NotificationTokenAnswer {
  notificationToken: string;
  expiresIn: number;
  remainingCount: number;
  sessionId: string | null;
}

/** Reads a notification token answer; null when it is not one. */
export function readNotificationToken(body: unknown): NotificationTokenAnswer | null {
  if (body === null || typeof body !== "object") return null;
  const { notificationToken, expiresIn, remainingCount, sessionId } = body as Record<string, unknown>;
  if (typeof notificationToken !== "string" || notificationToken === "") return null;
  if (typeof expiresIn !== "number" || typeof remainingCount !== "number") return null;
  return { notificationToken, expiresIn, remainingCount, sessionId: typeof sessionId === "string" ? sessionId : null };
}

// LINE's answer when the plan's monthly messages are used up (429, not a rate limit):
// https://developers.line.biz/en/reference/messaging-api/#status-codes
const MONTHLY_LIMIT = /monthly limit/i;

/** Creates the Messaging API client for one request or job (its logger). */
export function createLineMessaging(options: LineMessagingOptions): LineMessaging {
  const base = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call(
    operation: string,
    method: "GET" | "POST" | "DELETE",
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    callTimeoutMs = timeoutMs,
  ): Promise<LineOutcome> {
    const signal = AbortSignal.timeout(callTimeoutMs);
    let response: Response;
    let text: string;
    try {
      const requestHeaders: Record<string, string> = { authorization: `Bearer ${options.channelAccessToken}`, ...headers };
      const init: RequestInit = { method, headers: requestHeaders, signal };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        requestHeaders["content-type"] = "application/json";
      }
      response = await fetch(`${base}${path}`, init);
      text = await response.text();
    } catch (error) {
      // No answer: the request may or may not have reached LINE.
      const reason = signal.aborted ? `timed out after ${callTimeoutMs} ms` : "no answer";
      options.log.warn("line call failed", { operation, status: null, reason });
      return {
        ok: false,
        kind: "uncertain",
        status: null,
        reason: `${reason} (${error instanceof Error ? error.name : "error"})`,
      };
    }
    const parsed = parseJson(text);
    if (response.ok) return { ok: true, status: response.status, body: parsed };
    const message = lineMessage(parsed) ?? `HTTP ${response.status}`;
    options.log.warn("line call failed", { operation, status: response.status });
    if (response.status === 429) {
      if (MONTHLY_LIMIT.test(message)) return { ok: false, kind: "monthly_limit", status: 429 };
      return { ok: false, kind: "rate_limited", status: 429, retryAfterMs: retryAfterMs(response.headers.get("retry-after")) };
    }
    if (response.status >= 500) return { ok: false, kind: "uncertain", status: response.status, reason: message };
    return { ok: false, kind: "refused", status: response.status, reason: message };
  }

  async function required<T>(operation: string, outcome: Promise<LineOutcome>, read: (body: unknown) => T): Promise<T> {
    const result = await outcome;
    if (result.ok) return read(result.body);
    throw new UpstreamError("upstream_unavailable", `LINE answered ${result.status ?? "nothing"} to ${operation}`);
  }

  const user = (userId: string) => `/v2/bot/user/${encodeURIComponent(userId)}`;

  return {
    async push(to, messages, retryKey) {
      const outcome = await call("push", "POST", "/v2/bot/message/push", { to, messages }, { "x-line-retry-key": retryKey });
      // 409 with a retry key: LINE already accepted this very request (an earlier attempt landed).
      // https://developers.line.biz/en/reference/messaging-api/#retry-api-request
      if (!outcome.ok && outcome.kind === "refused" && outcome.status === 409) return { ok: true, status: 409, body: null };
      return outcome;
    },
    async multicast(to, messages, retryKey) {
      const outcome = await call(
        "multicast",
        "POST",
        "/v2/bot/message/multicast",
        { to, messages },
        { "x-line-retry-key": retryKey },
      );
      // https://developers.line.biz/en/reference/messaging-api/#retry-api-request
      if (!outcome.ok && outcome.kind === "refused" && outcome.status === 409) return { ok: true, status: 409, body: null };
      return outcome;
    },
    reply(replyToken, messages) {
      return call("reply", "POST", "/v2/bot/message/reply", { replyToken, messages });
    },
    linkRichMenu(userId, richMenuId) {
      return call("linkRichMenu", "POST", `${user(userId)}/richmenu/${encodeURIComponent(richMenuId)}`);
    },
    async unlinkRichMenu(userId) {
      const outcome = await call("unlinkRichMenu", "DELETE", `${user(userId)}/richmenu`);
      if (!outcome.ok && outcome.kind === "refused" && outcome.status === 404) return { ok: true, status: 404, body: null };
      return outcome;
    },
    async richMenuIdForAlias(aliasId) {
      const outcome = await call("getRichMenuAlias", "GET", `/v2/bot/richmenu/alias/${encodeURIComponent(aliasId)}`);
      if (!outcome.ok && outcome.kind === "refused" && (outcome.status === 404 || outcome.status === 400)) return null;
      return required("getRichMenuAlias", Promise.resolve(outcome), (body) =>
        String((body as { richMenuId?: unknown }).richMenuId),
      );
    },
    issueLinkToken(userId) {
      return required("issueLinkToken", call("issueLinkToken", "POST", `${user(userId)}/linkToken`), (body) =>
        String((body as { linkToken?: unknown }).linkToken),
      );
    },
    async quota() {
      const [limit, used] = await Promise.all([
        required("quota", call("quota", "GET", "/v2/bot/message/quota"), (body) => {
          const quota = body as { type?: string; value?: number };
          return quota.type === "limited" && typeof quota.value === "number" ? quota.value : null;
        }),
        required("quotaConsumption", call("quotaConsumption", "GET", "/v2/bot/message/quota/consumption"), (body) =>
          Number((body as { totalUsage?: unknown }).totalUsage ?? 0),
        ),
      ]);
      return { limit, used };
    },
    issueNotificationToken(liffAccessToken, callTimeoutMs) {
      return call(
        "issueNotificationToken",
        "POST",
        "/message/v3/notifier/token",
        { liffAccessToken },
        {},
        callTimeoutMs ?? timeoutMs,
      );
    },
    sendServiceMessage(templateName, params, notificationToken) {
      return call("sendServiceMessage", "POST", "/message/v3/notifier/send?target=service", {
        templateName,
        params,
        notificationToken,
      });
    },
  };
}

function parseJson(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function lineMessage(body: unknown): string | null {
  return body !== null && typeof body === "object" && "message" in body && typeof body.message === "string" ? body.message : null;
}

function retryAfterMs(header: string | null): number | null {
  const seconds = Number(header);
  return header !== null && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

/** Retry-After when LINE sends one (429), else exponential backoff from 200 ms (the rich menu CLI's retries). */
export function retryDelayMs(error: unknown, attempt: number): number {
  if (error instanceof HTTPFetchError) {
    const retryAfter = Number(error.headers.get("retry-after"));
    if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000;
  }
  return 200 * 2 ** (attempt - 1);
}
