import { Hono, type Context } from "hono";
import { z } from "zod";
import { errorBody } from "../../shared/errors.ts";
import { badRequestBody, readJsonOrUndefined } from "./input.ts";
import { FaultSwitch } from "./fault-switch.ts";
import { serveOnLoopback } from "./http-server.ts";
import { linePlatformDevPage } from "./line-platform-dev-page.ts";
import { createIdTokenIssuer, MintIdTokenRequest, type IdTokenIssuer, type MintClaims } from "./line-platform-id-tokens.ts";
import { channelTokenVerifyApi, webhookEndpointInfoApi } from "./line-platform-channel.ts";
import {
  injectFaults,
  MessagingState,
  messagingApi,
  type LinePlatformFault,
  type MessagingEnv,
} from "./line-platform-messaging.ts";
import { richMenuApi, richMenuDevRoutes, RichMenuState } from "./line-platform-rich-menus.ts";
import { serviceMessageDevRoutes, serviceMessagesApi, ServiceMessageState } from "./line-platform-service-messages.ts";
import { linePlatformWebhooks, WebhookState } from "./line-platform-webhooks.ts";
import { devPersonas } from "./personas.ts";

export type { MintClaims } from "./line-platform-id-tokens.ts";
export type { IssuedLinkToken, LinePlatformFault, RecordedCall, SentMessage } from "./line-platform-messaging.ts";

export interface FakeLinePlatformOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The LINE Login channel that owns the LIFF app: the default `aud` of minted ID tokens. */
  channelId: string;
  /** What Messaging API calls must present as `Authorization: Bearer …`. */
  channelAccessToken: string;
  /** The Messaging API channel secret webhook deliveries are signed with. */
  channelSecret?: string;
}

export interface FakeLinePlatform {
  /** Origin without a trailing slash; use it as LINE_API_BASE. */
  url: string;
  mintIdToken(claims: MintClaims): Promise<string>;
  close(): Promise<void>;
}

const FaultRequest = z.object({
  mode: z.enum(["none", "rate_limit", "server_error", "slow", "monthly_limit"]),
  target: z.enum(["messaging", "jwks"]).default("messaging"),
  /** Only Messaging API calls about this user (a push to them, their id in the path) suffer the fault. */
  userId: z
    .string()
    .regex(/^U[0-9a-f]{32}$/)
    .optional(),
  times: z.number().int().positive().optional(),
  retryAfterSeconds: z.number().int().nonnegative().default(1),
  delayMs: z.number().int().nonnegative().max(120_000).default(5000),
});

/**
 * LINE's push limit is 2,000 requests/s per channel and multicast's 200; null turns enforcement
 * off (the default). https://developers.line.biz/en/reference/messaging-api/#rate-limits
 */
const RateLimitRequest = z.object({
  pushPerSecond: z.number().int().positive().nullable(),
  multicastPerSecond: z.number().int().positive().nullable().optional(),
});

/** The wait before every Messaging API answer, a realistic round trip (the delivery bench uses 50). */
const LatencyRequest = z.object({ ms: z.number().int().min(0).max(5000) });

/** The month's message limit (GET /v2/bot/message/quota); null is `{ type: "none" }`, the default. */
const QuotaRequest = z.object({ limit: z.number().int().nonnegative().nullable() });

type FaultTarget = z.output<typeof FaultRequest>["target"];

