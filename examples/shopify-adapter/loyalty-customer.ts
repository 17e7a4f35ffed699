import { z } from "zod";
import type { LineLink, MemberSummary } from "../../shared/merchant-contract.ts";
import type { ShopifyClient } from "./shopify-client.ts";
import { CUSTOMER_BY_ID, CUSTOMER_BY_LINE_USER, customerGid, type LoyaltyCustomer } from "./shopify-documents.ts";

// A member is a Shopify customer: the member id and the member number are both the customer's
// numeric id (legacyResourceId), the rank comes from a customer tag, and the loyalty data from
// the customer's metafields (shopify-documents.ts).

/** One rank: the customers tagged `tag` hold it; the first rank without a tag is everyone else's. */
export interface RankRule {
  code: string;
  name: string;
  /** The customer tag that gives the rank (e.g. "rank:gold"); null for the default rank. */
  tag: string | null;
  pointsPer100Yen: number;
  benefits?: string[];
}

export interface LoyaltyConfig {
  /** Highest rank first: a customer holds the first rank whose tag they carry. */
  ranks: RankRule[];
  /** Store ids the registers send, with the names the points history shows. */
  storeNames: Record<string, string>;
}

export const DEFAULT_LOYALTY_CONFIG: LoyaltyConfig = {
  ranks: [
    { code: "gold", name: "ゴールド", tag: "rank:gold", pointsPer100Yen: 2, benefits: ["ポイント2倍"] },
    { code: "regular", name: "レギュラー", tag: null, pointsPer100Yen: 1 },
  ],
  storeNames: {},
};

const NUMERIC_ID = /^\d{1,20}$/;

/** The customer behind a member id, or null (a member id that is not a customer's numeric id never reaches Shopify). */
export async function readCustomer(shopify: ShopifyClient, memberId: string): Promise<LoyaltyCustomer | null> {
  if (!NUMERIC_ID.test(memberId)) return null;
  const { customer } = await shopify.request(
    CUSTOMER_BY_ID.name,
    CUSTOMER_BY_ID.query,
    { id: customerGid(memberId) },
    CUSTOMER_BY_ID.data,
  );
  return customer;
}

/** The customer linked to a LINE user, found by the unique `loyalty.line_user_id` metafield. */
export async function readCustomerByLineUser(shopify: ShopifyClient, lineUserId: string): Promise<LoyaltyCustomer | null> {
  const { customerByIdentifier } = await shopify.request(
    CUSTOMER_BY_LINE_USER.name,
    CUSTOMER_BY_LINE_USER.query,
    { lineUserId },
    CUSTOMER_BY_LINE_USER.data,
  );
  return customerByIdentifier;
}

export function rankOf(customer: LoyaltyCustomer, config: LoyaltyConfig): RankRule {
  const rank = config.ranks.find((candidate) => candidate.tag === null || customer.tags.includes(candidate.tag));
  if (!rank) throw new Error("the loyalty config needs a rank without a tag");
  return rank;
}

/** The balance in `loyalty.points`; a customer who never had points has none. */
export function balanceOf(customer: LoyaltyCustomer): number {
  if (customer.points === null) return 0;
  return z.coerce.number().int().nonnegative().parse(customer.points.value);
}

/**
 * A date_time metafield holds ISO 8601 without a zone (read as UTC)
 * (https://shopify.dev/docs/apps/build/custom-data/metafields/list-of-data-types): the contract wants an offset.
 */
export function withOffset(dateTime: string): string {
  return /(Z|[+-]\d{2}:\d{2})$/.test(dateTime) ? dateTime : `${dateTime}Z`;
}

export function lineLinkOf(customer: LoyaltyCustomer): LineLink | null {
  if (customer.lineUserId === null) return null;
  return {
    lineUserId: customer.lineUserId.value,
    memberId: customer.legacyResourceId,
    // A link made in the Shopify admin by hand may lack the time; the epoch says "unknown".
    linkedAt: customer.lineLinkedAt ? withOffset(customer.lineLinkedAt.value) : "1970-01-01T00:00:00Z",
  };
}

export function memberSummary(customer: LoyaltyCustomer, config: LoyaltyConfig): MemberSummary {
  const rank = rankOf(customer, config);
  return {
    memberId: customer.legacyResourceId,
    memberNumber: customer.legacyResourceId,
    name: customer.displayName.trim() || customer.legacyResourceId,
    rank: { code: rank.code, name: rank.name, ...(rank.benefits ? { benefits: rank.benefits } : {}) },
    points: { balance: balanceOf(customer) },
    // Ranks come from tags the merchant sets, not from spend the adapter could measure.
    rankProgress: null,
  };
}
