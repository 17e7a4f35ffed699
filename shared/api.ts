import { z } from "zod";
import {
  AuthenticateMemberRequest,
  ChangeReservationRequest,
  CouponId,
  CouponRedemptionId,
  MemberCoupon,
  CreateReservationRequest,
  ReservableStore,
  Reservation,
  ReservationId,
  ReservationServiceList,
  ReservationSlot,
  ReservationSlotList,
  ReservationSlotsQuery,
  StoreId,
  CreateOrderRequest,
  IdempotencyKey,
  LinkSettings,
  MemberNumber,
  MemberProfileInput,
  MemberPageLimit,
  MemberSummary,
  OrderDetail,
  OrderId,
  OrderPage,
  PageCursor,
  PointHistoryPage,
  PointsBalance,
  RegisterMemberRequest,
  ReorderPreview,
  ReorderPreviewRequest,
  StaffRecord,
} from "./merchant-contract.ts";
import { ConsoleMessage } from "./console-message.ts";

// Schemas of the BFF's own API, the one the LIFF app calls through the typed client.

export const HealthResponse = z.object({ status: z.literal("ok"), time: z.iso.datetime() });
export type HealthResponse = z.infer<typeof HealthResponse>;

/**
 * Whether a LINE message about this action is on its way: "queued" (recorded for delivery; LINE
 * has not confirmed it yet, so the app says it will come, never that it came) or "none" (the
 * merchant switched this message off, or the customer blocked the account).
 */
export const LineNotice = z.enum(["queued", "none"]);
export type LineNotice = z.infer<typeof LineNotice>;

/**
 * Whether the chat's rich menu shows what the link status asks for: "pending" until LINE has
 * confirmed the switch, "applied" once it has, "failed" when the pipeline gave up (the menu is
 * repaired by the next follow or a resync).
 */
export const RichMenuState = z.enum(["pending", "applied", "failed"]);
export type RichMenuState = z.infer<typeof RichMenuState>;

/** GET /api/link/rich-menu: where the switch to the caller's menu stands. */
export const RichMenuStatusResponse = z.object({ menu: z.enum(["linked", "default"]), state: RichMenuState });
export type RichMenuStatusResponse = z.infer<typeof RichMenuStatusResponse>;

/** The link status as the app shows it: the member's summary when linked. */
export const LinkStatus = z.discriminatedUnion("status", [
  z.object({ status: z.literal("linked"), member: MemberSummary.omit({ memberId: true }) }),
  z.object({ status: z.literal("unlinked") }),
]);
export type LinkStatus = z.infer<typeof LinkStatus>;

/** What the signed-in LINE user is to this merchant. */
export const MeResponse = z.object({
  profile: z.object({
    // LINE MINI Apps may grant only `openid` at first, so both can be missing.
    displayName: z.string().nullable(),
    pictureUrl: z.string().nullable(),
  }),
  link: LinkStatus,
  staff: StaffRecord.omit({ staffId: true })
    .extend({ console: z.boolean().optional().describe("True for the merchant's admins: the console opens for them") })
    .nullable(),
});
export type MeResponse = z.infer<typeof MeResponse>;

/** A language the app and the LINE messages speak. */
export const Language = z.enum(["ja", "en"]);
export type Language = z.infer<typeof Language>;

/** PUT /api/me/language: the language the user sees the app in, for the LINE messages sent to them. */
export const LanguageRequest = z.object({ language: Language });
export type LanguageRequest = z.infer<typeof LanguageRequest>;

/** What the linking form needs to know: which second factor the merchant asks for. */
export const LinkSettingsResponse = LinkSettings;
export type LinkSettingsResponse = z.infer<typeof LinkSettingsResponse>;

// "ー" is what a Japanese keyboard in kana mode types for "-"; the others are look-alike dashes.
const DASHES = /[\u2010-\u2015\u2212\u30fc\uff0d\uff70]/g;

/** A member number as typed: full-width narrowed (NFKC), spaces dropped, look-alike dashes made "-". */
export function normalizeTypedMemberNumber(typed: string): string {
  return typed.normalize("NFKC").replace(/\s+/g, "").replace(DASHES, "-");
}

