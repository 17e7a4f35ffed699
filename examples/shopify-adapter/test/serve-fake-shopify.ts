import { serveOnLoopback } from "../../../test/fakes/http-server.ts";
import { createFakeShopify } from "./fake-shopify.ts";

// Serves the recorded fake Shopify, to run the adapter (server.ts) without a shop:
//   npx tsx examples/shopify-adapter/test/serve-fake-shopify.ts
// then start the adapter with the SHOPIFY_SHOP and SHOPIFY_ADMIN_TOKEN it prints.

const accessToken = process.env.SHOPIFY_ADMIN_TOKEN ?? "shpat_00000000000000000000000000000000";
const shopify = createFakeShopify({ accessToken });
const server = await serveOnLoopback(shopify.app.fetch, { port: Number(process.env.PORT ?? 8789) });
console.log(`Fake Shopify (recorded customers and orders) on ${server.url}`);
console.log(`  SHOPIFY_SHOP=${server.url} SHOPIFY_ADMIN_TOKEN=${accessToken}`);