/** Starts a local stand-in for api.line.me: ID token keys, the Messaging API and dev controls. */
export async function startFakeLinePlatform(options: FakeLinePlatformOptions): Promise<FakeLinePlatform> {
  const issuer = await createIdTokenIssuer(options.channelId);
  const shutdown = new AbortController();
  const platform = {
    messaging: new MessagingState(),
    faults: { messaging: new FaultSwitch<LinePlatformFault>(), jwks: new FaultSwitch<LinePlatformFault>() },
    faultsByUser: new Map<string, FaultSwitch<LinePlatformFault>>(),
    stats: { jwksFetches: 0, idTokensMinted: 0 },
  };
  const richMenus = new RichMenuState(platform.messaging.richMenuByUser);
  const webhooks = new WebhookState();
  const serviceMessages = new ServiceMessageState();

  const mintIdToken = async (claims: MintClaims) => {
    const minted = await issuer.mint(claims);
    platform.stats.idTokensMinted += 1;
    return minted;
  };

  const app = new Hono()
    .route(
      "/v2/bot",
      messagingApi({
        channelAccessToken: options.channelAccessToken,
        state: platform.messaging,
        faults: platform.faults.messaging,
        faultsByUser: platform.faultsByUser,
        shutdownSignal: shutdown.signal,
        moreRoutes: new Hono<MessagingEnv>().route("/", richMenuApi(richMenus)).route("/", webhookEndpointInfoApi(webhooks)),
      }),
    )
    // Webhook deliveries, the reply endpoint and the account-link dialog; after the Messaging
    // API so its middleware covers the reply endpoint too.
    .route(
      "/",
      linePlatformWebhooks({
        channelSecret: options.channelSecret,
        channelId: options.channelId,
        messaging: platform.messaging,
        state: webhooks,
        shutdownSignal: shutdown.signal,
      }),
    )
    .route(
      "/message/v3/notifier",
      serviceMessagesApi({
        channelAccessToken: options.channelAccessToken,
        messaging: platform.messaging,
        state: serviceMessages,
        faults: platform.faults.messaging,
        shutdownSignal: shutdown.signal,
      }),
    )
    .route("/", channelTokenVerifyApi({ channelAccessToken: options.channelAccessToken, channelId: options.channelId }))
    .use("/oauth2/v2.1/certs", async function countJwksFetch(_c, next) {
      platform.stats.jwksFetches += 1;
      await next();
    })
    .use("/oauth2/v2.1/certs", injectFaults(platform.faults.jwks, shutdown.signal))
    .get("/oauth2/v2.1/certs", (c) => c.json(issuer.jwks()))
    .post("/__dev/rotate-key", async (c) => c.json(await issuer.rotate(), 200))
    // Independent key servers (keys, ID tokens, JWKS faults and fetch counts of their own) under
    // /__scoped/<name>: point LINE_API_BASE there and a test owns its JWKS, whatever else runs.
    .route("/__scoped/:scope", scopedKeyServers(options.channelId, shutdown.signal))
    .get("/", (c) => c.html(linePlatformDevPage()))
    .get("/__dev", (c) => c.html(linePlatformDevPage()))
    .get("/__dev/", (c) => c.html(linePlatformDevPage()))
    .post("/__dev/id-token", async (c) => {
      const request = MintIdTokenRequest.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      const { idToken, expiresAt } = await mintIdToken(request.data);
      return c.json({ idToken, expiresAt: expiresAt.toISOString() }, 200);
    })
    .get("/__dev/personas", (c) =>
      c.json({
        personas: devPersonas.map(({ key, lineUserId, displayName, pictureUrl, description }) => ({
          key,
          lineUserId,
          displayName,
          pictureUrl,
          description,
        })),
      }),
    )
    .get("/__dev/calls", (c) => c.json({ calls: platform.messaging.calls }))
    .delete("/__dev/calls", (c) => {
      platform.messaging.clearCalls();
      return c.json({ calls: [] });
    })
    .get("/__dev/stats", (c) => c.json(platform.stats))
    .get("/__dev/richmenus", (c) => c.json(Object.fromEntries(platform.messaging.richMenuByUser)))
    .route("/__dev/richmenus", richMenuDevRoutes(richMenus, devPersonas))
    .get("/__dev/link-tokens", (c) => c.json({ linkTokens: platform.messaging.linkTokens }))
    .get("/__dev/rate-limit", (c) =>
      c.json({
        pushPerSecond: platform.messaging.pushPerSecond,
        rejected: platform.messaging.pushWindow.rejected,
        multicastPerSecond: platform.messaging.multicastPerSecond,
        multicastRejected: platform.messaging.multicastWindow.rejected,
      }),
    )
    .post("/__dev/rate-limit", async (c) => {
      const request = RateLimitRequest.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      platform.messaging.pushPerSecond = request.data.pushPerSecond;
      platform.messaging.pushWindow.rejected = 0;
      platform.messaging.multicastPerSecond = request.data.multicastPerSecond ?? null;
      platform.messaging.multicastWindow.rejected = 0;
      return c.json(
        {
          pushPerSecond: platform.messaging.pushPerSecond,
          rejected: 0,
          multicastPerSecond: platform.messaging.multicastPerSecond,
          multicastRejected: 0,
        },
        200,
      );
    })
    .get("/__dev/latency", (c) => c.json({ ms: platform.messaging.latencyMs }))
    .post("/__dev/latency", async (c) => {
      const request = LatencyRequest.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      platform.messaging.latencyMs = request.data.ms;
      return c.json({ ms: platform.messaging.latencyMs }, 200);
    })
    .get("/__dev/quota", (c) => c.json(describeQuota(platform.messaging)))
    .post("/__dev/quota", async (c) => {
      const request = QuotaRequest.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      platform.messaging.quotaLimit = request.data.limit;
      return c.json(describeQuota(platform.messaging), 200);
    })
    .route("/__dev", serviceMessageDevRoutes(serviceMessages))
    .get("/__dev/faults", (c) => c.json(describeFaults(platform.faults, platform.faultsByUser)))
    .post("/__dev/faults", async (c) => {
      const request = FaultRequest.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      const { userId, target } = request.data;
      if (userId !== undefined && target !== "messaging") {
        return c.json(errorBody("bad_request", "userId applies to the messaging target only"), 400);
      }
      let faults = platform.faults[target];
      if (userId !== undefined) {
        faults = platform.faultsByUser.get(userId) ?? new FaultSwitch<LinePlatformFault>();
        platform.faultsByUser.set(userId, faults);
      }
      armFault(faults, request.data);
      return c.json(describeFaults(platform.faults, platform.faultsByUser), 200);
    })
    .notFound((c) => c.json({ message: "Not found" }, 404))
    .onError((error, c) => {
      if (shutdown.signal.aborted) return c.json({ message: "Shutting down" }, 503);
      console.error("[fake LINE platform]", error);
      return c.json({ message: "An error occurred in the server" }, 500);
    });

  const server = await serveOnLoopback(app.fetch, { port: options.port, host: options.host });

  return {
    url: server.url,
    mintIdToken: async (claims) => (await mintIdToken(claims)).idToken,
    close: async () => {
      shutdown.abort();
      await server.close();
    },
  };
}

