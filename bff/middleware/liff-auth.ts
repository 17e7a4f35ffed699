import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { errorBody } from "../../shared/errors.ts";
import type { AppEnv } from "../env.ts";
import { InvalidIdTokenError, verifyLiffIdToken } from "../lib/liff-id-token.ts";

// Outside a Worker invocation (some tests) there is no execution context; work then just runs unawaited.
function backgroundTasks(c: Context<AppEnv>) {
  try {
    const ctx = c.executionCtx;
    return (promise: Promise<unknown>) => ctx.waitUntil(promise);
  } catch {
    return undefined;
  }
}

/** Requires a valid LIFF ID token as a Bearer token and sets `idToken` and `lineUserId`. */
export function liffAuth() {
  return createMiddleware<AppEnv>(async function liffAuthMiddleware(c, next) {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    const reject = (message: string) => {
      c.get("log").warn("id token rejected", { reason: message });
      c.header("www-authenticate", 'Bearer error="invalid_token"');
      return c.json(errorBody("unauthorized", message, { requestId: c.get("requestId") }), 401);
    };
    if (!match) return reject("a LIFF ID token is required as a Bearer token");

    try {
      const idToken = await verifyLiffIdToken(match[1], {
        jwksUrl: `${c.env.LINE_API_BASE.replace(/\/+$/, "")}/oauth2/v2.1/certs`,
        channelId: c.env.LIFF_CHANNEL_ID,
        waitUntil: backgroundTasks(c),
      });
      c.set("idToken", idToken);
      c.set("lineUserId", idToken.sub);
    } catch (error) {
      if (error instanceof InvalidIdTokenError) return reject(error.message);
      throw error;
    }
    await next();
  });
}