/** A member number typed by a person, normalised before it is checked (and counted). */
export const TypedMemberNumber = z.string().max(64).transform(normalizeTypedMemberNumber).pipe(MemberNumber);

/** POST /api/link: the member number and the second factor, as the merchant checks them. */
export const LinkRequest = AuthenticateMemberRequest.extend({ memberNumber: TypedMemberNumber });
export type LinkRequest = z.input<typeof LinkRequest>;

/** POST /api/link/one-time-code: ask the merchant to send the member a code for linking. */
export const OneTimeCodeRequest = z.object({ memberNumber: TypedMemberNumber });
export type OneTimeCodeRequest = z.input<typeof OneTimeCodeRequest>;

/** The link status after linking, unlinking or registering; the menu switch follows (GET /api/link/rich-menu). */
export const LinkResponse = z.object({ link: LinkStatus, richMenu: RichMenuState });
export type LinkResponse = z.infer<typeof LinkResponse>;

/** POST /api/members: a new membership for the signed-in LINE user, only the fields they chose to give. */
export const RegisterRequest = RegisterMemberRequest.omit({ lineUserId: true });
export type RegisterRequest = z.infer<typeof RegisterRequest>;
export { MemberProfileInput };

const MemberView = MemberSummary.omit({ memberId: true });

/** GET /api/card: what the member card screen shows, with a fresh single-use QR token. */
export const MemberCardResponse = z.object({
  member: MemberView,
  token: z.string(),
  tokenExpiresAt: z.iso.datetime(),
  code: z.string().regex(/^\d{6}$/),
  codeExpiresAt: z.iso.datetime(),
  /** Fetch a new card this many seconds after this one arrived, before the token dies. */
  refreshAfterSeconds: z.number().int().positive(),
  /** The device named in the query (absent when none was): only "active" may go on signing. */
  device: z.enum(["active", "revoked", "unknown"]).optional(),
  /** The BFF's clock, so a phone whose clock is off can correct the windows it signs for. */
  serverTime: z.iso.datetime().optional(),
  /** "snapshot" when the merchant could not be reached and the member is shown as last known. */
  source: z.enum(["merchant", "snapshot"]).optional(),
  /** With source "snapshot": when the member details were last read from the merchant. */
  memberAsOf: z.iso.datetime().optional(),
});
export type MemberCardResponse = z.infer<typeof MemberCardResponse>;

// Device-bound card keys (README "Member card"): the phone signs its own codes with a key the
// BFF registered, so the card needs no request to show a code.

/** A card device id, handed out by the BFF when a phone registers its key. */
export const CardDeviceId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, "a device id from POST /api/card/devices");

/** GET /api/card?device=…: the phone's device, if it has one, is marked as seen and its status answered. */
export const MemberCardQuery = z.object({ device: CardDeviceId.optional() });

/** POST /api/card/devices: the public half of a key pair the phone made (ECDSA P-256, JWK coordinates). */
export const RegisterCardDeviceRequest = z.object({
  publicKey: z.object({
    kty: z.literal("EC"),
    crv: z.literal("P-256"),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    y: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  }),
  /** How the member will recognise this phone in the device list ("iPhone", "Android"). */
  label: z.string().trim().min(1).max(40),
});
export type RegisterCardDeviceRequest = z.infer<typeof RegisterCardDeviceRequest>;

export const RegisterCardDeviceResponse = z.object({
  deviceId: CardDeviceId,
  /** The typed code's HMAC secret (base64url, 32 bytes): the only time it is ever sent. */
  codeSecret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  serverTime: z.iso.datetime(),
});
export type RegisterCardDeviceResponse = z.infer<typeof RegisterCardDeviceResponse>;

