import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../env.ts";

/** The largest request body /api/* reads: every app request is a small JSON object. */
export const API_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Security headers for everything the Worker itself answers (JSON, never HTML): nothing may
 * load, frame or sniff it. The app's HTML gets its own policy from liff-app/public/_headers.
 */
export function workerSecurityHeaders() {
  const common = { xFrameOptions: "DENY", referrerPolicy: "no-referrer", crossOriginResourcePolicy: "same-origin" } as const;
  const json = secureHeaders({
    ...common,
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  });
  // The one HTML page the Worker serves (/ops/, the deliveries page): its own script file, its
  // inline styles, and calls to its own JSON routes; nothing else.
  const opsPage = secureHeaders({
    ...common,
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'unsafe-inline'"],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
    },
  });
  return createMiddleware(async function workerSecurityHeadersMiddleware(c, next) {
    return c.req.path === "/ops/" || c.req.path === "/ops" ? opsPage(c, next) : json(c, next);
  });
}

/**
 * Refuses a body over `API_BODY_LIMIT_BYTES` before any handler reads it (by Content-Length,
 * or while streaming one without); app.onError answers 413 with the shared error body.
 */
export function apiBodyLimit() {
  return bodyLimit({
    maxSize: API_BODY_LIMIT_BYTES,
    onError: () => {
      throw new HTTPException(413, { message: `The request body is larger than ${API_BODY_LIMIT_BYTES} bytes` });
    },
  });
}

/**
 * `Cache-Control: no-store` on every answer that did not choose its own caching: API answers
 * are personal unless a route says otherwise (a public list with `private, max-age=60`, say).
 */
export function noStoreByDefault() {
  return createMiddleware<AppEnv>(async function noStoreByDefaultMiddleware(c, next) {
    await next();
    if (!c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
  });
}
