import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { errorBody } from "../../shared/errors.ts";
import { merchantOperations } from "../../shared/merchant-contract.ts";
import { requireApiKey } from "./http.ts";
import type { IdempotencyStore } from "./idempotency.ts";
import { lineLinkRoutes, memberLineLinkRoutes } from "./line-links.ts";
import { DEFAULT_LOYALTY_CONFIG, type LoyaltyConfig } from "./loyalty-customer.ts";
import { memberRoutes } from "./members.ts";
import { orderRoutes } from "./orders.ts";
import { pointRoutes } from "./points.ts";
import { ShopifyUnavailable, type ShopifyClient } from "./shopify-client.ts";

// The merchant contract (shared/merchant-contract.ts) in front of a Shopify shop: the BFF calls
// this app as it would call a merchant's own system, and the app answers from Shopify's GraphQL
// Admin API. It runs wherever Hono runs: server.ts serves it on Node; on Workers, export
// `{ fetch: app.fetch }` with the same dependencies built from the Worker's env.

/** The contract operations this adapter answers; every other one is a documented 501. */
export const SUPPORTED_OPERATIONS = [
  "getLineLink",
  "putLineLink",
  "deleteLineLink",
  "getMemberLineLink",
  "getMemberSummary",
  "getMemberByNumber",
  "getPoints",
  "listPointHistory",
  "previewPointAward",
  "createPointTransaction",
  "listOrders",
  "getOrder",
] as const satisfies ReadonlyArray<(typeof merchantOperations)[number]["operationId"]>;

const supported: ReadonlySet<string> = new Set(SUPPORTED_OPERATIONS);

export interface ShopifyAdapterOptions {
  shopify: ShopifyClient;
  /** The key the BFF sends as `Authorization: Bearer …` (its MERCHANT_API_KEY). */
  apiKey: string;
  idempotency: IdempotencyStore;
  config?: LoyaltyConfig;
  log?: (message: string, error: unknown) => void;
}

export function createShopifyAdapterApp({
  shopify,
  apiKey,
  idempotency,
  config = DEFAULT_LOYALTY_CONFIG,
  log = (message, error) => console.error(message, error),
}: ShopifyAdapterOptions) {
  const app = new Hono()
    .use(requireApiKey(apiKey))
    .route("/v1/line-links", lineLinkRoutes(shopify))
    .route("/v1/members", memberRoutes(shopify, config))
    .route("/v1/members", memberLineLinkRoutes(shopify))
    .route("/v1/members", pointRoutes({ shopify, idempotency, config }))
    .route("/v1/members", orderRoutes(shopify));

  // The rest of the contract, answered 501 with the operation named, so the BFF (and whoever reads
  // its logs) sees "not offered here" instead of a 404 that reads like "no such member".
  for (const operation of merchantOperations) {
    if (supported.has(operation.operationId)) continue;
    app.on(operation.method.toUpperCase(), operation.path.replace(/\{(\w+)\}/g, ":$1"), (c) =>
      c.json(errorBody("not_found", `${operation.operationId} is not offered by the Shopify adapter (see its README)`), 501),
    );
  }

  return app
    .notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404))
    .onError((error, c) => {
      if (error instanceof HTTPException && error.status === 400) return c.json(errorBody("bad_request", error.message), 400);
      if (error instanceof ShopifyUnavailable) {
        // The contract's temporary failure: nothing was changed, the same request may be sent again.
        c.header("Retry-After", String(error.retryAfterSeconds));
        return c.json(
          errorBody("upstream_unavailable", "Shopify cannot answer now; try again", {
            retryAfterSeconds: error.retryAfterSeconds,
          }),
          503,
        );
      }
      log("[shopify adapter]", error);
      return c.json(errorBody("internal", "Unexpected error in the Shopify adapter"), 500);
    });
}
