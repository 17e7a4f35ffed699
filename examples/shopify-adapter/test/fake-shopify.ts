import { createHash } from "node:crypto";
import { Hono } from "hono";
import { z } from "zod";
import customersRecording from "./recordings/customers.json" with { type: "json" };
import invalidAccessToken from "./recordings/invalid-access-token.json" with { type: "json" };
import staleObjectRecording from "./recordings/metafields-set-stale-object.json" with { type: "json" };
import takenRecording from "./recordings/metafields-set-taken.json" with { type: "json" };
import ordersRecording from "./recordings/orders.json" with { type: "json" };
import throttledRecording from "./recordings/throttled.json" with { type: "json" };
import { SHOPIFY_API_VERSION } from "../shopify-client.ts";

// A recorded fake of Shopify's GraphQL Admin API, for the adapter's own documents only. It does
// not parse GraphQL: it answers by the operation name (the adapter names every document) from the
// recordings in ./recordings, which hold answers in the shapes the Admin API documents for those
// selections (customers.json: `customers(first: 3)` with the adapter's customer selection;
// orders.json: `orders(first: 3)` with its order detail selection and each order's customer).
// Customers and orders start from the recordings; metafield writes change them, so a test sees
// its award in the next read. Refusals are the recorded ones:
//
// - a missing or wrong X-Shopify-Access-Token: 401 with `errors` as one string
//   (https://shopify.dev/docs/api/admin-graphql#authentication, https://shopify.dev/docs/api/usage/response-codes)
// - throttling: 200 with a THROTTLED error and extensions.cost, nothing run
//   (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits), or 429 Too Many Requests with
//   Retry-After (https://shopify.dev/docs/api/usage/response-codes)
// - metafieldsSet with a compareDigest that no longer matches (null: the metafield exists already):
//   STALE_OBJECT; an `id` metafield value another owner holds: TAKEN; nothing written when either is
//   answered (https://shopify.dev/docs/api/admin-graphql/latest/mutations/metafieldsSet,
//   https://shopify.dev/docs/api/admin-graphql/latest/enums/MetafieldsSetUserErrorCode,
//   https://shopify.dev/docs/apps/build/metafields/working-with-custom-ids)
// - metafieldsDelete of a metafield that does not exist: null in deletedMetafields, no error
//   (https://shopify.dev/docs/api/admin-graphql/latest/mutations/metafieldsDelete)
// - `customer`, `customerByIdentifier` and `order` answer null for an unknown id.
// - an orders search on a field Shopify does not know is ignored: every order is answered
//   (https://shopify.dev/docs/api/usage/search-syntax)

type MetafieldType = "number_integer" | "json" | "id" | "date_time";
interface StoredMetafield {
  type: MetafieldType;
  value: string;
}
interface FakeCustomer {
  id: string;
  legacyResourceId: string;
  displayName: string;
  tags: string[];
  metafields: Map<string, StoredMetafield>;
}

// The aliases of the adapter's customer selection, and the metafields behind them.
const CUSTOMER_METAFIELDS = {
  points: { key: "loyalty.points", type: "number_integer" },
  ledger: { key: "loyalty.ledger", type: "json" },
  lineUserId: { key: "loyalty.line_user_id", type: "id" },
  lineLinkedAt: { key: "loyalty.line_linked_at", type: "date_time" },
} as const satisfies Record<string, { key: string; type: MetafieldType }>;

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");
const clone = <T>(value: T): T => structuredClone(value);

type OrderNode = (typeof ordersRecording.data.orders.nodes)[number];

const GraphqlRequest = z.object({
  query: z.string(),
  operationName: z.string(),
  variables: z.record(z.string(), z.unknown()).default({}),
});
const MetafieldsSetVariables = z.object({
  metafields: z.array(
    z.object({
      ownerId: z.string(),
      namespace: z.string(),
      key: z.string(),
      type: z.enum(["number_integer", "json", "id", "date_time"]),
      value: z.string(),
      compareDigest: z.string().nullable().optional(),
    }),
  ),
});
const MetafieldsDeleteVariables = z.object({
  metafields: z.array(z.object({ ownerId: z.string(), namespace: z.string(), key: z.string() })),
});

export type ThrottleMode = "throttled-error" | "http-429";

