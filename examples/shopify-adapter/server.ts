import { serve } from "@hono/node-server";
import { createShopifyAdapterApp } from "./app.ts";
import { InMemoryIdempotencyStore } from "./idempotency.ts";
import { createShopifyClient } from "./shopify-client.ts";

// npx tsx examples/shopify-adapter/server.ts, with SHOPIFY_SHOP, SHOPIFY_ADMIN_TOKEN and
// ADAPTER_API_KEY set (PORT: 8788 unless set). Point the BFF's MERCHANT_API_BASE at it, with
// MERCHANT_API_KEY set to ADAPTER_API_KEY.

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`Set ${name} (see examples/shopify-adapter/README.md)`);
    process.exit(1);
  }
  return value;
}

const app = createShopifyAdapterApp({
  shopify: createShopifyClient({ shop: required("SHOPIFY_SHOP"), accessToken: required("SHOPIFY_ADMIN_TOKEN") }),
  apiKey: required("ADAPTER_API_KEY"),
  idempotency: new InMemoryIdempotencyStore(),
});

const port = Number(process.env.PORT ?? 8788);
serve({ fetch: app.fetch, port }, ({ port: listening }) => {
  console.log(`Shopify adapter speaking the merchant contract on http://localhost:${listening}`);
});
