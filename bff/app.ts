import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { errorBody, type ErrorCode } from "../shared/errors.ts";
import type { AppEnv } from "./env.ts";
import { UpstreamError } from "./lib/errors.ts";
import { createLogger } from "./lib/log.ts";
import { requestContext } from "./middleware/request-context.ts";
import { apiBodyLimit, noStoreByDefault, workerSecurityHeaders } from "./middleware/security-headers.ts";
import { healthRoutes } from "./routes/health.ts";
import { cardRoutes } from "./routes/card.ts";
import { consoleRoutes } from "./routes/console/index.ts";
import { couponRoutes } from "./routes/coupons.ts";
import { linkRoutes } from "./routes/link.ts";
import { meRoutes } from "./routes/me.ts";
import { merchantHookRoutes } from "./routes/merchant-hook.ts";
import { opsPageRoute, opsRoutes } from "./routes/ops.ts";
import { ordersRoutes } from "./routes/orders.ts";
import { pointsRoutes } from "./routes/points.ts";
import { reservationRoutes } from "./routes/reservations.ts";
import { staffRoutes } from "./routes/staff.ts";
import { staffCouponRoutes } from "./routes/staff-coupons.ts";
import { trackedRedirectRoutes } from "./routes/tracked-redirect.ts";
import { webhookRoutes } from "./routes/webhook.ts";

const api = new Hono<AppEnv>()
  .use(noStoreByDefault())
  .use(apiBodyLimit())
  .route("/health", healthRoutes)
  .route("/me", meRoutes)
  .route("/link", linkRoutes)
  .route("/card", cardRoutes)
  .route("/staff/coupons", staffCouponRoutes)
  .route("/staff", staffRoutes)
  .route("/points", pointsRoutes)
  .route("/orders", ordersRoutes)
  .route("/reservations", reservationRoutes)
  .route("/coupons", couponRoutes)
  .route("/console", consoleRoutes);

/** The whole BFF: the app's API under /api, LINE's webhook and the merchant's events. */
export const app = new Hono<AppEnv>()
  .use(workerSecurityHeaders())
  .use(requestContext())
  .route("/api", api)
  .route("/webhook/line", webhookRoutes)
  .route("/hooks/merchant", merchantHookRoutes)
  .route("/t", trackedRedirectRoutes)
  .route("/ops/", opsPageRoute)
  .route("/ops", opsRoutes)
  .notFound((c) => c.json(errorBody("not_found", "No such route", { requestId: c.get("requestId") }), 404))
  .onError((error, c) => {
    const requestId = c.get("requestId") ?? crypto.randomUUID();
    const log = c.get("log") ?? createLogger(requestId);
    if (error instanceof HTTPException && error.status < 500) {
      // Hono's own refusals (a body that is not JSON, one over the limit) keep their status.
      return c.json(errorBody(codeForClientError(error.status), error.message, { requestId }), error.status);
    }
    if (error instanceof UpstreamError) {
      log.warn("upstream failure", { code: error.code, message: error.message });
      return c.json(error.toBody(requestId), error.status);
    }
    log.error("unhandled error", { name: error.name, message: error.message });
    return c.json(errorBody("internal", "Something went wrong on our side", { requestId }), 500);
  });

export type AppType = typeof app;

const clientErrorCodes: Partial<Record<number, ErrorCode>> = {
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large",
  429: "rate_limited",
};

function codeForClientError(status: number): ErrorCode {
  return clientErrorCodes[status] ?? "bad_request";
}
