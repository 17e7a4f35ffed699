import type { z } from "zod";
import { ErrorBody, type UnavailableItem } from "../../shared/errors.ts";
import {
  AuthenticateMemberResponse,
  CheckIn,
  PointTransaction,
  BirthdayCandidatePage,
  PointsExpiryCandidatePage,
  ConsumedAccountLinkNonce,
  CouponCatalogue,
  CouponRedemption,
  MemberCoupon,
  MemberCouponList,
  LineLink,
  LineLinkPage,
  LinkSettings,
  MemberSummary,
  OrderDetail,
  OrderPage,
  PointAwardPreview,
  PointHistoryPage,
  PointsBalance,
  RegisteredMember,
  ReorderPreview,
  StaffActionVoid,
  StaffRecord,
  StaffSettings,
  SegmentMemberPage,
  type AuthenticateMemberRequest,
  type EvaluateSegmentRequest,
  type StaffActionVoidRequest,
  type CreateOrderRequest,
  type GrantCouponRequest,
  type RedeemCouponRequest,
  type PointTransactionRequest,
  type RegisterMemberRequest,
  type ReorderPreviewRequest,
} from "../../shared/merchant-contract.ts";
import { createMerchantCall, invalidMerchantAnswer, orNull, valueOf, type MerchantClientOptions } from "./transport.ts";

export type { MerchantClientOptions } from "./transport.ts";

type Infer<T extends z.ZodType> = z.infer<T>;

/** Why the merchant refused to link: the LINE user already has a member, or the member a LINE user. */
export type LinkConflict = { conflict: string };

/** The merchant found a member with the same name and birth date; nothing was created. */
export type PossibleDuplicate = { possibleDuplicate: string };

/** A write the merchant refused: not enough points, or an idempotency key reused for another body. */
export type WriteRefusal = { refused: "insufficient_points" | "idempotency_conflict"; message: string };

/** A void the merchant refused; nothing changed. */
export type VoidRefusal = {
  refused: "forbidden" | "void_window_closed" | "insufficient_points" | "idempotency_conflict";
  message: string;
};

/** An order the merchant did not place; nothing was ordered. */
export type OrderRefusal = {
  refused: "items_unavailable" | "price_changed" | "fulfilment_unavailable" | "idempotency_conflict";
  message: string;
  unavailableItems?: UnavailableItem[];
};

/** A coupon use the merchant refused; nothing changed. */
export type CouponRefusal = {
  refused: "coupon_used" | "coupon_expired" | "coupon_wrong_store" | "idempotency_conflict";
  message: string;
};

/** The merchant did not recognise a page cursor (one the app made up, or from another list). */
export type InvalidCursor = { invalidCursor: true };

export interface PageRequest {
  cursor?: string;
  limit?: number;
}

