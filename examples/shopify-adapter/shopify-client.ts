import { z } from "zod";

// The adapter's one way to reach Shopify: a POST of a named GraphQL document to the Admin API,
// with the app's access token, a deadline, and every answer read into one of three outcomes.
// https://shopify.dev/docs/api/admin-graphql (endpoint, X-Shopify-Access-Token header)

/** The Admin API version every document in this adapter was written against. */
export const SHOPIFY_API_VERSION = "2026-10";

export interface ShopifyClientOptions {
  /** The shop's myshopify.com domain (my-shop.myshopify.com), or an http(s) origin to reach a fake or a proxy. */
  shop: string;
  accessToken: string;
  timeoutMs?: number;
}

/**
 * Shopify cannot answer now (throttled, down, unreachable): the contract's temporary failure.
 * A throttled call did nothing; a mutation whose answer was lost (a timeout, a 5xx) may have been
 * applied, which is why every write reads the customer first and finds its key in the ledger.
 */
export class ShopifyUnavailable extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ShopifyUnavailable";
  }
}

/** Shopify refused the adapter itself (a wrong token, a missing scope) or answered off its schema. */
export class ShopifyFailed extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ShopifyFailed";
  }
}

// https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits: every answer carries the
// calculated query cost and the bucket's state in extensions.cost.
const ThrottleStatus = z.object({
  maximumAvailable: z.number(),
  currentlyAvailable: z.number(),
  restoreRate: z.number(),
});
const Cost = z.object({
  requestedQueryCost: z.number(),
  actualQueryCost: z.number().nullable(),
  throttleStatus: ThrottleStatus,
});
const GraphqlError = z.object({
  message: z.string(),
  extensions: z.object({ code: z.string().optional() }).loose().optional(),
});
const GraphqlAnswer = z.object({
  data: z.unknown().optional(),
  // A 401 answers `errors` as one string, GraphQL errors are a list.
  errors: z.union([z.array(GraphqlError), z.string()]).optional(),
  extensions: z.object({ cost: Cost.optional() }).loose().optional(),
});

const DEFAULT_RETRY_AFTER_SECONDS = 2;

/** Seconds until the bucket holds what the refused query asked for (at least 1). */
export function secondsUntilRestored(cost: z.infer<typeof Cost> | undefined): number {
  if (!cost || cost.throttleStatus.restoreRate <= 0) return DEFAULT_RETRY_AFTER_SECONDS;
  const missing = cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable;
  return Math.max(1, Math.ceil(missing / cost.throttleStatus.restoreRate));
}

export function graphqlEndpoint(shop: string): string {
  const origin = /^https?:\/\//.test(shop) ? shop.replace(/\/+$/, "") : `https://${shop}`;
  return `${origin}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
}

export interface ShopifyClient {
  /** Runs one named document; `data` is parsed with `schema`. Throws ShopifyUnavailable or ShopifyFailed. */
  request<T>(operationName: string, query: string, variables: Record<string, unknown>, schema: z.ZodType<T>): Promise<T>;
}

export function createShopifyClient({ shop, accessToken, timeoutMs = 5000 }: ShopifyClientOptions): ShopifyClient {
  const endpoint = graphqlEndpoint(shop);
  return {
    async request(operationName, query, variables, schema) {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json", "x-shopify-access-token": accessToken },
          body: JSON.stringify({ query, variables, operationName }),
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new ShopifyUnavailable(`Shopify could not be reached (${operationName})`, DEFAULT_RETRY_AFTER_SECONDS, {
          cause: error,
        });
      }
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const answer = GraphqlAnswer.safeParse(json);
      const cost = answer.success ? answer.data.extensions?.cost : undefined;

      // https://shopify.dev/docs/api/usage/response-codes: 429 Too Many Requests; 5xx are Shopify's own trouble.
      if (response.status === 429) {
        const header = Number(response.headers.get("retry-after"));
        throw new ShopifyUnavailable(
          "Shopify throttled the request",
          header > 0 ? Math.ceil(header) : secondsUntilRestored(cost),
        );
      }
      if (response.status >= 500) {
        throw new ShopifyUnavailable(`Shopify answered ${response.status}`, DEFAULT_RETRY_AFTER_SECONDS);
      }
      if (!response.ok || !answer.success) {
        throw new ShopifyFailed(`Shopify answered ${response.status} to ${operationName}: ${text.slice(0, 200)}`);
      }
      const { errors, data } = answer.data;
      if (typeof errors === "string") throw new ShopifyFailed(`Shopify refused ${operationName}: ${errors}`);
      if (errors && errors.length > 0) {
        // A throttled query is answered 200 with a THROTTLED error and no data: nothing ran.
        if (errors.some((error) => error.extensions?.code === "THROTTLED" || error.message === "Throttled")) {
          throw new ShopifyUnavailable("Shopify throttled the request", secondsUntilRestored(cost));
        }
        throw new ShopifyFailed(`Shopify refused ${operationName}: ${errors.map((error) => error.message).join("; ")}`);
      }
      const parsed = schema.safeParse(data);
      if (!parsed.success)
        throw new ShopifyFailed(`Shopify's answer to ${operationName} is not the expected shape`, { cause: parsed.error });
      return parsed.data;
    },
  };
}
