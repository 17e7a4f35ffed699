import { Hono, type MiddlewareHandler } from "hono";
import { except } from "hono/combine";
import { HTTPException } from "hono/http-exception";
import { errorBody } from "../../../shared/errors.ts";
import { FaultSwitch } from "../fault-switch.ts";
import { readBearerToken, secretsMatch } from "../secrets.ts";
import { accountLinkNonceRoutes, accountLinkPageRoutes } from "./account-link.ts";
import type { MerchantDatabase } from "./database.ts";
import { couponCatalogueRoutes, memberCouponRoutes } from "./coupons.ts";
import { devRoutes } from "./dev-routes.ts";
import { injectMerchantFaults, type MerchantFault } from "./faults.ts";
import { lineLinkRoutes } from "./line-links.ts";
import { linkSettingsRoutes, readStaffSettings } from "./link-settings.ts";
import { newMerchantEventId, type MerchantEventSender } from "./merchant-events.ts";
import { memberRoutes } from "./members.ts";
import { pointsExpiryRoutes } from "./points.ts";
import { RequestLog } from "./request-log.ts";
import {
  memberReservationRoutes,
  readReservationSettings,
  reminderCandidateRoutes,
  reservableStoreRoutes,
} from "./reservations.ts";
import { segmentRoutes } from "./segments.ts";
import { staffRoutes } from "./staff.ts";

export interface SandboxMerchantAppDependencies {
  db: MerchantDatabase;
  apiKey: string;
  /** Aborted on close so a "slow" fault never keeps the process alive. */
  shutdownSignal: AbortSignal;
  /** Where the account-link login page sends customers back to: LINE's dialog (or the fake's). */
  lineAccessBase: string;
  /** Sends the signed order and points events to the BFF's /hooks/merchant. */
  events: MerchantEventSender;
}

/** The sandbox merchant: the merchant contract over SQLite, plus dev controls under /__dev. */
export function createSandboxMerchantApp({ db, apiKey, shutdownSignal, lineAccessBase, events }: SandboxMerchantAppDependencies) {
  const requestLog = new RequestLog();
  const faults = new FaultSwitch<MerchantFault>();
  // Everything but the dev controls and the customer-facing pages under /line is a contract
  // call: logged, faultable, behind the API key.
  const forContractCalls = (middleware: MiddlewareHandler) => except(["/__dev/*", "/line/*"], middleware);
  // The welcome coupon of a first link or of joining from LINE, told to the BFF (coupon.granted)
  // without holding up the answer, as a shop's system would from its own queue.
  const announceCoupon = (memberId: string, couponId: string) => {
    void events.send({
      type: "coupon.granted",
      eventId: newMerchantEventId(),
      occurredAt: new Date().toISOString(),
      memberId,
      couponId,
    });
  };

  return new Hono()
    .use(forContractCalls(requestLog.middleware()))
    .use(forContractCalls(injectMerchantFaults(faults, shutdownSignal)))
    .use(forContractCalls(requireApiKey(apiKey)))
    .route("/__dev", devRoutes({ db, requestLog, faults, events }))
    .route("/v1/link-settings", linkSettingsRoutes(db))
    .route("/v1/members", memberRoutes(db, announceCoupon))
    .route("/v1/members", memberReservationRoutes(db))
    .get("/v1/reservation-settings", (c) => c.json(readReservationSettings(db), 200))
    .route("/v1/reservable-stores", reservableStoreRoutes(db))
    .route("/v1/reservations", reminderCandidateRoutes(db))
    .route("/v1/line-links", lineLinkRoutes(db, announceCoupon))
    .route("/v1/staff", staffRoutes(db))
    .get("/v1/staff-settings", (c) => c.json(readStaffSettings(db), 200))
    .route("/v1/account-link-nonces", accountLinkNonceRoutes(db))
    .route("/v1/coupons", couponCatalogueRoutes(db))
    .route("/v1/points", pointsExpiryRoutes(db))
    .route("/v1/members", memberCouponRoutes(db))
    .route("/v1/segments", segmentRoutes(db))
    .route("/line/account-link", accountLinkPageRoutes(db, { lineAccessBase }))
    .notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404))
    .onError((error, c) => {
      if (error instanceof HTTPException && error.status === 400) {
        return c.json(errorBody("bad_request", error.message), 400);
      }
      if (shutdownSignal.aborted) return c.json(errorBody("internal", "The sandbox merchant is shutting down"), 503);
      console.error("[sandbox merchant]", error);
      return c.json(errorBody("internal", "Unexpected error in the sandbox merchant"), 500);
    });
}

function requireApiKey(apiKey: string): MiddlewareHandler {
  return async function checkApiKey(c, next) {
    const presented = readBearerToken(c.req.header("Authorization"));
    if (presented === null || !secretsMatch(presented, apiKey)) {
      c.header("WWW-Authenticate", 'Bearer realm="sandbox-merchant"');
      return c.json(errorBody("unauthorized", "A valid API key is required"), 401);
    }
    return next();
  };
}