export interface FakeShopify {
  app: Hono;
  /** The operation names answered so far, in order. */
  readonly operations: readonly string[];
  /** The next request of this operation is throttled, and nothing of it runs. */
  throttleNext(operationName: string, mode?: ThrottleMode): void;
  /** The next orders search is answered as one on an unknown field: every order of the shop. */
  ignoreNextOrderSearch(): void;
  /** The next request of this operation is applied, but its answer is lost (a 502 instead). */
  loseAnswerNext(operationName: string): void;
  /** The value of one of a customer's metafields ("loyalty.points"), as stored. */
  metafield(customerGid: string, key: string): string | undefined;
  /** Back to the recordings, with no faults pending. */
  reset(): void;
}

export function createFakeShopify({ accessToken }: { accessToken: string }): FakeShopify {
  let customers = new Map<string, FakeCustomer>();
  let orders: OrderNode[] = [];
  let operations: string[] = [];
  const throttles = new Map<string, ThrottleMode>();
  const lostAnswers = new Set<string>();
  let ignoreOrderSearch = false;

  function reset() {
    customers = new Map(
      customersRecording.data.customers.nodes.map((node) => {
        const metafields = new Map<string, StoredMetafield>();
        for (const [alias, { key, type }] of Object.entries(CUSTOMER_METAFIELDS)) {
          const recorded = node[alias as keyof typeof CUSTOMER_METAFIELDS];
          if (recorded) metafields.set(key, { type, value: recorded.value });
        }
        return [
          node.id,
          {
            id: node.id,
            legacyResourceId: node.legacyResourceId,
            displayName: node.displayName,
            tags: [...node.tags],
            metafields,
          },
        ];
      }),
    );
    orders = clone(ordersRecording.data.orders.nodes);
    operations = [];
    throttles.clear();
    lostAnswers.clear();
    ignoreOrderSearch = false;
  }
  reset();

  const customerNode = (customer: FakeCustomer) => {
    const node: Record<string, unknown> = {
      id: customer.id,
      legacyResourceId: customer.legacyResourceId,
      displayName: customer.displayName,
      tags: customer.tags,
    };
    for (const [alias, { key }] of Object.entries(CUSTOMER_METAFIELDS)) {
      const stored = customer.metafields.get(key);
      node[alias] = stored ? { value: stored.value, compareDigest: digest(stored.value) } : null;
    }
    return node;
  };

  // Only the fields the adapter's MemberOrders selection asks for.
  const orderSummaryNode = ({ shippingAddress: _address, lineItems, ...order }: OrderNode) => ({
    ...order,
    lineItems: { nodes: lineItems.nodes.slice(0, 1).map(({ title }) => ({ title })) },
  });

  const withCost = (data: unknown) => ({ data, extensions: clone(customersRecording.extensions) });

  /** A date_time is kept as Shopify keeps it: UTC, to the second, without a zone. */
  const storedValue = (type: MetafieldType, value: string) =>
    type === "date_time" ? new Date(value).toISOString().slice(0, 19) : value;

  function metafieldsSet(input: z.infer<typeof MetafieldsSetVariables>["metafields"]) {
    for (const [index, metafield] of input.entries()) {
      const owner = customers.get(metafield.ownerId);
      if (!owner) throw new Error(`the fake knows no customer ${metafield.ownerId}`);
      const key = `${metafield.namespace}.${metafield.key}`;
      const current = owner.metafields.get(key);
      if (metafield.compareDigest !== undefined) {
        const matches =
          metafield.compareDigest === null
            ? current === undefined
            : current !== undefined && digest(current.value) === metafield.compareDigest;
        if (!matches) return refusal(staleObjectRecording, index);
      }
      if (metafield.type === "id") {
        const holder = [...customers.values()].find(
          (customer) => customer.id !== owner.id && customer.metafields.get(key)?.value === metafield.value,
        );
        if (holder) return refusal(takenRecording, index);
      }
    }
    // Atomic: written only once every input passed.
    for (const metafield of input) {
      customers.get(metafield.ownerId)!.metafields.set(`${metafield.namespace}.${metafield.key}`, {
        type: metafield.type,
        value: storedValue(metafield.type, metafield.value),
      });
    }
    return withCost({
      metafieldsSet: {
        metafields: input.map(({ ownerId, namespace, key }) => {
          const stored = customers.get(ownerId)!.metafields.get(`${namespace}.${key}`)!;
          return { key, namespace, value: stored.value, compareDigest: digest(stored.value) };
        }),
        userErrors: [],
      },
    });
  }

  function refusal(recording: typeof staleObjectRecording, index: number) {
    const answer = clone(recording);
    for (const error of answer.data.metafieldsSet.userErrors) {
      error.field = ["metafields", String(index), error.field[2]];
    }
    return answer;
  }

  function memberOrders(variables: Record<string, unknown>) {
    const { customerId, search, first, after } = z
      .object({
        customerId: z.string(),
        search: z.string(),
        first: z.number().int().min(1).max(250),
        after: z.string().nullable().optional(),
      })
      .parse(variables);
    // The orders search syntax: https://shopify.dev/docs/api/usage/search-syntax
    const customerNumber = ignoreOrderSearch ? undefined : /^customer_id:(\d+)$/.exec(search)?.[1];
    ignoreOrderSearch = false;
    const theirs = orders
      .filter((order) => customerNumber === undefined || order.customer?.id === `gid://shopify/Customer/${customerNumber}`)
      .sort((a, b) => b.processedAt.localeCompare(a.processedAt));
    const start = after ? theirs.findIndex((order) => Buffer.from(order.id).toString("base64") === after) + 1 : 0;
    const page = theirs.slice(start, start + first);
    return withCost({
      customer: customers.has(customerId) ? { id: customerId } : null,
      orders: {
        nodes: page.map(orderSummaryNode),
        pageInfo: {
          hasNextPage: start + first < theirs.length,
          endCursor: page.length ? Buffer.from(page[page.length - 1].id).toString("base64") : null,
        },
      },
    });
  }

  function run(operationName: string, variables: Record<string, unknown>) {
    switch (operationName) {
      case "LoyaltyCustomer": {
        const customer = customers.get(z.object({ id: z.string() }).parse(variables).id);
        return withCost({ customer: customer ? customerNode(customer) : null });
      }
      case "LoyaltyCustomerByLineUser": {
        const { lineUserId } = z.object({ lineUserId: z.string() }).parse(variables);
        const customer = [...customers.values()].find(
          (candidate) => candidate.metafields.get("loyalty.line_user_id")?.value === lineUserId,
        );
        return withCost({ customerByIdentifier: customer ? customerNode(customer) : null });
      }
      case "LoyaltyMetafieldsSet":
        return metafieldsSet(MetafieldsSetVariables.parse(variables).metafields);
      case "LoyaltyMetafieldsDelete": {
        const { metafields } = MetafieldsDeleteVariables.parse(variables);
        const deletedMetafields = metafields.map(({ ownerId, namespace, key }) =>
          customers.get(ownerId)?.metafields.delete(`${namespace}.${key}`) ? { key, namespace, ownerId } : null,
        );
        return withCost({ metafieldsDelete: { deletedMetafields, userErrors: [] } });
      }
      case "MemberOrders":
        return memberOrders(variables);
      case "MemberOrder": {
        const order = orders.find((candidate) => candidate.id === z.object({ id: z.string() }).parse(variables).id);
        return withCost({ order: order ? clone(order) : null });
      }
      default:
        throw new Error(`the fake has no recording for ${operationName}`);
    }
  }

  const app = new Hono().post(`/admin/api/${SHOPIFY_API_VERSION}/graphql.json`, async (c) => {
    if (c.req.header("x-shopify-access-token") !== accessToken) return c.json(invalidAccessToken, 401);
    const request = GraphqlRequest.parse(await c.req.json());
    // The document must be the one named: a renamed or edited query is not what was recorded.
    if (!new RegExp(`^\\s*(query|mutation) ${request.operationName}\\b`).test(request.query)) {
      throw new Error(`the document is not named ${request.operationName}`);
    }
    operations.push(request.operationName);
    const throttle = throttles.get(request.operationName);
    if (throttle) {
      throttles.delete(request.operationName);
      if (throttle === "http-429") c.header("Retry-After", "2");
      return c.json(throttledRecording, throttle === "http-429" ? 429 : 200);
    }
    const answer = run(request.operationName, request.variables);
    if (lostAnswers.delete(request.operationName)) return c.text("Bad Gateway", 502);
    return c.json(answer, 200);
  });
  // A document or variables the fake has no recording for is answered as Shopify answers a query
  // it cannot run: 200 with `errors`, so the adapter logs the message (a 500 of its own).
  app.onError((error, c) => c.json({ errors: [{ message: `Fake Shopify: ${error.message}` }] }, 200));

  return {
    app,
    get operations() {
      return operations;
    },
    throttleNext: (operationName, mode = "throttled-error") => void throttles.set(operationName, mode),
    ignoreNextOrderSearch: () => void (ignoreOrderSearch = true),
    loseAnswerNext: (operationName) => void lostAnswers.add(operationName),
    metafield: (customerGid, key) => customers.get(customerGid)?.metafields.get(key)?.value,
    reset,
  };
}
