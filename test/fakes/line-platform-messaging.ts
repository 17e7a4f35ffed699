import { Hono, type Context, type MiddlewareHandler } from "hono";
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { FaultSwitch } from "./fault-switch.ts";
import { formatPropertyPath, Messages } from "./line-message-objects.ts";
import { readBearerToken, secretsMatch } from "./secrets.ts";

// The Messaging API as far as the BFF uses it, with LINE's status codes and `{ message,
// details }` error bodies, so the BFF's LINE client meets the same answers as in production.

export type LinePlatformFault =
  | { mode: "rate_limit"; retryAfterSeconds: number }
  | { mode: "server_error" }
  | { mode: "slow"; delayMs: number }
  | { mode: "monthly_limit" };

/**
 * LINE's answer when the month's message quota is used up: 429 without Retry-After (waiting
 * seconds does not help). https://developers.line.biz/en/docs/messaging-api/handling-http-429-errors/
 * and https://developers.line.biz/en/reference/messaging-api/#send-push-message-error-response
 */
export const MONTHLY_LIMIT_MESSAGE = "You have reached your monthly limit.";

export interface RecordedCall {
  seq: number;
  at: string;
  method: string;
  path: string;
  retryKey: string | null;
  body: unknown;
  status: number;
  /** True when LINE accepted the request and acted on it (2xx); faults, 4xx and 409 repeats are not. */
  delivered: boolean;
}

export interface SentMessage {
  id: string;
  quoteToken: string;
}

export interface IssuedLinkToken {
  linkToken: string;
  userId: string;
  issuedAt: string;
  expiresAt: string;
}

interface AcceptedRetryKey {
  requestId: string;
  acceptedAt: number;
  sentMessages: SentMessage[] | null;
}

/** Everything the Messaging API fake remembers; the dev endpoints read it. */
export class MessagingState {
  readonly calls: RecordedCall[] = [];
  readonly richMenuByUser = new Map<string, string>();
  readonly linkTokens: IssuedLinkToken[] = [];
  readonly acceptedRetryKeys = new Map<string, AcceptedRetryKey>();
  /** LINE's per-channel push limit, when a test or the bench asks for it (POST /__dev/rate-limit). */
  pushPerSecond: number | null = null;
  readonly pushWindow = { second: 0, count: 0, rejected: 0 };
  /** LINE's per-channel multicast limit (200 requests/s), when asked for (POST /__dev/rate-limit). */
  multicastPerSecond: number | null = null;
  readonly multicastWindow = { second: 0, count: 0, rejected: 0 };
  /** What every Messaging API call waits before answering (POST /__dev/latency), a realistic round trip. */
  latencyMs = 0;
  /** The month's target limit (GET /v2/bot/message/quota); null is LINE's `{ type: "none" }`. */
  quotaLimit: number | null = null;
  /** Recipients of delivered pushes and multicasts, per month ("2026-05"); replies are free. */
  readonly #usageByMonth = new Map<string, number>();
  #nextSeq = 1;

  /** https://developers.line.biz/en/reference/messaging-api/#get-consumption : recipients this month. */
  totalUsage(now = Date.now()): number {
    return this.#usageByMonth.get(monthOf(now)) ?? 0;
  }

  countRecipients(recipients: number, now = Date.now()): void {
    this.#usageByMonth.set(monthOf(now), this.totalUsage(now) + recipients);
  }

  /** True when sending to this many more recipients would go past the month's limit. */
  wouldExceedQuota(recipients: number, now = Date.now()): boolean {
    return this.quotaLimit !== null && this.totalUsage(now) + recipients > this.quotaLimit;
  }

