import { z } from "zod";

// The GraphQL Admin API documents the adapter sends, and the shapes of their answers. Each
// operation is named: the name is what the recorded fake (test/fake-shopify.ts) answers by.
//
// Where a member's loyalty data lives, on the Shopify customer
// (https://shopify.dev/docs/apps/build/custom-data/metafields):
//   loyalty.points          number_integer  the balance, also shown in the Shopify admin
//   loyalty.ledger          json            the newest point transactions (see points.ts for the limits)
//   loyalty.line_user_id    id              the linked LINE user; an `id` metafield has unique values, so
//                                           one LINE user is on one customer at most, and
//                                           customerByIdentifier finds the customer by it
//   loyalty.line_linked_at  date_time       when the link was made

export const LOYALTY_NAMESPACE = "loyalty";

/** A customer's GID from the adapter's member id (the customer's numeric id). */
export const customerGid = (memberId: string) => `gid://shopify/Customer/${memberId}`;
export const orderGid = (orderId: string) => `gid://shopify/Order/${orderId}`;

const MetafieldValue = z.object({ value: z.string() }).nullable();
const MetafieldWithDigest = z.object({ value: z.string(), compareDigest: z.string() }).nullable();

// https://shopify.dev/docs/api/admin-graphql/latest/objects/Customer
const LOYALTY_CUSTOMER_FIELDS = `
  id
  legacyResourceId
  displayName
  tags
  points: metafield(namespace: "loyalty", key: "points") { value }
  ledger: metafield(namespace: "loyalty", key: "ledger") { value compareDigest }
  lineUserId: metafield(namespace: "loyalty", key: "line_user_id") { value compareDigest }
  lineLinkedAt: metafield(namespace: "loyalty", key: "line_linked_at") { value }
`;

export const LoyaltyCustomer = z.object({
  id: z.string(),
  legacyResourceId: z.string().regex(/^\d+$/),
  displayName: z.string(),
  tags: z.array(z.string()),
  points: MetafieldValue,
  ledger: MetafieldWithDigest,
  lineUserId: MetafieldWithDigest,
  lineLinkedAt: MetafieldValue,
});
export type LoyaltyCustomer = z.infer<typeof LoyaltyCustomer>;

export const CUSTOMER_BY_ID = {
  name: "LoyaltyCustomer",
  query: `query LoyaltyCustomer($id: ID!) { customer(id: $id) { ${LOYALTY_CUSTOMER_FIELDS} } }`,
  data: z.object({ customer: LoyaltyCustomer.nullable() }),
};

// https://shopify.dev/docs/api/admin-graphql/latest/queries/customerByIdentifier and
// https://shopify.dev/docs/apps/build/metafields/working-with-custom-ids (look up by custom id)
export const CUSTOMER_BY_LINE_USER = {
  name: "LoyaltyCustomerByLineUser",
  query: `query LoyaltyCustomerByLineUser($lineUserId: String!) {
    customerByIdentifier(identifier: { customId: { namespace: "loyalty", key: "line_user_id", value: $lineUserId } }) {
      ${LOYALTY_CUSTOMER_FIELDS}
    }
  }`,
  data: z.object({ customerByIdentifier: LoyaltyCustomer.nullable() }),
};

// https://shopify.dev/docs/api/admin-graphql/latest/mutations/metafieldsSet: atomic over its
// inputs; with compareDigest, a metafield is written only if it still holds the value read
// (null: only if it does not exist yet), else STALE_OBJECT
// (https://shopify.dev/docs/api/admin-graphql/latest/enums/MetafieldsSetUserErrorCode).
export interface MetafieldsSetInput {
  ownerId: string;
  namespace: string;
  key: string;
  type: "number_integer" | "json" | "id" | "date_time";
  value: string;
  compareDigest?: string | null;
}

export const MetafieldsSetUserError = z.object({
  field: z.array(z.string()).nullable(),
  message: z.string(),
  code: z.string().nullable(),
  elementIndex: z.number().int().nullable().optional(),
});

export const METAFIELDS_SET = {
  name: "LoyaltyMetafieldsSet",
  query: `mutation LoyaltyMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { key namespace value compareDigest }
      userErrors { field message code elementIndex }
    }
  }`,
  data: z.object({
    metafieldsSet: z.object({
      metafields: z.array(z.object({ key: z.string(), namespace: z.string(), value: z.string() })).nullable(),
      userErrors: z.array(MetafieldsSetUserError),
    }),
  }),
};