export const CardDevice = z.object({
  deviceId: CardDeviceId,
  label: z.string(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
});
export type CardDevice = z.infer<typeof CardDevice>;

/** GET /api/card/devices: the phones that can show this member's card. */
export const CardDevicesResponse = z.object({ devices: z.array(CardDevice) });
export type CardDevicesResponse = z.infer<typeof CardDevicesResponse>;

export const CardActivity = z.object({
  kind: z.enum(["check_in", "award", "redeem"]),
  storeName: z.string().nullable(),
  points: z.number().int().nullable(),
  balance: z.number().int().nullable(),
  occurredAt: z.iso.datetime(),
});
export type CardActivity = z.infer<typeof CardActivity>;

/** An opaque position in a member's card activity, handed out by the BFF (never the phone's clock). */
export const CardActivityCursor = z.string().regex(/^\d{1,15}\.\d{1,15}$/, "a cursor from a previous answer");

/**
 * GET /api/card/activity?cursor=…: what staff did with the card after the cursor, oldest first,
 * a page at a time, and the cursor to ask with next. Without a cursor: nothing yet, and a
 * cursor for "from now on" by the server's clock.
 */
export const CardActivityResponse = z.object({ activities: z.array(CardActivity), cursor: CardActivityCursor });
export type CardActivityResponse = z.infer<typeof CardActivityResponse>;
export const CardActivityQuery = z.object({ cursor: CardActivityCursor.optional() });

/** GET /api/staff/me */
export const StaffMeResponse = StaffRecord.omit({ staffId: true, roles: true }).extend({
  /** True for the merchant's admins (the "admin" role): the console opens for them. */
  console: z.boolean().optional(),
});
export type StaffMeResponse = z.infer<typeof StaffMeResponse>;

/** POST /api/staff/scans: the scanned QR text, or the member number and the code typed in. */
export const ScanRequest = z.union([
  z.object({ token: z.string().trim().min(1).max(512) }),
  z.object({ memberNumber: TypedMemberNumber, code: z.string().regex(/^\d{6}$/, "6 digits") }),
]);
export type ScanRequest = z.infer<typeof ScanRequest>;

export const ScanResponse = z.object({
  scanId: z.string(),
  member: MemberView,
  /** Actions on this scan are accepted until then. */
  actUntil: z.iso.datetime(),
  /** "snapshot" when the merchant could not be reached and the member is shown as last known. */
  source: z.enum(["merchant", "snapshot"]).optional(),
  /** With source "snapshot": when the member summary was last read from the merchant. */
  memberAsOf: z.iso.datetime().optional(),
});
export type ScanResponse = z.infer<typeof ScanResponse>;

export const CheckInActionRequest = z.object({ storeId: z.string().min(1).max(64) });
export const PointsActionRequest = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("award"),
    purchaseAmountYen: z.number().int().min(1).max(10_000_000),
    storeId: z.string().min(1).max(64),
  }),
  z.object({ kind: z.literal("redeem"), points: z.number().int().min(1).max(1_000_000), storeId: z.string().min(1).max(64) }),
]);
export type PointsActionRequest = z.infer<typeof PointsActionRequest>;
/** Writes that a retry could repeat carry this header; the same key never acts twice. */
export const IdempotencyHeaders = z.object({ "idempotency-key": IdempotencyKey });
/** Linking's writes: keyed by this app, but app builds from before the keys may still send none. */
export const OptionalIdempotencyHeaders = z.object({ "idempotency-key": IdempotencyKey.optional() });

export const StaffActionResponse = z.object({
  action: z.object({
    kind: z.enum(["check_in", "award", "redeem"]),
    points: z.number().int().nullable(),
    balance: z.number().int().nullable(),
    storeId: z.string(),
    occurredAt: z.iso.datetime(),
    /** The BFF's id for the action: what POST /api/staff/actions/:actionId/void takes. */
    actionId: z.string().optional(),
    /** The purchase an award was for. */
    purchaseAmountYen: z.number().int().nullable().optional(),
    /** The action may be voided until then (the end of the scan's window). */
    voidableUntil: z.iso.datetime().optional(),
  }),
  member: MemberView,
  lineNotice: LineNotice.default("none"),
  /**
   * "later" (status 202): the merchant could not be reached, and the BFF accepted the check-in or
   * award to apply it once the merchant is back, under the same idempotency key. Then `points` and
   * `balance` are null (not known yet), `occurredAt` is when it was accepted, there is no
   * `actionId` (nothing to void yet), `member` is as last known, and `lineNotice` is "none" (the
   * customer's message goes out when it is applied). Absent: applied now.
   */
  applied: z.enum(["now", "later"]).optional(),
});
export type StaffActionResponse = z.infer<typeof StaffActionResponse>;

