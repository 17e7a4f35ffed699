import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";
import { createLogger } from "../lib/log.ts";
import { lineFor, outboxFor } from "../delivery/wiring.ts";
import { createMerchantClient } from "../merchant/client.ts";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Gives every request an id (kept from X-Request-Id when sane), a logger, its merchant and LINE clients and the outbox. */
export function requestContext() {
  return createMiddleware<AppEnv>(async function requestContextMiddleware(c, next) {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    const log = createLogger(requestId);
    c.set("requestId", requestId);
    c.set("log", log);
    c.set(
      "merchant",
      createMerchantClient({
        baseUrl: c.env.MERCHANT_API_BASE,
        apiKey: c.env.MERCHANT_API_KEY,
        timeoutMs: Number(c.env.MERCHANT_TIMEOUT_MS) || 3000,
        requestId,
        log,
      }),
    );
    c.set("line", lineFor(c.env, log));
    c.set("outbox", outboxFor(c.env, log));
    const started = Date.now();
    await next();
    c.header("x-request-id", requestId);
    // The path template, not the URL: query strings and ids stay out of the logs.
    log.info("request", { method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Date.now() - started });
  });
}
