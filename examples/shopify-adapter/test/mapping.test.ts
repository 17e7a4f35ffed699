import { describe, expect, it } from "vitest";
import { withOffset } from "../loyalty-customer.ts";
import { orderStatus } from "../orders.ts";
import { graphqlEndpoint, secondsUntilRestored, SHOPIFY_API_VERSION } from "../shopify-client.ts";
import type { ShopifyOrderSummary } from "../shopify-documents.ts";

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "JPY" } });
const order = (changes: Partial<ShopifyOrderSummary>): ShopifyOrderSummary => ({
  id: "gid://shopify/Order/1",
  legacyResourceId: "1",
  name: "#1001",
  processedAt: "2026-11-20T03:00:00Z",
  updatedAt: "2026-11-20T03:00:00Z",
  cancelledAt: null,
  displayFinancialStatus: "PAID",
  displayFulfillmentStatus: "UNFULFILLED",
  currentSubtotalLineItemsQuantity: 1,
  currentShippingPriceSet: money("0.0"),
  currentTotalPriceSet: money("1000.0"),
  customer: { id: "gid://shopify/Customer/1" },
  fulfillments: [],
  lineItems: { nodes: [] },
  ...changes,
});

describe("Shopify adapter › mapping Shopify's values to the contract's", () => {
  it("gives an order the contract's status from Shopify's cancellation, fulfilment and payment", () => {
    expect(orderStatus(order({ displayFinancialStatus: "PENDING" }))).toBe("placed");
    expect(orderStatus(order({}))).toBe("confirmed");
    expect(orderStatus(order({ displayFulfillmentStatus: "PARTIALLY_FULFILLED" }))).toBe("shipped");
    expect(
      orderStatus(
        order({ displayFulfillmentStatus: "FULFILLED", fulfillments: [{ displayStatus: "IN_TRANSIT", trackingInfo: [] }] }),
      ),
    ).toBe("shipped");
    expect(
      orderStatus(
        order({ displayFulfillmentStatus: "FULFILLED", fulfillments: [{ displayStatus: "DELIVERED", trackingInfo: [] }] }),
      ),
    ).toBe("delivered");
    expect(orderStatus(order({ cancelledAt: "2026-11-21T00:00:00Z", displayFulfillmentStatus: "FULFILLED" }))).toBe("cancelled");
  });

  it("waits until the bucket holds what the throttled query asked for, at least a second", () => {
    const cost = (requested: number, available: number, restoreRate = 100) => ({
      requestedQueryCost: requested,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate },
    });
    expect(secondsUntilRestored(cost(752, 66, 50))).toBe(14);
    expect(secondsUntilRestored(cost(52, 51))).toBe(1);
    expect(secondsUntilRestored(undefined)).toBe(2);
  });

  it("reads a date_time without a zone as UTC and leaves one with a zone alone", () => {
    expect(withOffset("2026-11-02T09:15:00")).toBe("2026-11-02T09:15:00Z");
    expect(withOffset("2026-11-02T18:15:00+09:00")).toBe("2026-11-02T18:15:00+09:00");
  });

  it("builds the Admin API endpoint from a shop domain, or from an origin for a fake", () => {
    expect(graphqlEndpoint("my-shop.myshopify.com")).toBe(
      `https://my-shop.myshopify.com/admin/api/${SHOPIFY_API_VERSION}/graphql.json`,
    );
    expect(graphqlEndpoint("http://127.0.0.1:8789/")).toBe(`http://127.0.0.1:8789/admin/api/${SHOPIFY_API_VERSION}/graphql.json`);
  });
});