/** GET /api/staff/scans/:scanId/award-preview?purchaseAmountYen=…&storeId=…: what an award would give. */
export const AwardPreviewQuery = z.object({
  purchaseAmountYen: z.coerce.number().int().min(1).max(10_000_000),
  storeId: z.string().min(1).max(64),
});
/** `points` is null when the merchant cannot tell: staff then confirm the amount alone. */
export const AwardPreviewResponse = z.object({ points: z.number().int().nonnegative().nullable() });
export type AwardPreviewResponse = z.infer<typeof AwardPreviewResponse>;

export const StaffActionParams = z.object({ actionId: z.uuid() });

/** GET /api/staff/actions?storeId=…: this staff member's actions at the store today (Japan time). */
export const TodaysActionsQuery = z.object({ storeId: z.string().min(1).max(64) });

export const RegisterActionView = z.object({
  actionId: z.string(),
  kind: z.enum(["check_in", "award", "redeem"]),
  /** The number on the member's card: what staff and customers say, never an internal id. */
  memberNumber: z.string(),
  /** What the action did to the balance (an award's points, minus a redemption's); null for a check-in. */
  points: z.number().int().nullable(),
  purchaseAmountYen: z.number().int().nullable(),
  occurredAt: z.iso.datetime(),
  voided: z.object({ at: z.iso.datetime(), points: z.number().int(), balance: z.number().int() }).nullable(),
  /** Until when it may still be voided; null once voided or past the scan's window. */
  voidableUntil: z.iso.datetime().nullable(),
});
export type RegisterActionView = z.infer<typeof RegisterActionView>;

/** Newest first; at most 200. */
export const TodaysActionsResponse = z.object({ actions: z.array(RegisterActionView) });
export type TodaysActionsResponse = z.infer<typeof TodaysActionsResponse>;

/**
 * POST /api/staff/actions/:actionId/void (Idempotency-Key): undoes a mistaken action while its
 * scan's window is open. Voiding again answers the first void; the points move once.
 */
export const VoidActionResponse = z.object({ action: RegisterActionView, lineNotice: LineNotice.default("none") });
export type VoidActionResponse = z.infer<typeof VoidActionResponse>;