/** The BFF's only way to reach the merchant: typed calls over the merchant contract. */
export interface MerchantClient {
  getLinkSettings(): Promise<Infer<typeof LinkSettings>>;
  /** The member id, or null when no member matches the credentials. */
  authenticateMember(request: AuthenticateMemberRequest): Promise<string | null>;
  getLineLink(lineUserId: string): Promise<Infer<typeof LineLink> | null>;
  putLineLink(lineUserId: string, memberId: string): Promise<Infer<typeof LineLink> | LinkConflict | null>;
  /** False when the LINE user was not linked. */
  deleteLineLink(lineUserId: string): Promise<boolean>;
  listLineLinks(page: { cursor?: string; limit?: number }): Promise<Infer<typeof LineLinkPage>>;
  registerMember(request: RegisterMemberRequest): Promise<Infer<typeof RegisteredMember> | LinkConflict | PossibleDuplicate>;
  /** Asks the merchant to send the member a one-time code; the answer never says whether one went out. */
  requestOneTimeCode(memberNumber: string): Promise<void>;
  getStaffSettings(): Promise<Infer<typeof StaffSettings>>;
  consumeAccountLinkNonce(nonce: string): Promise<Infer<typeof ConsumedAccountLinkNonce> | null>;
  getMemberSummary(memberId: string): Promise<Infer<typeof MemberSummary> | null>;
  getStaffByLineUser(lineUserId: string): Promise<Infer<typeof StaffRecord> | null>;
  getMemberByNumber(memberNumber: string): Promise<Infer<typeof MemberSummary> | null>;
  getMemberLineLink(memberId: string): Promise<Infer<typeof LineLink> | null>;
  createPointTransaction(
    memberId: string,
    request: PointTransactionRequest,
    idempotencyKey: string,
  ): Promise<Infer<typeof PointTransaction> | WriteRefusal | null>;
  createCheckIn(
    memberId: string,
    request: { storeId: string; staffId: string },
    idempotencyKey: string,
  ): Promise<Infer<typeof CheckIn> | WriteRefusal | null>;
  /** The points a purchase would earn; null when the member is unknown or the merchant has no previews. */
  previewPointAward(memberId: string, request: { purchaseAmountYen: number; storeId: string }): Promise<number | null>;
  /** Null when this member has no such action. */
  voidStaffAction(
    memberId: string,
    actionId: string,
    request: StaffActionVoidRequest,
    idempotencyKey: string,
  ): Promise<Infer<typeof StaffActionVoid> | VoidRefusal | null>;
  /** Null when the member is unknown. */
  getPoints(memberId: string): Promise<Infer<typeof PointsBalance> | null>;
  listPointHistory(memberId: string, page: PageRequest): Promise<Infer<typeof PointHistoryPage> | InvalidCursor | null>;
  listOrders(memberId: string, page: PageRequest): Promise<Infer<typeof OrderPage> | InvalidCursor | null>;
  /** Null when this member has no such order (someone else's included). */
  getOrder(memberId: string, orderId: string): Promise<Infer<typeof OrderDetail> | null>;
  /** With items: the preview for those quantities (a merchant from before the request body ignores them). */
  previewReorder(
    memberId: string,
    orderId: string,
    items?: ReorderPreviewRequest["items"],
  ): Promise<Infer<typeof ReorderPreview> | null>;
  /** Null when the member is unknown or the source order is not theirs. */
  createOrder(
    memberId: string,
    request: CreateOrderRequest,
    idempotencyKey: string,
  ): Promise<Infer<typeof OrderDetail> | OrderRefusal | null>;
  /** Null when the member is unknown. */
  listMemberCoupons(memberId: string): Promise<Infer<typeof MemberCouponList> | null>;
  /** Null when this member has no such coupon (someone else's included). */
  getMemberCoupon(memberId: string, couponId: string): Promise<Infer<typeof MemberCoupon> | null>;
  /** Null when this member has no such coupon. */
  redeemCoupon(
    memberId: string,
    couponId: string,
    request: RedeemCouponRequest,
    idempotencyKey: string,
  ): Promise<Infer<typeof CouponRedemption> | CouponRefusal | null>;
  /** Null when there is no such redemption of this member's coupon. */
  voidCouponRedemption(memberId: string, couponId: string, redemptionId: string): Promise<Infer<typeof CouponRedemption> | null>;
  listCouponCatalogue(): Promise<Infer<typeof CouponCatalogue>>;
  listBirthdayCandidates(month: number, page: PageRequest): Promise<Infer<typeof BirthdayCandidatePage>>;
  /** Linked members whose points expire between two Japan dates (inclusive), one entry per expiry batch. */
  listPointsExpiryCandidates(
    range: { from: string; through: string },
    page: PageRequest,
  ): Promise<Infer<typeof PointsExpiryCandidatePage>>;
  /** The coupon granted (now, or earlier under the same grant key); null when the member or coupon is unknown. */
  grantCoupon(memberId: string, request: GrantCouponRequest, idempotencyKey: string): Promise<Infer<typeof MemberCoupon> | null>;
  /** One page of the LINE user ids of linked members matching a filter, in ascending id order, with the total. */
  evaluateSegment(request: EvaluateSegmentRequest): Promise<Infer<typeof SegmentMemberPage>>;
}

const COUPON_REFUSALS: ReadonlySet<string> = new Set<CouponRefusal["refused"]>([
  "coupon_used",
  "coupon_expired",
  "coupon_wrong_store",
  "idempotency_conflict",
]);

const ORDER_REFUSALS: ReadonlySet<string> = new Set<OrderRefusal["refused"]>([
  "items_unavailable",
  "price_changed",
  "fulfilment_unavailable",
  "idempotency_conflict",
]);

