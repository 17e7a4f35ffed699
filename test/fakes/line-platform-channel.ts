import { Hono, type Context } from "hono";
import type { MessagingEnv } from "./line-platform-messaging.ts";
import type { WebhookState } from "./line-platform-webhooks.ts";

// What `npm run doctor` asks LINE about the channel itself: is the channel access token valid,
// and where does the channel send its webhooks.

export interface ChannelTokenVerifyDependencies {
  channelAccessToken: string;
  /** The channel the token was issued for (`client_id` of the answer). */
  channelId: string;
}

/** Long-lived channel access tokens are valid until revoked; LINE still answers a lifetime. */
const LONG_LIVED_EXPIRES_IN_SECONDS = 2_147_483_647;

/**
 * The two endpoints that verify a channel access token, at their full paths:
 * - `POST /v2/oauth/verify` (form field `access_token`) for short- and long-lived tokens,
 *   https://developers.line.biz/en/reference/messaging-api/#verify-channel-access-token
 * - `GET /oauth2/v2.1/verify?access_token=…` for tokens v2.1,
 *   https://developers.line.biz/en/reference/messaging-api/#verify-channel-access-token-v2-1
 * A valid token answers 200 `{ client_id, expires_in, scope? }`; an invalid or expired one
 * 400 `{ error: "invalid_request", error_description: … }` (the references' error response).
 */
export function channelTokenVerifyApi({ channelAccessToken, channelId }: ChannelTokenVerifyDependencies) {
  const answer = (c: Context, presented: string | undefined) => {
    if (!presented) return c.json({ error: "invalid_request", error_description: "access_token is required" }, 400);
    if (presented !== channelAccessToken) {
      return c.json({ error: "invalid_request", error_description: "The access token expired" }, 400);
    }
    return c.json({ client_id: channelId, expires_in: LONG_LIVED_EXPIRES_IN_SECONDS }, 200);
  };
  return new Hono()
    .post("/v2/oauth/verify", async (c) => {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const token = form.access_token;
      return answer(c, typeof token === "string" ? token : undefined);
    })
    .get("/oauth2/v2.1/verify", (c) => answer(c, c.req.query("access_token")));
}

/**
 * `GET /v2/bot/channel/webhook/endpoint`, behind the Messaging API's token check: the webhook URL
 * set for the channel and whether "Use webhook" is on.
 * https://developers.line.biz/en/reference/messaging-api/#get-webhook-endpoint-information
 * The fake's endpoint is the one `npm run dev` registers (POST /__dev/webhook-endpoint); with
 * none registered it answers an empty URL that is not active.
 */
export function webhookEndpointInfoApi(state: WebhookState) {
  return new Hono<MessagingEnv>().get("/channel/webhook/endpoint", (c) =>
    c.json({ endpoint: state.endpoint ?? "", active: state.endpoint !== null }, 200),
  );
}