/** `?cursor=…&limit=…` of the paged lists (points history, orders); the cursor is the last page's `nextCursor`. */
export const PageQuery = z.object({
  cursor: PageCursor.optional(),
  limit: MemberPageLimit.pipe(z.number().max(50)).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** GET /api/points: the balance (store and online points together) and what expires within 60 days. */
export const PointsResponse = PointsBalance;
export type PointsResponse = z.infer<typeof PointsResponse>;

/** GET /api/points/history: one page of the ledger, newest first. */
export const PointHistoryResponse = PointHistoryPage;
export type PointHistoryResponse = z.infer<typeof PointHistoryResponse>;

/** GET /api/orders: one page of the member's orders, newest first. */
export const OrdersResponse = OrderPage;
export type OrdersResponse = z.infer<typeof OrdersResponse>;

export const OrderParams = z.object({ orderId: OrderId });

/** GET /api/orders/:orderId, and the answer to POST /api/orders. */
export const OrderDetailResponse = OrderDetail.omit({ memberId: true });
export type OrderDetailResponse = z.infer<typeof OrderDetailResponse>;

/** POST /api/orders: the order placed, and whether a LINE confirmation is on its way. */
export const PlacedOrderResponse = OrderDetailResponse.extend({ lineNotice: LineNotice.default("none") });
export type PlacedOrderResponse = z.infer<typeof PlacedOrderResponse>;

/** GET /api/orders/:orderId/reorder-preview: the order as it would be ordered now. */
export const ReorderPreviewResponse = ReorderPreview.omit({ memberId: true });
export type ReorderPreviewResponse = z.infer<typeof ReorderPreviewResponse>;

type ReorderItems = NonNullable<ReorderPreviewRequest["items"]>;

const ReorderItemsList = ReorderPreviewRequest.shape.items.unwrap();

/** The items of a valid `items` query (see ReorderPreviewQuery). */
export function readReorderItemsQuery(text: string): ReorderItems {
  return text.split(",").map((pair) => {
    const [productId = "", quantity = ""] = pair.split(":");
    return { productId, quantity: Number(quantity) };
  });
}

/**
 * GET /api/orders/:orderId/reorder-preview?items=prd_011:2,prd_012:1: the preview (charges and
 * amount to pay included) for the quantities the customer chose; without `items`, for the order
 * as it was. The query stays a string here so the typed client sends one.
 */
export const ReorderPreviewQuery = z.object({
  items: z
    .string()
    .max(4000)
    .regex(/^[A-Za-z0-9_-]{1,64}:[0-9]{1,2}(,[A-Za-z0-9_-]{1,64}:[0-9]{1,2})*$/, "productId:quantity, comma separated")
    .refine(
      (text) => ReorderItemsList.safeParse(readReorderItemsQuery(text)).success,
      "each product at most once, at most 50, quantities 1 to 99",
    )
    .optional(),
});

/**
 * POST /api/orders (with an Idempotency-Key header, a new one per confirmation sheet): the
 * items as confirmed, with `sourceOrderId` for a reorder, and `expectedTotalYen` and
 * `expectedPayableYen` (the preview's amount to pay, when it gave one) as shown.
 */
export const PlaceOrderRequest = CreateOrderRequest;
export type PlaceOrderRequest = z.infer<typeof PlaceOrderRequest>;

// ── Reservations ──────────────────────────────────────────────────────────────────────────

/** GET /api/reservations/stores?lat=…&lng=…: with a position, nearest first and with distances. */
export const StoresQuery = z
  .object({
    lat: z.coerce.number().min(-90).max(90).optional(),
    lng: z.coerce.number().min(-180).max(180).optional(),
  })
  .refine((query) => (query.lat === undefined) === (query.lng === undefined), "lat and lng come together");

export const ReservationStoreView = ReservableStore.omit({ location: true }).extend({
  distanceKm: z.number().nonnegative().nullable(),
});
export const StoresResponse = z.object({ stores: z.array(ReservationStoreView) });
export type StoresResponse = z.infer<typeof StoresResponse>;

export const StoreParams = z.object({ storeId: StoreId });

/** GET /api/reservations/stores/:storeId/services */
export const ServicesResponse = ReservationServiceList;
export type ServicesResponse = z.infer<typeof ServicesResponse>;

/**
 * GET /api/reservations/stores/:storeId/slots?serviceId=…&date=YYYY-MM-DD (a Japan date). Each
 * slot says until when a booking of it could be changed or cancelled (the merchant's
 * cancellation window): a slot whose `changeableUntil` has passed is booked for good.
 */
export const SlotsQuery = ReservationSlotsQuery;
export const SlotsResponse = ReservationSlotList.extend({
  slots: z.array(ReservationSlot.extend({ changeableUntil: z.iso.datetime({ offset: true }) })),
});
export type SlotsResponse = z.infer<typeof SlotsResponse>;

export const ReservationView = Reservation.omit({ memberId: true });
export type ReservationView = z.infer<typeof ReservationView>;

/** What booking, changing or cancelling answers: the reservation, and whether LINE will tell the customer too. */
export const ReservationWriteResponse = ReservationView.extend({ lineNotice: LineNotice.default("none") });
export type ReservationWriteResponse = z.infer<typeof ReservationWriteResponse>;

/**
 * GET /api/reservations: upcoming, the confirmed ones still to come (earliest first), and past,
 * those that started or were cancelled (latest first).
 */
export const MyReservationsResponse = z.object({ upcoming: z.array(ReservationView), past: z.array(ReservationView) });
export type MyReservationsResponse = z.infer<typeof MyReservationsResponse>;

export const ReservationParams = z.object({ reservationId: ReservationId });

/** POST /api/reservations (Idempotency-Key: one per confirmation sheet). 409 slot_full when the seats are gone. */
export const BookReservationRequest = CreateReservationRequest;
export type BookReservationRequest = z.infer<typeof BookReservationRequest>;

/** PATCH /api/reservations/:reservationId (Idempotency-Key): another slot of the same service. */
export const ChangeTimeRequest = ChangeReservationRequest;
export type ChangeTimeRequest = z.infer<typeof ChangeTimeRequest>;

// ── Coupons ───────────────────────────────────────────────────────────────────────────────

/** One of the member's coupons, as the merchant holds it (available, used or expired). */
export const CouponView = MemberCoupon;
export type CouponView = z.infer<typeof CouponView>;

/** GET /api/coupons: the linked member's coupons, newest grant first; the app groups them. */
export const CouponsResponse = z.object({ coupons: z.array(CouponView) });
export type CouponsResponse = z.infer<typeof CouponsResponse>;

/** GET /api/coupons/:couponId (404 not_found for a coupon that is not the caller's). */
export const CouponParams = z.object({ couponId: CouponId });

/** GET /api/staff/coupons/scans/:scanId?storeId=…: the scanned member's coupons usable at this store. */
export const StaffCouponsQuery = z.object({ storeId: StoreId });
export const StaffCouponsResponse = z.object({ coupons: z.array(CouponView), actUntil: z.iso.datetime() });
export type StaffCouponsResponse = z.infer<typeof StaffCouponsResponse>;

/** POST /api/staff/coupons/scans/:scanId/redemptions (Idempotency-Key: one per confirmation). */
export const StaffRedeemCouponRequest = z.object({ couponId: CouponId, storeId: StoreId });
export type StaffRedeemCouponRequest = z.infer<typeof StaffRedeemCouponRequest>;

/** A use of a coupon at the register, and until when staff may void it (the scan's window). */
export const StaffCouponRedemptionResponse = z.object({
  redemptionId: CouponRedemptionId,
  redeemedAt: z.iso.datetime({ offset: true }),
  voidedAt: z.iso.datetime({ offset: true }).nullable(),
  voidUntil: z.iso.datetime(),
  coupon: CouponView,
});
export type StaffCouponRedemptionResponse = z.infer<typeof StaffCouponRedemptionResponse>;

/** POST /api/staff/coupons/scans/:scanId/redemptions/:redemptionId/void: within the scan's window, for a use made on it. */
export const StaffVoidCouponRequest = z.object({ storeId: StoreId });
export const StaffCouponRedemptionParams = z.object({ scanId: z.string().min(1).max(64), redemptionId: CouponRedemptionId });
export const StaffCouponScanParams = z.object({ scanId: z.string().min(1).max(64) });

/** GET /api/console/me: the admin signed in to the console. */
export const ConsoleMeResponse = z.object({ name: z.string() });
export type ConsoleMeResponse = z.infer<typeof ConsoleMeResponse>;

/** GET /api/console/audit: who did what in the console, newest first. */
export const ConsoleAuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  before: z.coerce.number().int().min(1).optional(),
});
export const ConsoleAuditResponse = z.object({
  entries: z.array(
    z.object({
      auditId: z.number(),
      staffName: z.string(),
      action: z.string(),
      target: z.string().nullable(),
      detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
      occurredAt: z.string(),
    }),
  ),
  nextBefore: z.number().nullable(),
});
export type ConsoleAuditResponse = z.infer<typeof ConsoleAuditResponse>;