  record(call: Omit<RecordedCall, "seq">): void {
    this.calls.push({ seq: this.#nextSeq++, ...call });
  }

  clearCalls(): void {
    this.calls.length = 0;
  }
}

export interface MessagingApiDependencies {
  channelAccessToken: string;
  state: MessagingState;
  faults: FaultSwitch<LinePlatformFault>;
  /** Faults for calls about one user only (a push to them, their rich menu): tests running side by side stay apart. */
  faultsByUser?: Map<string, FaultSwitch<LinePlatformFault>>;
  /** Aborted on close so a "slow" fault never keeps the process alive. */
  shutdownSignal: AbortSignal;
  /** More endpoints under /v2/bot (rich menus), answered before these, behind the same middleware. */
  moreRoutes?: Hono<MessagingEnv>;
}

const RETRY_KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
const LINK_TOKEN_LIFETIME_MS = 10 * 60 * 1000;
const UserId = z.string().regex(/^U[0-9a-f]{32}$/, "must be a valid user ID");
const PushTarget = z.string().regex(/^[UCR][0-9a-f]{32}$/, "must be a valid user, group or room ID");

// Message objects, with every refusal the reference documents (Flex walked recursively), live
// in line-message-objects.ts so the BFF's builder tests check their output against the same rules.
export { Messages } from "./line-message-objects.ts";

const PushRequest = z.looseObject({
  to: PushTarget,
  messages: Messages,
  notificationDisabled: z.boolean().optional(),
});
// https://developers.line.biz/en/reference/messaging-api/#send-multicast-message : `to` takes
// 1 to 500 user ids (group and room ids are refused).
const MulticastRequest = z.looseObject({
  to: z.array(UserId).min(1).max(500),
  messages: Messages,
  notificationDisabled: z.boolean().optional(),
});
const UserPathParams = z.object({ userId: UserId });
const RichMenuLinkPathParams = z.object({ userId: UserId, richMenuId: z.string().min(1).max(100) });

export type MessagingEnv = { Variables: { requestJson: unknown; lineRequestId: string } };

/** The Messaging API sub-app, to be mounted at `/v2/bot`. */
export function messagingApi({
  channelAccessToken,
  state,
  faults,
  faultsByUser = new Map(),
  shutdownSignal,
  moreRoutes,
}: MessagingApiDependencies) {
  return (
    new Hono<MessagingEnv>()
      .use(recordCalls(state))
      .use(addLatency(state, shutdownSignal))
      .use(enforcePushRateLimit(state))
      .use(enforceMulticastRateLimit(state))
      .use(injectUserFaults(faultsByUser, shutdownSignal))
      .use(injectFaults(faults, shutdownSignal))
      .use(requireChannelAccessToken(channelAccessToken))
      .route("/", moreRoutes ?? new Hono<MessagingEnv>())
      .post("/message/push", (c) => {
        const request = PushRequest.safeParse(c.get("requestJson"));
        if (!request.success) return lineValidationError(c, request.error);
        const retryKey = readRetryKey(c);
        const refused = refuseRetryKey(c, state, retryKey, true);
        if (refused) return refused;
        // Counted per recipient: a push to a group or room costs its member count at LINE; here, one.
        if (state.wouldExceedQuota(1)) return monthlyLimitReached(c);
        const sentMessages = request.data.messages.map(() => newSentMessage());
        acceptRequest(c, state, retryKey.value, sentMessages);
        state.countRecipients(1);
        return c.json({ sentMessages }, 200);
      })
      .post("/message/multicast", (c) => {
        const request = MulticastRequest.safeParse(c.get("requestJson"));
        if (!request.success) return lineValidationError(c, request.error);
        const retryKey = readRetryKey(c);
        const refused = refuseRetryKey(c, state, retryKey, false);
        if (refused) return refused;
        if (state.wouldExceedQuota(request.data.to.length)) return monthlyLimitReached(c);
        acceptRequest(c, state, retryKey.value, null);
        state.countRecipients(request.data.to.length);
        return c.json({}, 200);
      })
      // https://developers.line.biz/en/reference/messaging-api/#get-quota
      .get("/message/quota", (c) =>
        c.json(state.quotaLimit === null ? { type: "none" } : { type: "limited", value: state.quotaLimit }, 200),
      )
      // https://developers.line.biz/en/reference/messaging-api/#get-consumption
      .get("/message/quota/consumption", (c) => c.json({ totalUsage: state.totalUsage() }, 200))
      .post("/user/:userId/richmenu/:richMenuId", (c) => {
        const params = RichMenuLinkPathParams.safeParse(c.req.param());
        if (!params.success) return lineValidationError(c, params.error);
        state.richMenuByUser.set(params.data.userId, params.data.richMenuId);
        return c.json({}, 200);
      })
      .delete("/user/:userId/richmenu", (c) => {
        const params = UserPathParams.safeParse(c.req.param());
        if (!params.success) return lineValidationError(c, params.error);
        state.richMenuByUser.delete(params.data.userId);
        return c.json({}, 200);
      })
      .get("/user/:userId/richmenu", (c) => {
        const params = UserPathParams.safeParse(c.req.param());
        if (!params.success) return lineValidationError(c, params.error);
        const richMenuId = state.richMenuByUser.get(params.data.userId);
        if (richMenuId === undefined) return lineError(c, 404, "the user has no richmenu");
        return c.json({ richMenuId }, 200);
      })
      .post("/user/:userId/linkToken", (c) => {
        const params = UserPathParams.safeParse(c.req.param());
        if (!params.success) return lineValidationError(c, params.error);
        const issuedAt = Date.now();
        const linkToken = randomBytes(24).toString("base64url");
        state.linkTokens.push({
          linkToken,
          userId: params.data.userId,
          issuedAt: new Date(issuedAt).toISOString(),
          expiresAt: new Date(issuedAt + LINK_TOKEN_LIFETIME_MS).toISOString(),
        });
        return c.json({ linkToken }, 200);
      })
  );
}

/** Records every Messaging API call, whatever its outcome, after the answer is known. */
export function recordCalls(state: MessagingState): MiddlewareHandler<MessagingEnv> {
  return async function recordCall(c, next) {
    // Images (rich menu uploads) stay bytes for the handler; the call log keeps only their size.
    const contentType = c.req.header("content-type") ?? "";
    const body = contentType.startsWith("image/")
      ? { contentType, bytes: (await c.req.arrayBuffer()).byteLength }
      : parseJsonOrKeepText(await c.req.text());
    const lineRequestId = randomUUID();
    c.set("requestJson", body);
    c.set("lineRequestId", lineRequestId);
    c.header("x-line-request-id", lineRequestId);
    await next();
    state.record({
      at: new Date().toISOString(),
      method: c.req.method,
      path: c.req.path,
      retryKey: c.req.header("X-Line-Retry-Key") ?? null,
      body,
      status: c.res.status,
      delivered: c.res.status >= 200 && c.res.status < 300,
    });
  };
}

function parseJsonOrKeepText(rawBody: string): unknown {
  if (rawBody === "") return null;
  try {
    return JSON.parse(rawBody);
  } catch {
    return rawBody;
  }
}

function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

function monthlyLimitReached(c: Context) {
  return c.json({ message: MONTHLY_LIMIT_MESSAGE }, 429);
}

/** Every call waits `latencyMs` first, as a real round trip to api.line.me would. */
export function addLatency(state: MessagingState, shutdownSignal: AbortSignal): MiddlewareHandler {
  return async function waitLikeANetwork(_c, next) {
    if (state.latencyMs > 0) await sleep(state.latencyMs, undefined, { signal: shutdownSignal });
    await next();
  };
}

/** LINE's push rate limit per channel, counted per wall-clock second: beyond it, 429 with Retry-After. */
function enforcePushRateLimit(state: MessagingState): MiddlewareHandler<MessagingEnv> {
  return async function limitPushRate(c, next) {
    if (state.pushPerSecond === null || c.req.method !== "POST" || !c.req.path.endsWith("/message/push")) return next();
    const second = Math.floor(Date.now() / 1000);
    if (state.pushWindow.second !== second) Object.assign(state.pushWindow, { second, count: 0 });
    state.pushWindow.count += 1;
    if (state.pushWindow.count > state.pushPerSecond) {
      state.pushWindow.rejected += 1;
      c.header("Retry-After", "1");
      return c.json({ message: "The API rate limit has been exceeded. Try again later." }, 429);
    }
    return next();
  };
}

/**
 * LINE's multicast limit, separate from push: 200 requests/s per channel, counted per
 * wall-clock second; beyond it, 429 with Retry-After.
 * https://developers.line.biz/en/reference/messaging-api/#rate-limits
 */
function enforceMulticastRateLimit(state: MessagingState): MiddlewareHandler<MessagingEnv> {
  return async function limitMulticastRate(c, next) {
    if (state.multicastPerSecond === null || c.req.method !== "POST" || !c.req.path.endsWith("/message/multicast")) {
      return next();
    }
    const second = Math.floor(Date.now() / 1000);
    if (state.multicastWindow.second !== second) Object.assign(state.multicastWindow, { second, count: 0 });
    state.multicastWindow.count += 1;
    if (state.multicastWindow.count > state.multicastPerSecond) {
      state.multicastWindow.rejected += 1;
      c.header("Retry-After", "1");
      return c.json({ message: "The API rate limit has been exceeded. Try again later." }, 429);
    }
    return next();
  };
}

/** Answers like LINE's overloaded or failing front ends before the request reaches a handler. */
export function injectFaults(faults: FaultSwitch<LinePlatformFault>, shutdownSignal: AbortSignal): MiddlewareHandler {
  return async function applyInjectedFault(c, next) {
    const fault = faults.take();
    return fault === null ? next() : sufferFault(c, next, fault, shutdownSignal);
  };
}

/** The same, for the calls about one user: a push to them, or their id in the path. */
function injectUserFaults(
  faultsByUser: Map<string, FaultSwitch<LinePlatformFault>>,
  shutdownSignal: AbortSignal,
): MiddlewareHandler<MessagingEnv> {
  return async function applyUserFault(c, next) {
    if (faultsByUser.size === 0) return next();
    const body = c.get("requestJson");
    const to = body !== null && typeof body === "object" && "to" in body && typeof body.to === "string" ? body.to : null;
    const userId = to ?? /\/user\/(U[0-9a-f]{32})(?:\/|$)/.exec(c.req.path)?.[1] ?? null;
    const fault = userId === null ? null : (faultsByUser.get(userId)?.take() ?? null);
    return fault === null ? next() : sufferFault(c, next, fault, shutdownSignal);
  };
}

async function sufferFault(c: Context, next: () => Promise<void>, fault: LinePlatformFault, shutdownSignal: AbortSignal) {
  switch (fault.mode) {
    case "rate_limit":
      c.header("Retry-After", String(fault.retryAfterSeconds));
      return c.json({ message: "The API rate limit has been exceeded. Try again later." }, 429);
    case "server_error":
      return c.json({ message: "An error occurred in the server" }, 500);
    case "slow":
      await sleep(fault.delayMs, undefined, { signal: shutdownSignal });
      return next();
    case "monthly_limit":
      return monthlyLimitReached(c);
  }
}

export function requireChannelAccessToken(channelAccessToken: string): MiddlewareHandler<MessagingEnv> {
  return async function checkChannelAccessToken(c, next) {
    const presented = readBearerToken(c.req.header("Authorization"));
    if (presented === null || !secretsMatch(presented, channelAccessToken)) {
      return lineError(c, 401, "Authentication failed. Confirm that the access token in the authorization header is valid.");
    }
    return next();
  };
}

function readRetryKey(c: Context): { value: string | null; invalid: boolean } {
  const value = c.req.header("X-Line-Retry-Key");
  if (value === undefined) return { value: null, invalid: false };
  return { value, invalid: !z.uuid().safeParse(value).success };
}

/**
 * LINE's answers about a retry key: 400 for a malformed one, 409 (with the accepted request's
 * id, and for a push its sent messages) for one it already accepted; null to go on.
 * https://developers.line.biz/en/reference/messaging-api/#retry-api-request
 */
function refuseRetryKey(
  c: Context<MessagingEnv>,
  state: MessagingState,
  retryKey: { value: string | null; invalid: boolean },
  withSentMessages: boolean,
): Response | null {
  if (retryKey.invalid) return lineError(c, 400, "The value for the 'X-Line-Retry-Key' header is invalid");
  const repeat = retryKey.value ? findAcceptedRetryKey(state, retryKey.value) : null;
  if (!repeat) return null;
  c.header("x-line-accepted-request-id", repeat.requestId);
  const body = withSentMessages
    ? { message: "The retry key is already accepted", sentMessages: repeat.sentMessages ?? [] }
    : { message: "The retry key is already accepted" };
  return c.json(body, 409);
}

function findAcceptedRetryKey(state: MessagingState, retryKey: string): AcceptedRetryKey | null {
  const accepted = state.acceptedRetryKeys.get(retryKey);
  if (accepted === undefined) return null;
  // LINE forgets retry keys after 24 hours; after that a repeat is a new send.
  if (Date.now() - accepted.acceptedAt > RETRY_KEY_LIFETIME_MS) return null;
  return accepted;
}

function acceptRequest(
  c: Context<MessagingEnv>,
  state: MessagingState,
  retryKey: string | null,
  sentMessages: SentMessage[] | null,
): void {
  if (retryKey === null) return;
  state.acceptedRetryKeys.set(retryKey, { requestId: c.get("lineRequestId"), acceptedAt: Date.now(), sentMessages });
}

function newSentMessage(): SentMessage {
  // LINE message ids are 18-digit decimal strings.
  const id = String(randomInt(1, 10)) + Array.from({ length: 17 }, () => randomInt(0, 10)).join("");
  return { id, quoteToken: randomBytes(48).toString("base64url") };
}

export function lineError(c: Context, status: 400 | 401 | 404, message: string) {
  return c.json({ message }, status);
}

export function lineValidationError(c: Context, error: z.ZodError) {
  return c.json(
    {
      message: `The request body has ${error.issues.length} error(s)`,
      details: error.issues.map((issue) => ({ message: issue.message, property: formatPropertyPath(issue.path) })),
    },
    400,
  );
}