const ScopedFaultRequest = FaultRequest.pick({ mode: true, times: true, retryAfterSeconds: true, delayMs: true });

function scopedKeyServers(channelId: string, shutdownSignal: AbortSignal) {
  const scopes = new Map<
    string,
    { issuer: IdTokenIssuer; faults: FaultSwitch<LinePlatformFault>; stats: { jwksFetches: number } }
  >();
  const scopeOf = async (name: string) => {
    let scope = scopes.get(name);
    if (!scope) {
      scope = {
        issuer: await createIdTokenIssuer(channelId),
        faults: new FaultSwitch<LinePlatformFault>(),
        stats: { jwksFetches: 0 },
      };
      scopes.set(name, scope);
    }
    return scope;
  };
  const scopeName = (c: Context) => c.req.param("scope") ?? "";
  return new Hono()
    .use("/oauth2/v2.1/certs", async function countAndFaultScopedJwks(c, next) {
      const scope = await scopeOf(scopeName(c));
      scope.stats.jwksFetches += 1;
      return injectFaults(scope.faults, shutdownSignal)(c, next);
    })
    .get("/oauth2/v2.1/certs", async (c) => c.json((await scopeOf(scopeName(c))).issuer.jwks()))
    .post("/__dev/id-token", async (c) => {
      const request = MintIdTokenRequest.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      const { idToken, expiresAt } = await (await scopeOf(scopeName(c))).issuer.mint(request.data);
      return c.json({ idToken, expiresAt: expiresAt.toISOString() }, 200);
    })
    .post("/__dev/rotate-key", async (c) => c.json(await (await scopeOf(scopeName(c))).issuer.rotate(), 200))
    .get("/__dev/stats", async (c) => c.json((await scopeOf(scopeName(c))).stats))
    .post("/__dev/faults", async (c) => {
      const request = ScopedFaultRequest.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      armFault((await scopeOf(scopeName(c))).faults, { ...request.data, target: "jwks" });
      return c.json({ jwks: (await scopeOf(scopeName(c))).faults.describe() }, 200);
    });
}

function armFault(faults: FaultSwitch<LinePlatformFault>, request: z.output<typeof FaultRequest>): void {
  switch (request.mode) {
    case "none":
      return faults.disarm();
    case "rate_limit":
      return faults.arm({ mode: "rate_limit", retryAfterSeconds: request.retryAfterSeconds }, request.times);
    case "server_error":
      return faults.arm({ mode: "server_error" }, request.times);
    case "slow":
      return faults.arm({ mode: "slow", delayMs: request.delayMs }, request.times);
    case "monthly_limit":
      return faults.arm({ mode: "monthly_limit" }, request.times);
  }
}

function describeQuota(messaging: MessagingState) {
  return { limit: messaging.quotaLimit, totalUsage: messaging.totalUsage() };
}

function describeFaults(
  faults: Record<FaultTarget, FaultSwitch<LinePlatformFault>>,
  faultsByUser: Map<string, FaultSwitch<LinePlatformFault>>,
) {
  const byUser = [...faultsByUser].flatMap(([userId, switched]) => {
    const armed = switched.describe();
    return armed === null ? [] : [[userId, armed] as const];
  });
  return {
    faults: { messaging: faults.messaging.describe(), jwks: faults.jwks.describe(), messagingByUser: Object.fromEntries(byUser) },
  };
}
