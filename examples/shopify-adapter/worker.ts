import { createShopifyAdapterApp } from "./app.ts";
import { InMemoryIdempotencyStore } from "./idempotency.ts";
import { createShopifyClient } from "./shopify-client.ts";

// The same adapter as a Cloudflare Worker (wrangler deploy with main = this file, the three values
// as secrets). The in-memory store lives only as long as one isolate: give it a Workers KV or D1
// store implementing IdempotencyStore before taking real points. Shopify's ledger still refuses to
// apply a key twice, so a forgotten key costs a read, never a second award.

export interface ShopifyAdapterEnv {
  SHOPIFY_SHOP: string;
  SHOPIFY_ADMIN_TOKEN: string;
  ADAPTER_API_KEY: string;
}

const idempotency = new InMemoryIdempotencyStore();

export default {
  fetch(request: Request, env: ShopifyAdapterEnv): Promise<Response> | Response {
    const app = createShopifyAdapterApp({
      shopify: createShopifyClient({ shop: env.SHOPIFY_SHOP, accessToken: env.SHOPIFY_ADMIN_TOKEN }),
      apiKey: env.ADAPTER_API_KEY,
      idempotency,
    });
    return app.fetch(request);
  },
};
