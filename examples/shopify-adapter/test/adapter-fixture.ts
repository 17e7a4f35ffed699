import { afterAll, beforeAll, beforeEach } from "vitest";
import { serveOnLoopback, type LoopbackServer } from "../../../test/fakes/http-server.ts";
import { createShopifyAdapterApp } from "../app.ts";
import { InMemoryIdempotencyStore } from "../idempotency.ts";
import { createShopifyClient } from "../shopify-client.ts";
import { createFakeShopify } from "./fake-shopify.ts";

export const ADAPTER_API_KEY = "test-adapter-api-key";
export const SHOPIFY_ADMIN_TOKEN = "shpat_00000000000000000000000000000000";

// The recorded customers (recordings/customers.json).
export const GOLD_MEMBER = "7301234567001"; // 120 points, tagged rank:gold, not linked
export const LINKED_MEMBER = "7301234567002"; // 40 points, linked to LINKED_LINE_USER
export const NEW_MEMBER = "7301234567003"; // no points yet, not linked
export const LINKED_LINE_USER = "Ub1e5c0f2a9d84e7f8c3b6a1d2e4f5a6b";

interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  apiKey?: string | null;
}

/**
 * The fake Shopify over real HTTP for a test file, and a fresh adapter before each test in front
 * of it (an empty idempotency store, the recordings back as they were).
 */
export function adapterPerTest() {
  const shopify = createFakeShopify({ accessToken: SHOPIFY_ADMIN_TOKEN });
  let server: LoopbackServer | undefined;
  let adapter: ReturnType<typeof createShopifyAdapterApp> | undefined;
  const errors: unknown[] = [];

  const startAdapter = (accessToken = SHOPIFY_ADMIN_TOKEN) => {
    if (!server) throw new Error("the fake Shopify has not started");
    adapter = createShopifyAdapterApp({
      shopify: createShopifyClient({ shop: server.url, accessToken }),
      apiKey: ADAPTER_API_KEY,
      idempotency: new InMemoryIdempotencyStore(),
      log: (_message, error) => void errors.push(error),
    });
  };

  beforeAll(async () => {
    server = await serveOnLoopback(shopify.app.fetch);
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    shopify.reset();
    errors.length = 0;
    startAdapter();
  });

  return {
    shopify,
    /** The unexpected errors the adapter logged. */
    errors,
    /** A new adapter process: the idempotency store starts empty, Shopify keeps what it has. */
    restartAdapter: startAdapter,
    call(method: string, path: string, { body, headers = {}, apiKey = ADAPTER_API_KEY }: CallOptions = {}) {
      if (!adapter) throw new Error("the adapter has not started");
      return adapter.request(path, {
        method,
        headers: {
          ...(apiKey === null ? {} : { authorization: `Bearer ${apiKey}` }),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
  };
}