// ── Console: campaigns (/api/console/campaigns) ─────────────────────────────────────────────

export const CampaignId = z.string().regex(/^cmp_[a-f0-9]{20}$/, "A campaign id");
export const CampaignParams = z.object({ id: CampaignId });
export const CampaignState = z.enum(["draft", "scheduled", "sending", "sent", "cancelled"]);
export type CampaignState = z.infer<typeof CampaignState>;

/** POST /api/console/campaigns and PUT /api/console/campaigns/:id (a draft). */
export const CampaignDraftRequest = z.object({
  name: z.string().trim().min(1, "Required").max(80),
  message: ConsoleMessage,
  /** A saved segment; null: every linked member. */
  segmentId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .nullable(),
});
export type CampaignDraftRequest = z.infer<typeof CampaignDraftRequest>;

/** POST /api/console/campaigns/:id/schedule: an instant (ISO 8601 with offset; the console sends Japan time, +09:00). */
export const CampaignScheduleRequest = z.object({ at: z.iso.datetime({ offset: true }) });

/** The headline numbers of a campaign (GET /:id/results, the list, the CSV). */
export const CampaignResults = z.object({
  /** Members taken from the audience. */
  recipients: z.number(),
  /** Handed to the delivery pipeline (recipients minus skipped). */
  sent: z.number(),
  /** LINE accepted the message for them. */
  delivered: z.number(),
  /** On their way: LINE has not answered yet. */
  pending: z.number(),
  /** LINE refused, gave up, or cancelled (blocked since, the campaign stopped). */
  failed: z.number(),
  /** Not sent: blocked the account, not linked, or their coupon could not be granted. */
  skipped: z.number(),
  clicks: z.number(),
  /** Distinct recipients (personal links) or browsers (a visitor cookie) that clicked. */
  uniqueClicks: z.number(),
  /** Orders placed in the app by recipients within 7 days of the send. */
  orders: z.number(),
  /** Recipients who placed at least one of those orders. */
  buyers: z.number(),
  /** Recipients who blocked the account within 7 days of the send. */
  blocks: z.number(),
  /** When the 7-day window ends (ISO); null before sending. */
  windowEndsAt: z.string().nullable(),
  /** True once the window closed and nothing was pending: the numbers no longer change. */
  final: z.boolean(),
});
export type CampaignResults = z.infer<typeof CampaignResults>;

