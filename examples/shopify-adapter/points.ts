import { Hono } from "hono";
import { z } from "zod";
import { errorBody } from "../../shared/errors.ts";
import {
  MemberId,
  MemberPageLimit,
  PageCursor,
  PointAwardPreview,
  PointAwardPreviewRequest,
  PointHistoryPage,
  PointsBalance,
  PointTransaction,
  PointTransactionRequest,
} from "../../shared/merchant-contract.ts";
import { answer, notFound, validJson, validParams, validQuery } from "./http.ts";
import { idempotencyConflict, readIdempotencyKey, requestSha256, type IdempotencyStore } from "./idempotency.ts";
import { balanceOf, rankOf, readCustomer, type LoyaltyConfig } from "./loyalty-customer.ts";
import { ShopifyUnavailable, type ShopifyClient } from "./shopify-client.ts";
import { LOYALTY_NAMESPACE, METAFIELDS_SET, type LoyaltyCustomer } from "./shopify-documents.ts";

// Points on a Shopify customer: the balance in `loyalty.points` and the newest transactions in the
// `loyalty.ledger` json metafield, written together by one metafieldsSet (atomic). The write is
// compare-and-set on the ledger, which changes with every transaction, so two registers writing
// at once cannot both win: the loser reads again and decides again (a redeem may then be refused).
//
// Limits of keeping the ledger in a metafield: only the newest LEDGER_LIMIT transactions are kept
// (older history is not shown, and an Idempotency-Key older than those is no longer recognised
// there), a change made by hand in the Shopify admin moves the balance without a ledger entry, and
// points never expire (expiringSoon is always empty). A merchant with more history needs a
// metaobject per transaction or a database of their own.

export const LEDGER_LIMIT = 100;
const DEFAULT_PAGE_SIZE = 20;
const COMPARE_AND_SET_ATTEMPTS = 3;

const LedgerEntry = z.object({
  transactionId: z.string(),
  kind: z.enum(["award", "redeem"]),
  points: z.number().int(),
  balance: z.number().int().nonnegative(),
  storeId: z.string(),
  staffId: z.string(),
  occurredAt: z.string(),
  idempotencyKey: z.string(),
  requestSha256: z.string(),
});
type LedgerEntry = z.infer<typeof LedgerEntry>;
const Ledger = z.object({ entries: z.array(LedgerEntry).describe("Newest first") });

export function ledgerOf(customer: LoyaltyCustomer): LedgerEntry[] {
  return customer.ledger === null ? [] : Ledger.parse(JSON.parse(customer.ledger.value)).entries;
}

const asTransaction = ({
  transactionId,
  kind,
  points,
  balance,
  storeId,
  staffId,
  occurredAt,
}: LedgerEntry): PointTransaction => ({
  transactionId,
  kind,
  points,
  balance,
  storeId,
  staffId,
  occurredAt,
});

const MemberParams = z.object({ memberId: MemberId });
const PageQuery = z.object({ cursor: PageCursor.optional(), limit: MemberPageLimit.optional() });

type Outcome =
  { status: 201; body: PointTransaction; requestSha256: string } | { status: 404 | 422; body: ReturnType<typeof errorBody> };

export interface PointRoutesOptions {
  shopify: ShopifyClient;
  idempotency: IdempotencyStore;
  config: LoyaltyConfig;
}

