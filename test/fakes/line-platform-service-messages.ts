import { Hono } from "hono";
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { FaultSwitch } from "./fault-switch.ts";
import { badRequestBody, readJsonOrUndefined } from "./input.ts";
import {
  addLatency,
  injectFaults,
  lineError,
  lineValidationError,
  recordCalls,
  requireChannelAccessToken,
  type LinePlatformFault,
  type MessagingEnv,
  type MessagingState,
} from "./line-platform-messaging.ts";

// LINE MINI App service messages, where LINE serves them: https://api.line.me/message/v3/notifier/…
// https://developers.line.biz/en/reference/line-mini-app/#service-messages
//
// - A LIFF access token (liff.getAccessToken()) is exchanged once for a service notification
//   token: "Only one service notification token can be issued per LIFF access token."
// - A notification token lives one year (31,536,000 seconds) and allows 5 sends; each send
//   renews it (the old value stops working) and answers with the new one.
// - Sends name a template the channel has added, with its parameters.
// The reference lists the refusals by status (400 for a bad request or token, 401 for the
// channel access token); the messages below are this fake's wording.

const NOTIFICATION_TOKEN_LIFETIME_SECONDS = 31_536_000;
const SENDS_PER_NOTIFICATION_TOKEN = 5;

export const DEFAULT_SERVICE_TEMPLATES = ["reservation_confirm_ja", "reservation_reminder_ja", "order_confirm_ja"];

interface LiffAccessToken {
  userId: string;
  /** A LIFF access token buys one notification token. */
  exchanged: boolean;
}

interface NotificationToken {
  userId: string;
  sessionId: string;
  remainingCount: number;
  expiresAt: number;
}

/** What the service message fake remembers; the dev endpoints write to it. */
export class ServiceMessageState {
  readonly liffAccessTokens = new Map<string, LiffAccessToken>();
  readonly notificationTokens = new Map<string, NotificationToken>();
  templates = new Set(DEFAULT_SERVICE_TEMPLATES);

  /** POST /__dev/liff-access-token: an opaque token the fake will honour for this user. */
  mintLiffAccessToken(userId: string): string {
    const accessToken = `liff-${randomBytes(24).toString("base64url")}`;
    this.liffAccessTokens.set(accessToken, { userId, exchanged: false });
    return accessToken;
  }

  issueNotificationToken(holder: NotificationToken): string {
    const notificationToken = randomBytes(32).toString("base64url");
    this.notificationTokens.set(notificationToken, holder);
    return notificationToken;
  }
}

const TokenRequest = z.object({ liffAccessToken: z.string().min(1) });
const SendRequest = z.object({
  templateName: z.string().min(1).max(30),
  params: z.record(z.string(), z.string()),
  notificationToken: z.string().min(1),
});

export interface ServiceMessagesDependencies {
  channelAccessToken: string;
  messaging: MessagingState;
  state: ServiceMessageState;
  faults: FaultSwitch<LinePlatformFault>;
  shutdownSignal: AbortSignal;
}

/** Mounted at `/message/v3/notifier`, with the Messaging API's call log, latency, faults and token check. */
export function serviceMessagesApi({
  channelAccessToken,
  messaging,
  state,
  faults,
  shutdownSignal,
}: ServiceMessagesDependencies) {
  const answer = (notificationToken: string, held: NotificationToken) => ({
    notificationToken,
    expiresIn: Math.max(0, Math.ceil((held.expiresAt - Date.now()) / 1000)),
    remainingCount: held.remainingCount,
    sessionId: held.sessionId,
  });

  return (
    new Hono<MessagingEnv>()
      .use(recordCalls(messaging))
      .use(addLatency(messaging, shutdownSignal))
      .use(injectFaults(faults, shutdownSignal))
      .use(requireChannelAccessToken(channelAccessToken))
      // https://developers.line.biz/en/reference/line-mini-app/#issue-notification-token
      .post("/token", (c) => {
        const request = TokenRequest.safeParse(c.get("requestJson"));
        if (!request.success) return lineValidationError(c, request.error);
        const liff = state.liffAccessTokens.get(request.data.liffAccessToken);
        if (liff === undefined) return lineError(c, 400, "Invalid LIFF access token");
        if (liff.exchanged) return lineError(c, 400, "A notification token was already issued for this LIFF access token");
        liff.exchanged = true;
        const held = {
          userId: liff.userId,
          sessionId: randomUUID(),
          remainingCount: SENDS_PER_NOTIFICATION_TOKEN,
          expiresAt: Date.now() + NOTIFICATION_TOKEN_LIFETIME_SECONDS * 1000,
        };
        return c.json(answer(state.issueNotificationToken(held), held), 200);
      })
      // https://developers.line.biz/en/reference/line-mini-app/#send-service-message
      .post("/send", (c) => {
        if (c.req.query("target") !== "service") return lineError(c, 400, "The value for the 'target' parameter is invalid");
        const request = SendRequest.safeParse(c.get("requestJson"));
        if (!request.success) return lineValidationError(c, request.error);
        const { templateName, params, notificationToken } = request.data;
        const held = state.notificationTokens.get(notificationToken);
        if (held === undefined) return lineError(c, 400, "Invalid notification token");
        if (held.expiresAt <= Date.now()) return lineError(c, 400, "The notification token has expired");
        if (held.remainingCount <= 0) return lineError(c, 400, "The notification token has no remaining count");
        if (!state.templates.has(templateName)) return lineError(c, 400, `Template not found: ${templateName}`);
        if (Object.keys(params).length === 0) return lineError(c, 400, "The params of the template must be specified");

        // The token is renewed by every send: the old value is spent, the new one carries on.
        state.notificationTokens.delete(notificationToken);
        const renewed = { ...held, remainingCount: held.remainingCount - 1 };
        return c.json(answer(state.issueNotificationToken(renewed), renewed), 200);
      })
  );
}

const LiffAccessTokenRequest = z.object({ userId: z.string().regex(/^U[0-9a-f]{32}$/, "must be a valid user ID") });
const TemplatesRequest = z.object({ names: z.array(z.string().min(1).max(30)).max(100) });

/** Dev controls: POST /__dev/liff-access-token and GET/POST /__dev/service-templates. */
export function serviceMessageDevRoutes(state: ServiceMessageState) {
  return new Hono()
    .post("/liff-access-token", async (c) => {
      const request = LiffAccessTokenRequest.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      return c.json({ accessToken: state.mintLiffAccessToken(request.data.userId) }, 200);
    })
    .get("/service-templates", (c) => c.json({ names: [...state.templates] }, 200))
    .post("/service-templates", async (c) => {
      const request = TemplatesRequest.safeParse(await readJsonOrUndefined(c.req.raw));
      if (!request.success) return c.json(badRequestBody(request.error), 400);
      state.templates = new Set(request.data.names);
      return c.json({ names: [...state.templates] }, 200);
    });
}