const VOID_REFUSALS: ReadonlySet<string> = new Set<VoidRefusal["refused"]>([
  "forbidden",
  "void_window_closed",
  "insufficient_points",
  "idempotency_conflict",
]);

function pageQuery({ cursor, limit }: PageRequest): string {
  const query = new URLSearchParams();
  if (cursor) query.set("cursor", cursor);
  if (limit) query.set("limit", String(limit));
  return query.size ? `?${query}` : "";
}

/** Creates a merchant client bound to one request (its id travels as X-Request-Id). */
export function createMerchantClient(options: MerchantClientOptions): MerchantClient {
  const call = createMerchantCall(options);
  const id = encodeURIComponent;
  // Only the two refusals the contract names: every other 422 is a merchant off the contract,
  // not a key conflict the staff member could fix by retrying.
  const asRefusal = ({ error }: ErrorBody): WriteRefusal => {
    if (error.code !== "insufficient_points" && error.code !== "idempotency_conflict") throw invalidMerchantAnswer();
    return { refused: error.code, message: error.message };
  };

  return {
    getLinkSettings: async () =>
      valueOf(await call({ operation: "getLinkSettings", method: "GET", path: "/v1/link-settings", ok: LinkSettings })),
    authenticateMember: async (request) => {
      const result = await call({
        operation: "authenticateMember",
        method: "POST",
        path: "/v1/members/authenticate",
        body: request,
        ok: AuthenticateMemberResponse,
        expected: [401],
      });
      return result.ok ? result.value.memberId : null;
    },
    getLineLink: async (lineUserId) =>
      orNull(
        await call({
          operation: "getLineLink",
          method: "GET",
          path: `/v1/line-links/${id(lineUserId)}`,
          ok: LineLink,
          expected: [404],
        }),
      ),
    putLineLink: async (lineUserId, memberId) => {
      const result = await call({
        operation: "putLineLink",
        method: "PUT",
        path: `/v1/line-links/${id(lineUserId)}`,
        body: { memberId },
        ok: LineLink,
        expected: [404, 409],
      });
      if (result.ok) return result.value;
      return result.status === 409 ? { conflict: result.error.error.message } : null;
    },
    deleteLineLink: async (lineUserId) => {
      const result = await call({
        operation: "deleteLineLink",
        method: "DELETE",
        path: `/v1/line-links/${id(lineUserId)}`,
        expected: [404],
      });
      return result.ok;
    },
    listLineLinks: async ({ cursor, limit }) => {
      const query = new URLSearchParams();
      if (cursor) query.set("cursor", cursor);
      if (limit) query.set("limit", String(limit));
      return valueOf(
        await call({
          operation: "listLineLinks",
          method: "GET",
          path: `/v1/line-links${query.size ? `?${query}` : ""}`,
          ok: LineLinkPage,
        }),
      );
    },
    registerMember: async (request) => {
      const result = await call({
        operation: "registerMember",
        method: "POST",
        path: "/v1/members",
        body: request,
        ok: RegisteredMember,
        expected: [409],
      });
      if (result.ok) return result.value;
      const { code, message } = result.error.error;
      return code === "possible_duplicate" ? { possibleDuplicate: message } : { conflict: message };
    },
    requestOneTimeCode: async (memberNumber) => {
      valueOf(
        await call({
          operation: "requestOneTimeCode",
          method: "POST",
          path: "/v1/members/one-time-codes",
          body: { memberNumber },
        }),
      );
    },
    getStaffSettings: async () =>
      valueOf(await call({ operation: "getStaffSettings", method: "GET", path: "/v1/staff-settings", ok: StaffSettings })),
    consumeAccountLinkNonce: async (nonce) =>
      orNull(
        await call({
          operation: "consumeAccountLinkNonce",
          method: "POST",
          path: `/v1/account-link-nonces/${id(nonce)}/consume`,
          ok: ConsumedAccountLinkNonce,
          expected: [404],
        }),
      ),
    getMemberSummary: async (memberId) =>
      orNull(
        await call({
          operation: "getMemberSummary",
          method: "GET",
          path: `/v1/members/${id(memberId)}/summary`,
          ok: MemberSummary,
          expected: [404],
        }),
      ),
    getMemberByNumber: async (memberNumber) =>
      orNull(
        await call({
          operation: "getMemberByNumber",
          method: "GET",
          path: `/v1/members/by-number/${id(memberNumber)}/summary`,
          ok: MemberSummary,
          expected: [404],
        }),
      ),
    getMemberLineLink: async (memberId) =>
      orNull(
        await call({
          operation: "getMemberLineLink",
          method: "GET",
          path: `/v1/members/${id(memberId)}/line-link`,
          ok: LineLink,
          expected: [404],
        }),
      ),
    createPointTransaction: async (memberId, request, idempotencyKey) => {
      const result = await call({
        operation: "createPointTransaction",
        method: "POST",
        path: `/v1/members/${id(memberId)}/point-transactions`,
        headers: { "idempotency-key": idempotencyKey },
        body: request,
        ok: PointTransaction,
        expected: [404, 422],
      });
      if (result.ok) return result.value;
      return result.status === 404 ? null : asRefusal(result.error);
    },
    createCheckIn: async (memberId, request, idempotencyKey) => {
      const result = await call({
        operation: "createCheckIn",
        method: "POST",
        path: `/v1/members/${id(memberId)}/check-ins`,
        headers: { "idempotency-key": idempotencyKey },
        body: request,
        ok: CheckIn,
        expected: [404, 422],
      });
      if (result.ok) return result.value;
      return result.status === 404 ? null : asRefusal(result.error);
    },
    previewPointAward: async (memberId, request) => {
      const result = await call({
        operation: "previewPointAward",
        method: "POST",
        path: `/v1/members/${id(memberId)}/point-awards/preview`,
        body: request,
        ok: PointAwardPreview,
        expected: [404],
      });
      return result.ok ? result.value.points : null;
    },
    voidStaffAction: async (memberId, actionId, request, idempotencyKey) => {
      const result = await call({
        operation: "voidStaffAction",
        method: "POST",
        path: `/v1/members/${id(memberId)}/staff-actions/${id(actionId)}/void`,
        headers: { "idempotency-key": idempotencyKey },
        body: request,
        ok: StaffActionVoid,
        expected: [403, 404, 422],
      });
      if (result.ok) return result.value;
      if (result.status === 404) return null;
      const { code, message } = result.error.error;
      if (!VOID_REFUSALS.has(code)) throw invalidMerchantAnswer();
      return { refused: code as VoidRefusal["refused"], message };
    },
    getPoints: async (memberId) =>
      orNull(
        await call({
          operation: "getPoints",
          method: "GET",
          path: `/v1/members/${id(memberId)}/points`,
          ok: PointsBalance,
          expected: [404],
        }),
      ),
    listPointHistory: async (memberId, page) => {
      const result = await call({
        operation: "listPointHistory",
        method: "GET",
        path: `/v1/members/${id(memberId)}/point-history${pageQuery(page)}`,
        ok: PointHistoryPage,
        expected: [400, 404],
      });
      if (result.ok) return result.value;
      return result.status === 400 ? { invalidCursor: true } : null;
    },
    listOrders: async (memberId, page) => {
      const result = await call({
        operation: "listOrders",
        method: "GET",
        path: `/v1/members/${id(memberId)}/orders${pageQuery(page)}`,
        ok: OrderPage,
        expected: [400, 404],
      });
      if (result.ok) return result.value;
      return result.status === 400 ? { invalidCursor: true } : null;
    },
    getOrder: async (memberId, orderId) =>
      orNull(
        await call({
          operation: "getOrder",
          method: "GET",
          path: `/v1/members/${id(memberId)}/orders/${id(orderId)}`,
          ok: OrderDetail,
          expected: [404],
        }),
      ),
    previewReorder: async (memberId, orderId, items) =>
      orNull(
        await call({
          operation: "previewReorder",
          method: "POST",
          path: `/v1/members/${id(memberId)}/orders/${id(orderId)}/reorder-preview`,
          ...(items ? { body: { items } satisfies ReorderPreviewRequest } : {}),
          ok: ReorderPreview,
          expected: [404],
        }),
      ),
    createOrder: async (memberId, request, idempotencyKey) => {
      const result = await call({
        operation: "createOrder",
        method: "POST",
        path: `/v1/members/${id(memberId)}/orders`,
        headers: { "idempotency-key": idempotencyKey },
        body: request,
        ok: OrderDetail,
        expected: [404, 422],
      });
      if (result.ok) return result.value;
      if (result.status === 404) return null;
      const { code, message, unavailableItems } = result.error.error;
      if (!ORDER_REFUSALS.has(code)) throw invalidMerchantAnswer();
      return { refused: code as OrderRefusal["refused"], message, ...(unavailableItems ? { unavailableItems } : {}) };
    },
    listMemberCoupons: async (memberId) =>
      orNull(
        await call({
          operation: "listMemberCoupons",
          method: "GET",
          path: `/v1/members/${id(memberId)}/coupons`,
          ok: MemberCouponList,
          expected: [404],
        }),
      ),
    getMemberCoupon: async (memberId, couponId) =>
      orNull(
        await call({
          operation: "getMemberCoupon",
          method: "GET",
          path: `/v1/members/${id(memberId)}/coupons/${id(couponId)}`,
          ok: MemberCoupon,
          expected: [404],
        }),
      ),
    redeemCoupon: async (memberId, couponId, request, idempotencyKey) => {
      const result = await call({
        operation: "redeemCoupon",
        method: "POST",
        path: `/v1/members/${id(memberId)}/coupons/${id(couponId)}/redemptions`,
        headers: { "idempotency-key": idempotencyKey },
        body: request,
        ok: CouponRedemption,
        expected: [404, 409, 422],
      });
      if (result.ok) return result.value;
      if (result.status === 404) return null;
      const { code, message } = result.error.error;
      if (!COUPON_REFUSALS.has(code)) throw invalidMerchantAnswer();
      return { refused: code as CouponRefusal["refused"], message };
    },
    voidCouponRedemption: async (memberId, couponId, redemptionId) =>
      orNull(
        await call({
          operation: "voidCouponRedemption",
          method: "POST",
          path: `/v1/members/${id(memberId)}/coupons/${id(couponId)}/redemptions/${id(redemptionId)}/void`,
          ok: CouponRedemption,
          expected: [404],
        }),
      ),
    listCouponCatalogue: async () =>
      valueOf(await call({ operation: "listCouponCatalogue", method: "GET", path: "/v1/coupons", ok: CouponCatalogue })),
    listBirthdayCandidates: async (month, page) => {
      const query = new URLSearchParams({ month: String(month) });
      if (page.cursor) query.set("cursor", page.cursor);
      if (page.limit) query.set("limit", String(page.limit));
      return valueOf(
        await call({
          operation: "listBirthdayCandidates",
          method: "GET",
          path: `/v1/coupons/birthday-candidates?${query}`,
          ok: BirthdayCandidatePage,
        }),
      );
    },
    listPointsExpiryCandidates: async ({ from, through }, page) => {
      const query = new URLSearchParams({ from, through });
      if (page.cursor) query.set("cursor", page.cursor);
      if (page.limit) query.set("limit", String(page.limit));
      return valueOf(
        await call({
          operation: "listPointsExpiryCandidates",
          method: "GET",
          path: `/v1/points/expiry-candidates?${query}`,
          ok: PointsExpiryCandidatePage,
        }),
      );
    },
    grantCoupon: async (memberId, request, idempotencyKey) => {
      const result = await call({
        operation: "grantCoupon",
        method: "POST",
        path: `/v1/members/${id(memberId)}/coupons`,
        headers: { "idempotency-key": idempotencyKey },
        body: request,
        ok: MemberCoupon,
        expected: [404, 422],
      });
      if (result.ok) return result.value;
      if (result.status === 404) return null;
      throw invalidMerchantAnswer();
    },
    evaluateSegment: async (request) =>
      valueOf(
        await call({
          operation: "evaluateSegment",
          method: "POST",
          path: "/v1/segments/members",
          body: request,
          ok: SegmentMemberPage,
        }),
      ),
    getStaffByLineUser: async (lineUserId) =>
      orNull(
        await call({
          operation: "getStaffByLineUser",
          method: "GET",
          path: `/v1/staff/by-line-user/${id(lineUserId)}`,
          ok: StaffRecord,
          expected: [404],
        }),
      ),
  };
}