export const CampaignSummary = z.object({
  campaignId: CampaignId,
  name: z.string(),
  message: ConsoleMessage,
  segmentId: z.string().nullable(),
  state: CampaignState,
  scheduledAt: z.string().nullable(),
  sendStartedAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  updatedAt: z.string(),
  updatedByName: z.string(),
  /** Why the last run stopped early (the merchant did not answer, say); null when fine. */
  lastError: z.string().nullable(),
  results: CampaignResults.nullable(),
});
export type CampaignSummary = z.infer<typeof CampaignSummary>;

export const CampaignListResponse = z.object({ campaigns: z.array(CampaignSummary) });
export type CampaignListResponse = z.infer<typeof CampaignListResponse>;

/** GET /api/console/campaigns/:id/estimate: what sending would use. */
export const CampaignEstimate = z.object({
  /** Members the audience has now. */
  recipients: z.number(),
  /** Messages it will use: one per recipient (multicast counts per recipient too). */
  messages: z.number(),
  delivery: z.enum(["multicast", "push"]),
  /** The month's limit; null when the plan has none. */
  quotaLimit: z.number().nullable(),
  /** What the month has left, minus messages already on their way; null without a limit. */
  quotaRemaining: z.number().nullable(),
  fits: z.boolean(),
});
export type CampaignEstimate = z.infer<typeof CampaignEstimate>;

/** POST /:id/test, /:id/send, /:id/schedule, /:id/cancel. */
export const CampaignActionResponse = z.object({
  campaign: CampaignSummary,
  /** For a test: "queued" (on its way; LINE has not accepted it yet) or "blocked" (you blocked the account). */
  test: z.enum(["queued", "blocked", "off"]).optional(),
  estimate: CampaignEstimate.optional(),
});
export type CampaignActionResponse = z.infer<typeof CampaignActionResponse>;

/** The audiences a campaign can go to: every linked member, plus saved segments when there are any. */
export const CampaignAudienceResponse = z.object({
  audiences: z.array(z.object({ segmentId: z.string().nullable(), name: z.string() })),
});
export type CampaignAudienceResponse = z.infer<typeof CampaignAudienceResponse>;

// ---- Console: dashboard and rich menus (issue 14) ----

/** GET /api/console/dashboard?days=30|90: the daily series cover the last `days` Japan days, today included. */
export const ConsoleDashboardQuery = z.object({
  days: z.enum(["30", "90"]).transform(Number).optional(),
});

export const LinkRoute = z.enum(["app", "register", "account_link"]);
export type LinkRoute = z.infer<typeof LinkRoute>;

/** One Japan day of the link rate: from the cron's snapshot, estimated from events, or live (today). */
export const DashboardDay = z.object({
  day: z.iso.date(),
  friends: z.number().int(),
  linked: z.number().int(),
  /** linked / friends; null without friends. */
  linkRate: z.number().nullable(),
  source: z.enum(["snapshot", "events", "live"]),
});
export type DashboardDay = z.infer<typeof DashboardDay>;

export const LinksByRoute = z.object({ app: z.number().int(), register: z.number().int(), account_link: z.number().int() });
export type LinksByRoute = z.infer<typeof LinksByRoute>;

