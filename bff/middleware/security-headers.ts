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
  return secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
    crossOriginResourcePolicy: "same-origin",
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