// https://shopify.dev/docs/api/admin-graphql/latest/mutations/metafieldsDelete: a metafield that
// does not exist is answered null in deletedMetafields, not as an error.
export const METAFIELDS_DELETE = {
  name: "LoyaltyMetafieldsDelete",
  query: `mutation LoyaltyMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields { key namespace ownerId }
      userErrors { field message }
    }
  }`,
  data: z.object({
    metafieldsDelete: z.object({
      deletedMetafields: z.array(z.object({ key: z.string(), namespace: z.string(), ownerId: z.string() }).nullable()).nullable(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string() })),
    }),
  }),
};

// https://shopify.dev/docs/api/admin-graphql/latest/objects/MoneyBag: amounts are decimal strings.
const MoneyBag = z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }) });

// https://shopify.dev/docs/api/admin-graphql/latest/objects/Order
const ORDER_SUMMARY_FIELDS = `
  id
  legacyResourceId
  name
  processedAt
  updatedAt
  cancelledAt
  displayFinancialStatus
  displayFulfillmentStatus
  currentSubtotalLineItemsQuantity
  currentShippingPriceSet { shopMoney { amount currencyCode } }
  currentTotalPriceSet { shopMoney { amount currencyCode } }
  customer { id }
  fulfillments(first: 5) { displayStatus trackingInfo(first: 1) { company number url } }
`;

const OrderSummaryNode = z.object({
  id: z.string(),
  legacyResourceId: z.string().regex(/^\d+$/),
  name: z.string(),
  processedAt: z.string(),
  updatedAt: z.string(),
  cancelledAt: z.string().nullable(),
  displayFinancialStatus: z.string().nullable(),
  displayFulfillmentStatus: z.string(),
  currentSubtotalLineItemsQuantity: z.number().int(),
  currentShippingPriceSet: MoneyBag,
  currentTotalPriceSet: MoneyBag,
  customer: z.object({ id: z.string() }).nullable(),
  fulfillments: z.array(
    z.object({
      displayStatus: z.string().nullable(),
      trackingInfo: z.array(
        z.object({ company: z.string().nullable(), number: z.string().nullable(), url: z.string().nullable() }),
      ),
    }),
  ),
});

export const ShopifyOrderSummary = OrderSummaryNode.extend({
  lineItems: z.object({ nodes: z.array(z.object({ title: z.string() })) }),
});
export type ShopifyOrderSummary = z.infer<typeof ShopifyOrderSummary>;

export const ShopifyOrderDetail = OrderSummaryNode.extend({
  shippingAddress: z.object({ formatted: z.array(z.string()) }).nullable(),
  lineItems: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        quantity: z.number().int(),
        variant: z.object({ id: z.string() }).nullable(),
        originalUnitPriceSet: MoneyBag,
        discountedTotalSet: MoneyBag,
      }),
    ),
  }),
});
export type ShopifyOrderDetail = z.infer<typeof ShopifyOrderDetail>;

// https://shopify.dev/docs/api/admin-graphql/latest/queries/orders: `query` takes the orders
// search syntax (customer_id:<numeric id>); connections page with first/after and pageInfo.
export const MEMBER_ORDERS = {
  name: "MemberOrders",
  query: `query MemberOrders($customerId: ID!, $search: String!, $first: Int!, $after: String) {
    customer(id: $customerId) { id }
    orders(first: $first, after: $after, query: $search, sortKey: PROCESSED_AT, reverse: true) {
      nodes { ${ORDER_SUMMARY_FIELDS} lineItems(first: 1) { nodes { title } } }
      pageInfo { hasNextPage endCursor }
    }
  }`,
  data: z.object({
    customer: z.object({ id: z.string() }).nullable(),
    orders: z.object({
      nodes: z.array(ShopifyOrderSummary),
      pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
    }),
  }),
};

// https://shopify.dev/docs/api/admin-graphql/latest/queries/order
export const MEMBER_ORDER = {
  name: "MemberOrder",
  query: `query MemberOrder($id: ID!) {
    order(id: $id) {
      ${ORDER_SUMMARY_FIELDS}
      shippingAddress { formatted(withName: false) }
      lineItems(first: 50) {
        nodes {
          id
          title
          quantity
          variant { id }
          originalUnitPriceSet { shopMoney { amount currencyCode } }
          discountedTotalSet { shopMoney { amount currencyCode } }
        }
      }
    }
  }`,
  data: z.object({ order: ShopifyOrderDetail.nullable() }),
};