export const ConsoleDashboardResponse = z.object({
  /** When the numbers were read. */
  asOf: z.iso.datetime(),
  days: z.number().int(),
  /** Friends now: LINE users the BFF saw follow (or unblock) and not block since. */
  friends: z.number().int(),
  blocked: z.number().int(),
  /** Members linked through the BFF (app, registration, chat account link) since the console's foundation. */
  linked: z.number().int(),
  linkRate: z.number().nullable(),
  /**
   * Every member linked at the merchant, whatever the route, as the cron last counted it
   * (listLineLinks, once per Japan day); null before the first complete count.
   */
  merchantLinked: z.object({ count: z.number().int(), countedAt: z.iso.datetime() }).nullable(),
  series: z.array(DashboardDay),
  newLinks: z.object({
    days: z.array(LinksByRoute.extend({ day: z.iso.date() })),
    total: LinksByRoute,
  }),
  messages: z.object({
    /** The Japan month, "2026-12". */
    month: z.string(),
    byKind: z.array(z.object({ kind: z.string(), sent: z.number().int() })),
    total: z.number().int(),
    /** LINE's reading as the cron last took it; null before the first reading. limit null: no limit. */
    quota: z.object({ limit: z.number().int().nullable(), used: z.number().int(), readAt: z.iso.datetime() }).nullable(),
  }),
  /** Orders and reservations placed through the app this Japan month (counted since migration 0019). */
  app: z.object({ month: z.string(), orders: z.number().int(), reservations: z.number().int() }),
});
export type ConsoleDashboardResponse = z.infer<typeof ConsoleDashboardResponse>;

/** What a rich menu area does when tapped, as the console shows it. */
export const RichMenuAreaView = z.object({
  index: z.number().int(),
  label: z.string(),
  sublabel: z.string().nullable(),
  action: z.enum(["app", "uri", "postback", "message", "tab"]),
  /** The app path, the URL, the postback data, the message text or the menu switched to. */
  target: z.string(),
  /** Taps counted through the tracked link (`<menu>:<area>`); null when this area's taps are not measured. */
  taps: z.number().int().nullable(),
});

export const RichMenuView = z.object({
  key: z.string(),
  /** The name the menu has on LINE: `<config>:<key>:<hash>`. */
  name: z.string(),
  /** unlinked: friends before linking (the account's default); linked: members; tab: another tab of the members' menu. */
  audience: z.enum(["unlinked", "linked", "tab"]),
  chatBarText: z.string(),
  layout: z.string(),
  size: z.object({ width: z.number().int(), height: z.number().int() }),
  areas: z.array(RichMenuAreaView),
  missingGlyphs: z.array(z.string()),
});

export const RichMenuPlanAction = z.object({
  kind: z.enum([
    "create-menu",
    "upload-image",
    "keep-menu",
    "create-alias",
    "update-alias",
    "set-default",
    "delete-alias",
    "delete-menu",
    "stale-menu",
  ]),
  /** The line `npm run richmenu plan` prints for it. */
  description: z.string(),
});

/** GET /api/console/rich-menus */
export const ConsoleRichMenusResponse = z.object({
  configName: z.string(),
  /** When `npm run richmenu -- export` rendered the menus the console shows and applies. */
  exportedAt: z.iso.datetime(),
  /** Why the export cannot be applied from here (another LIFF id, a changed config); null when it can. */
  stale: z.enum(["config_changed", "liff_id_differs"]).nullable(),
  /** Whether the exported menus' app links go through tracked links (taps counted). */
  tracked: z.boolean(),
  menus: z.array(RichMenuView),
  /** The channel compared with the export; null when LINE could not be read. */
  plan: z
    .object({
      actions: z.array(RichMenuPlanAction),
      changes: z.number().int(),
      refusals: z.array(z.string()),
    })
    .nullable(),
});
export type ConsoleRichMenusResponse = z.infer<typeof ConsoleRichMenusResponse>;

/** POST /api/console/rich-menus/apply: `deleteStale` as the CLI's --delete-stale. */
export const ConsoleRichMenuApplyRequest = z.object({ deleteStale: z.boolean().default(false) });
export const ConsoleRichMenuApplyResponse = z.object({ done: z.array(RichMenuPlanAction), changes: z.number().int() });
export type ConsoleRichMenuApplyResponse = z.infer<typeof ConsoleRichMenuApplyResponse>;