/** GET points and point-history, POST point-awards/preview and point-transactions, under /v1/members. */
export function pointRoutes({ shopify, idempotency, config }: PointRoutesOptions) {
  /** Applies one transaction once: a key already in the ledger is answered from it. */
  async function transact(memberId: string, request: PointTransactionRequest, key: string, sha: string): Promise<Outcome> {
    for (let attempt = 1; attempt <= COMPARE_AND_SET_ATTEMPTS; attempt += 1) {
      const customer = await readCustomer(shopify, memberId);
      if (customer === null) return { status: 404, body: errorBody("not_found", "No such member") };
      const ledger = ledgerOf(customer);
      const earlier = ledger.find((entry) => entry.idempotencyKey === key);
      if (earlier) {
        if (earlier.requestSha256 !== sha) return { status: 422, body: idempotencyConflict() };
        return { status: 201, body: asTransaction(earlier), requestSha256: sha };
      }
      const balance = balanceOf(customer);
      const points =
        request.kind === "award"
          ? Math.floor(request.purchaseAmountYen / 100) * rankOf(customer, config).pointsPer100Yen
          : -request.points;
      if (balance + points < 0) {
        return { status: 422, body: errorBody("insufficient_points", `The member has ${balance} points`) };
      }
      const entry: LedgerEntry = {
        transactionId: `pt_${crypto.randomUUID().replaceAll("-", "")}`,
        kind: request.kind,
        points,
        balance: balance + points,
        storeId: request.storeId,
        staffId: request.staffId,
        occurredAt: new Date().toISOString(),
        idempotencyKey: key,
        requestSha256: sha,
      };
      const { metafieldsSet } = await shopify.request(
        METAFIELDS_SET.name,
        METAFIELDS_SET.query,
        {
          metafields: [
            {
              ownerId: customer.id,
              namespace: LOYALTY_NAMESPACE,
              key: "points",
              type: "number_integer",
              value: String(entry.balance),
            },
            {
              ownerId: customer.id,
              namespace: LOYALTY_NAMESPACE,
              key: "ledger",
              type: "json",
              value: JSON.stringify({ entries: [entry, ...ledger].slice(0, LEDGER_LIMIT) }),
              compareDigest: customer.ledger?.compareDigest ?? null,
            },
          ],
        },
        METAFIELDS_SET.data,
      );
      const errors = metafieldsSet.userErrors;
      if (errors.length === 0) return { status: 201, body: asTransaction(entry), requestSha256: sha };
      // Another write came first: read again and decide again.
      if (errors.every((error) => error.code === "STALE_OBJECT")) continue;
      throw new Error(`metafieldsSet refused the points: ${errors.map((error) => `${error.code}: ${error.message}`).join("; ")}`);
    }
    throw new ShopifyUnavailable("The points kept changing while being written", 1);
  }

  return new Hono()
    .get("/:memberId/points", validParams(MemberParams), async (c) => {
      const customer = await readCustomer(shopify, c.req.valid("param").memberId);
      if (customer === null) return notFound(c, "No such member");
      return answer(c, PointsBalance, { balance: balanceOf(customer), expiringSoon: [] }, 200);
    })
    .get("/:memberId/point-history", validParams(MemberParams), validQuery(PageQuery), async (c) => {
      const { cursor, limit = DEFAULT_PAGE_SIZE } = c.req.valid("query");
      const customer = await readCustomer(shopify, c.req.valid("param").memberId);
      if (customer === null) return notFound(c, "No such member");
      const ledger = ledgerOf(customer);
      // The cursor is the last transaction id of the page before: entries added meanwhile go on top.
      const start = cursor === undefined ? 0 : ledger.findIndex((entry) => entry.transactionId === cursor) + 1;
      if (start === 0 && cursor !== undefined)
        return c.json(errorBody("bad_request", "The cursor is not one this adapter issued"), 400);
      const entries = ledger.slice(start, start + limit);
      const page: PointHistoryPage = {
        entries: entries.map((entry) => ({
          entryId: entry.transactionId,
          kind: entry.kind === "award" ? "earned_in_store" : "redeemed",
          points: entry.points,
          occurredAt: entry.occurredAt,
          storeName: config.storeNames[entry.storeId] ?? null,
          orderId: null,
          orderNumber: null,
          note: null,
        })),
        nextCursor: start + limit < ledger.length ? (entries.at(-1)?.transactionId ?? null) : null,
      };
      return answer(c, PointHistoryPage, page, 200);
    })
    .post("/:memberId/point-awards/preview", validParams(MemberParams), validJson(PointAwardPreviewRequest), async (c) => {
      const customer = await readCustomer(shopify, c.req.valid("param").memberId);
      if (customer === null) return notFound(c, "No such member");
      const points = Math.floor(c.req.valid("json").purchaseAmountYen / 100) * rankOf(customer, config).pointsPer100Yen;
      return answer(c, PointAwardPreview, { points }, 200);
    })
    .post("/:memberId/point-transactions", validParams(MemberParams), validJson(PointTransactionRequest), async (c) => {
      const key = readIdempotencyKey(c.req.header("idempotency-key"));
      if (key === null) return c.json(errorBody("bad_request", "An Idempotency-Key header is required"), 400);
      const { memberId } = c.req.valid("param");
      const request = c.req.valid("json");
      const sha = await requestSha256({ memberId, request });
      const stored = await idempotency.get("createPointTransaction", key);
      if (stored) {
        if (stored.requestSha256 !== sha) return c.json(idempotencyConflict(), 422);
        return c.json(stored.body as object, stored.status);
      }
      const outcome = await transact(memberId, request, key, sha);
      if (outcome.status !== 201) return c.json(outcome.body, outcome.status);
      // Refusals are not kept: after a top-up, the same key may try again.
      await idempotency.put("createPointTransaction", key, { requestSha256: sha, status: 201, body: outcome.body });
      return answer(c, PointTransaction, outcome.body, 201);
    });
}
