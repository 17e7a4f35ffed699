import { z } from "zod";
import { ErrorBody, type ErrorCode } from "./errors.ts";

// The HTTP contract a merchant implements so the BFF can serve them. Every request carries
// `Authorization: Bearer <merchant API key>`; every error answer is an ErrorBody.

export const LineUserId = z
  .string()
  .regex(/^U[0-9a-f]{32}$/, "a LINE user id is U followed by 32 hex digits")
  .meta({ id: "LineUserId" });
export const MemberId = z.string().min(1).max(64).meta({ id: "MemberId" });
export const MemberNumber = z
  .string()
  .regex(/^[0-9A-Za-z-]{1,32}$/, "letters, digits and hyphens, at most 32")
  .meta({ id: "MemberNumber", description: "The number printed on the member's card" });
export const IsoDateTime = z.iso.datetime({ offset: true });
export const IsoDate = z.iso.date();

export const LinkSettings = z
  .object({
    secondFactor: z
      .enum(["pin", "birthDate", "otp"])
      .describe(
        "What a member enters besides the member number to prove who they are. otp: a one-time code the " +
          "merchant sends to the member's registered email or phone (requestOneTimeCode)",
      ),
  })
  .meta({ id: "LinkSettings" });
export type LinkSettings = z.infer<typeof LinkSettings>;

export const SecondFactor = z.discriminatedUnion("type", [
  z.object({ type: z.literal("pin"), value: z.string().regex(/^\d{4,8}$/, "4 to 8 digits") }),
  z.object({ type: z.literal("birthDate"), value: IsoDate }),
  z.object({ type: z.literal("otp"), value: z.string().regex(/^\d{6}$/, "6 digits") }),
]);

export const AuthenticateMemberRequest = z
  .object({ memberNumber: MemberNumber, secondFactor: SecondFactor })
  .meta({ id: "AuthenticateMemberRequest" });
export type AuthenticateMemberRequest = z.infer<typeof AuthenticateMemberRequest>;

export const OneTimeCodeRequest = z.object({ memberNumber: MemberNumber }).meta({ id: "OneTimeCodeRequest" });
export type OneTimeCodeRequest = z.infer<typeof OneTimeCodeRequest>;

export const AuthenticateMemberResponse = z.object({ memberId: MemberId }).meta({ id: "AuthenticateMemberResponse" });

export const LineLink = z.object({ lineUserId: LineUserId, memberId: MemberId, linkedAt: IsoDateTime }).meta({ id: "LineLink" });
export type LineLink = z.infer<typeof LineLink>;

export const PutLineLinkRequest = z.object({ memberId: MemberId }).meta({ id: "PutLineLinkRequest" });

export const Rank = z
  .object({
    code: z.string().min(1).max(32),
    name: z.string().min(1).max(64).describe("Display name, in the merchant's language"),
    benefits: z
      .array(z.string().min(1).max(40))
      .max(8)
      .optional()
      .describe(
        "What the rank gives, as the shop words it (「ポイント2倍」「誕生月クーポン」), the headline first; shown as is " +
          "under the rank on the app's home. Optional: absent or empty shows nothing",
      ),
  })
  .meta({ id: "Rank" });

export const RankProgress = z
  .object({
    nextRank: Rank.describe("The rank the member reaches next"),
    remainingYen: z
      .number()
      .int()
      .nonnegative()
      .describe("Spend still needed for nextRank; 0 once reached (the rank changes at the merchant's next review)"),
    spentYen: z.number().int().nonnegative().describe("Qualifying spend so far in the current period"),
    thresholdYen: z.number().int().positive().describe("Qualifying spend nextRank needs"),
    periodEndsOn: IsoDate.nullable()
      .optional()
      .describe("The last Japan date of the period the spend counts in; null or absent for a rolling period"),
  })
  .meta({ id: "RankProgress" });
export type RankProgress = z.infer<typeof RankProgress>;

export const MemberSummary = z
  .object({
    memberId: MemberId,
    memberNumber: MemberNumber,
    name: z.string().min(1).max(128),
    rank: Rank,
    points: z.object({ balance: z.number().int().nonnegative() }),
    rankProgress: RankProgress.nullable()
      .optional()
      .describe(
        "How far the member is from the next rank, for the app's home screen. Null at the top rank or when the " +
          "merchant does not rank by spend; absent from merchants that predate it (the app then shows nothing)",
      ),
  })
  .meta({ id: "MemberSummary" });
export type MemberSummary = z.infer<typeof MemberSummary>;

export const Store = z.object({ storeId: z.string().min(1).max(64), name: z.string().min(1).max(128) }).meta({ id: "Store" });
export type Store = z.infer<typeof Store>;

export const StaffRecord = z
  .object({
    staffId: z.string().min(1).max(64),
    name: z.string().min(1).max(128),
    stores: z.array(Store).describe("Stores this staff member may act for"),
    roles: z
      .array(z.string().min(1).max(32))
      .max(16)
      .optional()
      .describe(
        'What this staff member may do beyond the register. "admin" opens the merchant console (/console); other values are ignored by the BFF. Absent means none.',
      ),
  })
  .meta({ id: "StaffRecord" });
export type StaffRecord = z.infer<typeof StaffRecord>;

export const MemberProfileInput = z
  .object({
    name: z.string().trim().min(1).max(64).describe("Full name as the member wants it on their card"),
    nameKana: z
      .string()
      .trim()
      .regex(/^[ァ-ヶー　 ]+$/, "katakana only")
      .max(64)
      .optional(),
    birthDate: IsoDate.optional(),
    email: z.email().max(254).optional(),
    phone: z
      .string()
      .regex(/^0\d{9,10}$/, "a Japanese phone number, digits only")
      .optional(),
  })
  .meta({ id: "MemberProfileInput" });
export type MemberProfileInput = z.infer<typeof MemberProfileInput>;

export const RegisterMemberRequest = z
  .object({
    lineUserId: LineUserId,
    profile: MemberProfileInput,
    consents: z.object({
      terms: z.literal(true).describe("The member accepted the merchant's terms"),
      marketingMessages: z.boolean().describe("The member agreed to receive offers in LINE"),
    }),
    confirmNotDuplicate: z
      .boolean()
      .optional()
      .describe("True once the customer said they are not the existing member with the same name and birth date"),
  })
  .meta({ id: "RegisterMemberRequest" });
export type RegisterMemberRequest = z.infer<typeof RegisterMemberRequest>;

export const RegisteredMember = z
  .object({ memberId: MemberId, memberNumber: MemberNumber, linkedAt: IsoDateTime })
  .meta({ id: "RegisteredMember" });

/** Caps on what one staff member may do with one scan of a member card; the BFF enforces them. */
export const StaffSettings = z
  .object({
    points: z.object({
      maxPurchaseYenPerAward: z.number().int().positive().describe("The largest purchase one award may be for"),
      maxPurchaseYenPerScan: z.number().int().positive().describe("All awards on one scan together"),
      maxRedeemPointsPerAction: z.number().int().positive(),
      maxRedeemPointsPerScan: z.number().int().positive().describe("All redemptions on one scan together"),
    }),
  })
  .meta({ id: "StaffSettings" });
export type StaffSettings = z.infer<typeof StaffSettings>;

export const LineLinkPage = z
  .object({
    links: z.array(LineLink),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
  })
  .meta({ id: "LineLinkPage" });
export type LineLinkPage = z.infer<typeof LineLinkPage>;

export const AccountLinkNonce = z
  .string()
  .regex(/^[A-Za-z0-9_-]{10,255}$/, "10 to 255 URL-safe characters")
  .meta({ id: "AccountLinkNonce" });

/** How long an account-link nonce is good for after the login page made it. */
export const ACCOUNT_LINK_NONCE_LIFETIME_MINUTES = 10;

export const ConsumedAccountLinkNonce = z.object({ memberId: MemberId }).meta({ id: "ConsumedAccountLinkNonce" });

export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,128}$/, "16 to 128 URL-safe characters, e.g. a UUID")
  .meta({
    id: "IdempotencyKey",
    description: "Same key and same body: the first answer again, nothing done twice. Same key, other body: 422.",
  });

export const PointTransactionRequest = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("award"),
      purchaseAmountYen: z.number().int().min(1).max(10_000_000).describe("Points follow the member's rank rate"),
      storeId: z.string().min(1).max(64),
      staffId: z.string().min(1).max(64),
    }),
    z.object({
      kind: z.literal("redeem"),
      points: z.number().int().min(1).max(1_000_000),
      storeId: z.string().min(1).max(64),
      staffId: z.string().min(1).max(64),
    }),
  ])
  .meta({ id: "PointTransactionRequest" });
export type PointTransactionRequest = z.infer<typeof PointTransactionRequest>;

export const PointTransaction = z
  .object({
    transactionId: z.string(),
    kind: z.enum(["award", "redeem"]),
    points: z.number().int().describe("Positive when awarded, negative when redeemed"),
    balance: z.number().int().nonnegative().describe("The member's balance after this transaction"),
    storeId: z.string(),
    staffId: z.string(),
    occurredAt: IsoDateTime,
  })
  .meta({ id: "PointTransaction" });
export type PointTransaction = z.infer<typeof PointTransaction>;

export const CheckInRequest = z
  .object({ storeId: z.string().min(1).max(64), staffId: z.string().min(1).max(64) })
  .meta({ id: "CheckInRequest" });

export const CheckIn = z
  .object({ checkInId: z.string(), storeId: z.string(), staffId: z.string(), occurredAt: IsoDateTime })
  .meta({ id: "CheckIn" });
export type CheckIn = z.infer<typeof CheckIn>;

export const PointAwardPreviewRequest = z
  .object({
    purchaseAmountYen: z.number().int().min(1).max(10_000_000),
    storeId: z.string().min(1).max(64),
  })
  .meta({ id: "PointAwardPreviewRequest" });
export type PointAwardPreviewRequest = z.infer<typeof PointAwardPreviewRequest>;

export const PointAwardPreview = z
  .object({ points: z.number().int().nonnegative().describe("What createPointTransaction would award for this purchase now") })
  .meta({ id: "PointAwardPreview" });
export type PointAwardPreview = z.infer<typeof PointAwardPreview>;

/** How long after a register action its staff member may void it; the BFF's scan window is as long. */
export const STAFF_ACTION_VOID_WINDOW_MINUTES = 10;

export const StaffActionId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and -, at most 64")
  .meta({
    id: "StaffActionId",
    description: "The transactionId of a point transaction or the checkInId of a check-in, as the merchant answered it",
  });

export const StaffActionVoidRequest = z
  .object({
    storeId: z.string().min(1).max(64).describe("The store the action was made for"),
    staffId: z.string().min(1).max(64).describe("The staff member who made it: only they may void it"),
  })
  .meta({ id: "StaffActionVoidRequest" });
export type StaffActionVoidRequest = z.infer<typeof StaffActionVoidRequest>;

export const StaffActionVoid = z
  .object({
    actionId: StaffActionId,
    kind: z.enum(["check_in", "award", "redeem"]).describe("What was voided"),
    points: z
      .number()
      .int()
      .describe(
        "What the void did to the balance: minus the points an award gave, plus the points a redemption took, 0 for a check-in",
      ),
    balance: z.number().int().nonnegative().describe("The member's balance after the void"),
    storeId: z.string(),
    staffId: z.string(),
    voidedAt: IsoDateTime,
  })
  .meta({ id: "StaffActionVoid" });
export type StaffActionVoid = z.infer<typeof StaffActionVoid>;

export const PageCursor = z.string().min(1).max(200);
export const MemberPageLimit = z.coerce.number().int().min(1).max(100);
// Query parameters are optional, and the OpenAPI document names the optional schemas.
const pageCursorParam = PageCursor.optional().meta({
  id: "PageCursor",
  description:
    "Opaque: the `nextCursor` of the page before, passed back unchanged; omit for the first page. A cursor the merchant " +
    "cannot read (made up, from another list, or too old) is refused with 400 bad_request: start again from the first page",
});
const memberPageLimitParam = MemberPageLimit.optional().meta({
  id: "MemberPageLimit",
  description: "Entries per page, 1 to 100; default 20. Over 100 is refused with 400 bad_request (not clamped)",
});

// ── Points ─────────────────────────────────────────────────────────────────────────────
// One ledger per member: points earned in a store and online add up to one balance.

export const PointsBalance = z
  .object({
    balance: z.number().int().nonnegative(),
    expiringSoon: z
      .array(
        z.object({
          points: z.number().int().positive(),
          expiresOn: IsoDate.describe("The last day (Japan time) the points can be used"),
        }),
      )
      .describe("Points that expire within the next 60 days, soonest first, one entry per date; empty when none"),
  })
  .meta({ id: "PointsBalance" });
export type PointsBalance = z.infer<typeof PointsBalance>;

export const PointEntryKind = z
  .enum(["earned_in_store", "earned_online", "redeemed", "expired", "adjusted", "signup_bonus"])
  .meta({
    id: "PointEntryKind",
    description: "adjusted: added or taken off by the merchant (a campaign, a correction, a migrated balance)",
  });
export type PointEntryKind = z.infer<typeof PointEntryKind>;

export const OrderId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and -, at most 64")
  .meta({ id: "OrderId" });
export const OrderNumber = z
  .string()
  .max(16)
  .regex(/^[0-9]+(-[0-9]+)*$/, "digits in groups joined by -, at most 16 characters")
  .meta({
    id: "OrderNumber",
    description:
      "The order's number as the merchant prints it (e.g. 1024-3718): what customers see and quote on the phone; " +
      "never the id, which stays internal (URLs and API paths)",
  });
export const ProductId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and -, at most 64")
  .meta({ id: "ProductId" });

export const PointHistoryEntry = z
  .object({
    entryId: z.string().min(1).max(64),
    kind: PointEntryKind,
    points: z.number().int().describe("Positive when added, negative when used or expired"),
    occurredAt: IsoDateTime,
    storeName: z.string().nullable().describe("The store where it happened, when it happened at one"),
    orderId: OrderId.nullable().describe("The order the points came from, when they came from one"),
    orderNumber: OrderNumber.nullable().describe("That order's number, to show"),
    note: z.string().max(200).nullable(),
  })
  .meta({ id: "PointHistoryEntry" });
export type PointHistoryEntry = z.infer<typeof PointHistoryEntry>;

export const PointHistoryPage = z
  .object({
    entries: z.array(PointHistoryEntry).describe("Newest first"),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
  })
  .meta({ id: "PointHistoryPage" });
export type PointHistoryPage = z.infer<typeof PointHistoryPage>;

// ── Orders ─────────────────────────────────────────────────────────────────────────────

export const OrderStatus = z.enum(["placed", "confirmed", "shipped", "ready_for_pickup", "delivered", "cancelled"]).meta({
  id: "OrderStatus",
  description: "delivered: in the customer's hands, delivered to the door or collected at the store",
});
export type OrderStatus = z.infer<typeof OrderStatus>;

export const Fulfilment = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("delivery"),
      address: z.string().nullable().describe("Where it goes, as the merchant has it"),
      carrier: z.string().nullable(),
      trackingNumber: z.string().nullable().describe("Set once shipped"),
      trackingUrl: z
        .url({ protocol: /^https$/ })
        .nullable()
        .optional()
        .describe(
          "The carrier's page for this parcel, when the merchant knows it (it knows the carrier and service it booked); " +
            "without it the BFF builds one for ヤマト運輸, 佐川急便 and 日本郵便",
        ),
    }),
    z.object({ type: z.literal("pickup"), storeId: z.string().min(1).max(64), storeName: z.string() }),
  ])
  .meta({ id: "Fulfilment" });
export type Fulfilment = z.infer<typeof Fulfilment>;

export const FulfilmentRequest = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("delivery") }).describe("To the address the merchant has for the member"),
    z.object({ type: z.literal("pickup"), storeId: z.string().min(1).max(64) }),
  ])
  .meta({ id: "FulfilmentRequest" });
export type FulfilmentRequest = z.infer<typeof FulfilmentRequest>;

export const OrderCharge = z
  .object({
    kind: z
      .enum(["delivery_fee", "discount", "fee"])
      .describe("delivery_fee: shipping (0 when free); fee: every other charge (handling, gift wrap)"),
    label: z.string().min(1).max(60).describe("As the merchant names it on the receipt (e.g. 送料, ゴールド会員割引 5%)"),
    amountYen: z.number().int().describe("Positive for a fee, negative for a discount, tax included"),
  })
  .meta({ id: "OrderCharge" });
export type OrderCharge = z.infer<typeof OrderCharge>;

export const PaymentMethod = z
  .object({
    kind: z.enum(["card", "cash_on_delivery", "pay_at_store", "bank_transfer", "other"]),
    label: z.string().max(60).nullable().describe("What identifies it to the member, e.g. VISA •••• 4242"),
  })
  .meta({ id: "PaymentMethod" });
export type PaymentMethod = z.infer<typeof PaymentMethod>;

const orderCharges = z
  .array(OrderCharge)
  .max(10)
  .describe(
    "Fees and discounts on top of the items, in the order the receipt lists them; omitted when the merchant has none to say",
  );
const payableYen = z
  .number()
  .int()
  .nonnegative()
  .describe("What the member pays: totalYen (the items) plus the charges; omitted with the charges");

export const OrderItem = z
  .object({
    productId: ProductId,
    name: z.string(),
    quantity: z.number().int().positive(),
    unitPriceYen: z.number().int().nonnegative().describe("The price when ordered, tax included"),
    lineTotalYen: z.number().int().nonnegative(),
  })
  .meta({ id: "OrderItem" });
export type OrderItem = z.infer<typeof OrderItem>;

export const OrderSummary = z
  .object({
    orderId: OrderId,
    orderNumber: OrderNumber,
    orderedAt: IsoDateTime,
    status: OrderStatus,
    totalYen: z.number().int().nonnegative(),
    itemCount: z.number().int().nonnegative().describe("Sum of the quantities"),
    firstItemName: z.string().nullable(),
    fulfilmentType: z.enum(["delivery", "pickup"]),
    storeName: z.string().nullable().describe("The pickup store; null for deliveries"),
    payableYen: payableYen.optional(),
    sourceOrderNumber: OrderNumber.nullable()
      .optional()
      .describe("For a reorder, the number of the order it repeats, so the list can tell repeat orders apart"),
  })
  .meta({ id: "OrderSummary" });
export type OrderSummary = z.infer<typeof OrderSummary>;

export const OrderPage = z
  .object({
    orders: z.array(OrderSummary).describe("Newest first"),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
  })
  .meta({ id: "OrderPage" });
export type OrderPage = z.infer<typeof OrderPage>;

export const OrderDetail = z
  .object({
    orderId: OrderId,
    orderNumber: OrderNumber,
    memberId: MemberId.describe("The owner; the BFF checks it against the member it asked for"),
    orderedAt: IsoDateTime,
    status: OrderStatus,
    statusChangedAt: IsoDateTime,
    items: z.array(OrderItem).min(1),
    totalYen: z.number().int().nonnegative(),
    fulfilment: Fulfilment,
    sourceOrderId: OrderId.nullable().describe("The order this one repeats, for reorders"),
    sourceOrderNumber: OrderNumber.nullable().describe("The number of the order this one repeats, to show"),
    charges: orderCharges.optional(),
    payableYen: payableYen.optional(),
    paymentMethod: PaymentMethod.optional(),
  })
  .meta({ id: "OrderDetail" });
export type OrderDetail = z.infer<typeof OrderDetail>;

export const ProductAvailability = z.enum(["available", "out_of_stock", "discontinued"]).meta({ id: "ProductAvailability" });

export const ReorderPreview = z
  .object({
    sourceOrderId: OrderId,
    sourceOrderNumber: OrderNumber.describe("The source order's number, to show"),
    memberId: MemberId.describe("The owner of the source order; the BFF checks it"),
    items: z.array(
      z.object({
        productId: ProductId,
        name: z.string(),
        quantity: z.number().int().positive().describe("As in the source order"),
        previousUnitPriceYen: z.number().int().nonnegative(),
        unitPriceYen: z.number().int().nonnegative().describe("Today's price"),
        lineTotalYen: z.number().int().nonnegative().describe("At today's price; 0 when not available"),
        availability: ProductAvailability,
      }),
    ),
    totalYen: z.number().int().nonnegative().describe("Of the available items, at today's prices"),
    fulfilment: FulfilmentRequest.describe("The source order's fulfilment, to suggest"),
    charges: orderCharges.optional().describe("What the order would carry on top of the available items (shipping, discounts)"),
    payableYen: payableYen.optional(),
    paymentMethod: PaymentMethod.optional().describe("How the order would be paid for"),
    deliveryAddress: z
      .string()
      .max(200)
      .nullable()
      .optional()
      .describe("For a delivery: where it would go, as the merchant has it; null when it has no address"),
    pickupStoreName: z.string().max(64).optional().describe("For a pickup: the store's name"),
    pickupReadyAt: IsoDateTime.optional().describe("For a pickup: the earliest time the order could be collected"),
  })
  .meta({ id: "ReorderPreview" });
export type ReorderPreview = z.infer<typeof ReorderPreview>;

export const MAX_ORDER_QUANTITY = 99;

export const ReorderPreviewRequest = z
  .object({
    items: z
      .array(z.object({ productId: ProductId, quantity: z.number().int().min(1).max(MAX_ORDER_QUANTITY) }))
      .min(1)
      .max(50)
      .refine((items) => new Set(items.map((item) => item.productId)).size === items.length, "each product at most once")
      .optional()
      .describe(
        "The products of the source order the member now wants, in these quantities (the others left out); " +
          "the preview, its charges and payableYen are then for these (a product not in the source order is left out). " +
          "Without it: the source order as it was",
      ),
  })
  .meta({ id: "ReorderPreviewRequest" });
export type ReorderPreviewRequest = z.infer<typeof ReorderPreviewRequest>;

export const CreateOrderRequest = z
  .object({
    items: z
      .array(z.object({ productId: ProductId, quantity: z.number().int().min(1).max(MAX_ORDER_QUANTITY) }))
      .min(1)
      .max(50)
      .refine((items) => new Set(items.map((item) => item.productId)).size === items.length, "each product at most once")
      .describe("Each product at most once"),
    fulfilment: FulfilmentRequest,
    sourceOrderId: OrderId.optional().describe("Set for a reorder: the order it repeats, which must be the member's"),
    expectedTotalYen: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe("The total the member confirmed; another total today is refused (price_changed) instead of charged"),
    expectedPayableYen: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        "The amount to pay the member confirmed (the preview's payableYen, charges included); another amount is " +
          "refused (price_changed) instead of charged",
      ),
  })
  .meta({ id: "CreateOrderRequest" });
export type CreateOrderRequest = z.infer<typeof CreateOrderRequest>;

// ── Events the merchant sends to the BFF (POST {BFF}/hooks/merchant) ─────────────────────

const merchantEventFields = {
  eventId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,128}$/, "8 to 128 URL-safe characters")
    .describe("Unique per event and the same on every retry: the BFF handles each id once"),
  occurredAt: IsoDateTime,
  memberId: MemberId,
};

export const MERCHANT_HOOK_TOLERANCE_SECONDS = 300;

// ── Reservations ──────────────────────────────────────────────────────────────────────────
// Times are instants with an offset; a "date" is a Japan date (Asia/Tokyo), the calendar the
// customer books in. Capacity is counted in seats: a reservation takes `partySize` of them.

export const StoreId = z.string().min(1).max(64).meta({ id: "StoreId" });
export const ServiceId = z.string().min(1).max(64).meta({ id: "ServiceId" });
export const ReservationId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and -, at most 64")
  .meta({ id: "ReservationId" });

export const ReservableStore = z
  .object({
    storeId: StoreId,
    name: z.string().min(1).max(128),
    address: z.string().max(256),
    location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).nullable(),
    serviceCount: z.number().int().nonnegative(),
  })
  .meta({ id: "ReservableStore" });
export type ReservableStore = z.infer<typeof ReservableStore>;

export const ReservableStoreList = z.object({ stores: z.array(ReservableStore) }).meta({ id: "ReservableStoreList" });

export const ReservationService = z
  .object({
    serviceId: ServiceId,
    storeId: StoreId,
    name: z.string().min(1).max(128),
    durationMinutes: z.number().int().positive(),
    maxPartySize: z.number().int().positive(),
    priceYen: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .optional()
      .describe("The price per person, tax included, shown before booking; 0 is free, null or absent: not shown"),
  })
  .meta({ id: "ReservationService" });
export type ReservationService = z.infer<typeof ReservationService>;

export const ReservationServiceList = z.object({ services: z.array(ReservationService) }).meta({ id: "ReservationServiceList" });

export const ReservationSlot = z
  .object({
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    capacity: z.number().int().positive().describe("Seats in the slot"),
    remaining: z.number().int().nonnegative().describe("Seats still free"),
  })
  .meta({ id: "ReservationSlot" });
export type ReservationSlot = z.infer<typeof ReservationSlot>;

export const ReservationSlotList = z
  .object({ date: IsoDate, slots: z.array(ReservationSlot).describe("Slots starting on this Japan date, earliest first") })
  .meta({ id: "ReservationSlotList" });
export type ReservationSlotList = z.infer<typeof ReservationSlotList>;

export const ReservationSlotsQuery = z.object({ serviceId: ServiceId, date: IsoDate });

export const QuietHours = z
  .object({
    startHour: z.number().int().min(0).max(23),
    endHour: z.number().int().min(0).max(23),
  })
  .describe("Japan local hours [startHour, endHour) during which no reminder is sent; may wrap midnight (21 → 8)")
  .meta({ id: "QuietHours" });
export type QuietHours = z.infer<typeof QuietHours>;

export const ReservationSettings = z
  .object({
    cancellationWindowHours: z
      .number()
      .int()
      .nonnegative()
      .describe("Reservations can be changed or cancelled until this many hours before they start"),
    reminders: z.object({
      dayBeforeLocalHour: z.number().int().min(0).max(23).describe("Japan hour of the day-before reminder"),
      hoursBefore: z.number().int().min(1).max(23).describe("The second reminder goes this many hours before the slot"),
      quietHours: QuietHours.nullable(),
    }),
  })
  .meta({ id: "ReservationSettings" });
export type ReservationSettings = z.infer<typeof ReservationSettings>;

export const ReservationStatus = z.enum(["confirmed", "cancelled"]).meta({ id: "ReservationStatus" });

export const ReservationNumber = z
  .string()
  .max(16)
  .regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, "capital letters and digits in groups joined by -, at most 16 characters")
  .meta({
    id: "ReservationNumber",
    description:
      "The reservation's number as the merchant prints it (e.g. R-4821): what customers see and quote on the phone; " +
      "never the id, which stays internal (URLs and API paths)",
  });

export const Reservation = z
  .object({
    reservationId: ReservationId,
    reservationNumber: ReservationNumber,
    memberId: MemberId.describe("The owner; the BFF checks it"),
    storeId: StoreId,
    storeName: z.string(),
    serviceId: ServiceId,
    serviceName: z.string(),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    partySize: z.number().int().positive(),
    note: z.string().max(500).nullable(),
    status: ReservationStatus,
    changeableUntil: IsoDateTime.describe("Changes and cancellation are accepted until then"),
    bookedAt: IsoDateTime.describe("When the current time was booked: creation, or the last change of time"),
  })
  .meta({ id: "Reservation" });
export type Reservation = z.infer<typeof Reservation>;

export const ReservationList = z
  .object({ reservations: z.array(Reservation).describe("All of the member's reservations, by start time") })
  .meta({ id: "ReservationList" });

export const CreateReservationRequest = z
  .object({
    serviceId: ServiceId,
    startsAt: IsoDateTime.describe("The startsAt of one of the service's slots"),
    partySize: z.number().int().min(1).max(20),
    note: z.string().trim().max(500).optional(),
  })
  .meta({ id: "CreateReservationRequest" });
export type CreateReservationRequest = z.infer<typeof CreateReservationRequest>;

export const ChangeReservationRequest = z
  .object({ startsAt: IsoDateTime.describe("The startsAt of another slot of the same service") })
  .meta({ id: "ChangeReservationRequest" });
export type ChangeReservationRequest = z.infer<typeof ChangeReservationRequest>;

/** A confirmed reservation the reminder job may remind of, with the LINE user to reach. */
export const ReminderCandidate = z
  .object({
    reservationId: ReservationId,
    storeName: z.string(),
    serviceName: z.string(),
    startsAt: IsoDateTime,
    partySize: z.number().int().positive(),
    bookedAt: IsoDateTime,
    lineUserId: LineUserId.nullable().describe("Null when the member has not linked LINE: nobody to remind"),
  })
  .meta({ id: "ReminderCandidate" });
export type ReminderCandidate = z.infer<typeof ReminderCandidate>;

export const ReminderCandidatePage = z
  .object({
    reservations: z.array(ReminderCandidate).describe("Ordered by startsAt, then reservationId"),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "ReminderCandidatePage" });
export type ReminderCandidatePage = z.infer<typeof ReminderCandidatePage>;

export const ReminderCandidatesQuery = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  cursor: PageCursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

// ── Coupons ───────────────────────────────────────────────────────────────────────────────
// Coupons are the merchant's records, like points: the catalogue says what a coupon gives and
// where; a member's coupon is one grant of it, used at most `usesAllowed` times. Redeeming is
// atomic at the merchant and keyed, so two registers (or a retry) can never use one use twice.

export const CouponDefinitionId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 URL-safe characters")
  .meta({ id: "CouponDefinitionId" });
export const CouponId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 URL-safe characters")
  .meta({ id: "CouponId" });
export const CouponRedemptionId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 URL-safe characters")
  .meta({ id: "CouponRedemptionId" });

export const CouponKind = z.enum(["line_only", "welcome", "rank", "birthday", "campaign"]).meta({
  id: "CouponKind",
  description:
    "line_only: for members who linked LINE; welcome: granted once on a member's first link; rank: for members of a " +
    "rank; birthday: granted in the member's birthday month (Japan time); campaign: granted by a campaign",
});
export type CouponKind = z.infer<typeof CouponKind>;

export const CouponBenefit = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("amount_off"), yen: z.number().int().positive() }),
    z.object({ type: z.literal("percent_off"), percent: z.number().int().min(1).max(100) }),
    z.object({
      type: z.literal("free_item"),
      item: z.string().min(1).max(100).describe("What the member gets, as the shop names it"),
    }),
  ])
  .meta({ id: "CouponBenefit", description: "What the coupon gives: the app words it in the member's language" });
export type CouponBenefit = z.infer<typeof CouponBenefit>;

const couponTerms = {
  kind: CouponKind,
  title: z.string().min(1).max(80).describe("As the shop words it (shown as is)"),
  benefit: CouponBenefit,
  conditions: z.string().max(400).nullable().describe("Conditions of use as the shop words them, or null for none"),
  everyStore: z.boolean().describe("True when every store takes it; `stores` then lists them all"),
  stores: z.array(Store).describe("The stores that take it"),
};

export const CouponDefinition = z
  .object({
    couponDefinitionId: CouponDefinitionId,
    ...couponTerms,
    usesPerCoupon: z.number().int().min(1).max(100).describe("How many times one member's coupon may be used"),
    validDays: z.number().int().min(1).max(366).describe("How long a granted coupon stays valid, in days"),
    rankCode: z.string().nullable().describe("With kind rank: the rank it is for"),
  })
  .meta({ id: "CouponDefinition" });
export type CouponDefinition = z.infer<typeof CouponDefinition>;

export const CouponCatalogue = z.object({ coupons: z.array(CouponDefinition) }).meta({ id: "CouponCatalogue" });
export type CouponCatalogue = z.infer<typeof CouponCatalogue>;

export const MemberCouponStatus = z.enum(["available", "used", "expired"]).meta({
  id: "MemberCouponStatus",
  description: "used: no uses left; expired: uses left but past validUntil; available otherwise",
});
export type MemberCouponStatus = z.infer<typeof MemberCouponStatus>;

export const MemberCoupon = z
  .object({
    couponId: CouponId,
    couponDefinitionId: CouponDefinitionId,
    ...couponTerms,
    status: MemberCouponStatus,
    grantedAt: IsoDateTime,
    validUntil: IsoDateTime.describe("The first instant it is no longer valid"),
    usesAllowed: z.number().int().min(1),
    usesLeft: z.number().int().nonnegative(),
    lastUsedAt: IsoDateTime.nullable(),
  })
  .meta({ id: "MemberCoupon" });
export type MemberCoupon = z.infer<typeof MemberCoupon>;

export const MemberCouponList = z
  .object({ coupons: z.array(MemberCoupon).describe("Newest grant first; used and expired ones included") })
  .meta({ id: "MemberCouponList" });
export type MemberCouponList = z.infer<typeof MemberCouponList>;

export const RedeemCouponRequest = z
  .object({ storeId: StoreId, staffId: z.string().min(1).max(64) })
  .meta({ id: "RedeemCouponRequest" });
export type RedeemCouponRequest = z.infer<typeof RedeemCouponRequest>;

export const CouponRedemption = z
  .object({
    redemptionId: CouponRedemptionId,
    couponId: CouponId,
    storeId: StoreId,
    staffId: z.string(),
    redeemedAt: IsoDateTime,
    voidedAt: IsoDateTime.nullable().describe("When the use was given back, or null"),
    coupon: MemberCoupon.describe("The coupon after this redemption (or its void)"),
  })
  .meta({ id: "CouponRedemption" });
export type CouponRedemption = z.infer<typeof CouponRedemption>;

export const CouponGrantKey = z
  .string()
  .regex(/^[A-Za-z0-9:_-]{1,128}$/, "1 to 128 URL-safe characters or colons")
  .meta({
    id: "CouponGrantKey",
    description:
      "What makes a grant happen once, ever (not only for 24 hours like an Idempotency-Key): e.g. " +
      "birthday:<memberId>:<year>. A member is granted at most one coupon per grant key.",
  });

export const GrantCouponRequest = z
  .object({ couponDefinitionId: CouponDefinitionId, grantKey: CouponGrantKey.optional() })
  .meta({ id: "GrantCouponRequest" });
export type GrantCouponRequest = z.infer<typeof GrantCouponRequest>;

export const BirthdayCandidatePage = z
  .object({
    members: z
      .array(
        z.object({
          memberId: MemberId,
          lineUserId: LineUserId.optional().describe(
            "The LINE user the member is linked to, for the coupon message; without it the BFF asks getMemberLineLink",
          ),
        }),
      )
      .describe("Members linked to LINE born in the month"),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "BirthdayCandidatePage" });
export type BirthdayCandidatePage = z.infer<typeof BirthdayCandidatePage>;

export const PointsExpiryBatchId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, "1 to 128 URL-safe characters")
  .describe("One expiry batch of a member's points: the member hears of one batch once, however often it is listed or sent")
  .meta({ id: "PointsExpiryBatchId" });

export const PointsExpiryCandidate = z
  .object({
    memberId: MemberId,
    lineUserId: LineUserId,
    points: z.number().int().positive().describe("Points that run out at the end of expiresOn"),
    expiresOn: IsoDate.describe("The last Japan date the points count"),
    batchId: PointsExpiryBatchId,
  })
  .meta({ id: "PointsExpiryCandidate" });
export type PointsExpiryCandidate = z.infer<typeof PointsExpiryCandidate>;

export const PointsExpiryCandidatePage = z
  .object({
    members: z
      .array(PointsExpiryCandidate)
      .describe("One entry per member and batch: members linked to LINE whose points expire in the range"),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "PointsExpiryCandidatePage" });
export type PointsExpiryCandidatePage = z.infer<typeof PointsExpiryCandidatePage>;

export const MerchantEvent = z
  .discriminatedUnion("type", [
    z
      .object({
        type: z.literal("order.status_changed"),
        ...merchantEventFields,
        orderId: OrderId,
        orderNumber: OrderNumber.optional().describe(
          "The order's number, shown in the member's LINE message; without it the message shows no number",
        ),
        status: OrderStatus.exclude(["placed"]),
        carrier: z.string().max(64).nullable().optional(),
        trackingNumber: z.string().max(64).nullable().optional().describe("With status shipped"),
      })
      .meta({ id: "OrderStatusChangedEvent" }),
    z
      .object({
        type: z.literal("points.changed"),
        ...merchantEventFields,
        kind: PointEntryKind,
        points: z.number().int().describe("The change: positive when added, negative when used or expired"),
        balance: z.number().int().nonnegative().describe("The balance after the change"),
        note: z.string().max(200).nullable().optional(),
      })
      .meta({ id: "PointsChangedEvent" }),
    z
      .object({
        type: z.literal("coupon.granted"),
        ...merchantEventFields,
        couponId: CouponId.describe(
          "The coupon the merchant granted on its own (a campaign of its own system, the welcome coupon on a first " +
            "link): the BFF reads it (getMemberCoupon) and sends the coupon message, once per coupon",
        ),
      })
      .meta({ id: "CouponGrantedEvent" }),
    z
      .object({
        type: z.literal("points.expiring"),
        ...merchantEventFields,
        points: z.number().int().positive().describe("Points that run out at the end of expiresOn"),
        expiresOn: IsoDate.describe("The last Japan date the points count"),
        batchId: PointsExpiryBatchId,
      })
      .meta({ id: "PointsExpiringEvent" }),
  ])
  .meta({
    id: "MerchantEvent",
    description:
      "What the merchant POSTs to the BFF's /hooks/merchant when an order's status or a member's points change, " +
      "when it grants a member a coupon on its own (coupon.granted) and some days before a member's points expire " +
      "(points.expiring); the member gets a LINE message if they linked LINE. A batch of expiring points is told " +
      "once, whether the event or the BFF's own reminder (listPointsExpiryCandidates) comes first. Signing: send " +
      "`x-merchant-timestamp: <unix seconds>` and " +
      '`x-merchant-signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" keyed with the shared secret ' +
      "(MERCHANT_HOOK_SECRET)>`. The BFF refuses a timestamp more than " +
      `${MERCHANT_HOOK_TOLERANCE_SECONDS} seconds from its clock (401), a wrong signature (401), a body that is not a ` +
      "MerchantEvent (400) and a member who is unknown or not linked to LINE, or a coupon that is not the member's " +
      "(404), and answers 202 (MerchantEventReceipt) once the event is recorded. Retry other answers (5xx, " +
      "timeouts) with the same eventId and a fresh timestamp and signature: an eventId is handled once, so a retry " +
      "never sends a second message.",
  });
export type MerchantEvent = z.infer<typeof MerchantEvent>;
/** Each event type on its own: the OpenAPI document's webhooks. */
export const [OrderStatusChangedEvent, PointsChangedEvent, CouponGrantedEvent, PointsExpiringEvent] = MerchantEvent.options;

export const MerchantEventReceipt = z
  .object({
    eventId: z.string(),
    duplicate: z.boolean().describe("True when this eventId was already accepted: nothing more was done"),
  })
  .meta({ id: "MerchantEventReceipt" });
export type MerchantEventReceipt = z.infer<typeof MerchantEventReceipt>;

// ── Segments ──────────────────────────────────────────────────────────────────────────────
// The console's segments ask the merchant for what only it knows (rank, birthday, purchases,
// home store, points); the BFF adds what it knows from LINE. The merchant answers with LINE user
// ids only: no member data leaves it for a segment.

export const SegmentCategory = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and -, at most 64")
  .meta({
    id: "SegmentCategory",
    description: "A product category as the merchant names it (the sandbox: beans, drip_bags, baked_goods, equipment)",
  });

const segmentList = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(100);

/** What the merchant filters its linked members by; every field optional, all given fields AND-ed. */
export const MerchantSegmentFilter = z
  .strictObject({
    rankCodes: segmentList(z.string().min(1).max(32)).optional().describe("Members of any of these ranks"),
    birthMonths: segmentList(z.number().int().min(1).max(12))
      .optional()
      .describe("Members born in any of these months (1-12); members without a birth date never match"),
    lastPurchaseBefore: IsoDate.optional().describe(
      "Members whose last purchase (a non-cancelled order, online or in store) was on a Japan date before this one; members who never bought do not match",
    ),
    lastPurchaseAfter: IsoDate.optional().describe(
      "Members whose last purchase was on this Japan date or later; members who never bought do not match",
    ),
    purchasedProductIds: segmentList(ProductId)
      .optional()
      .describe("Members who ever bought any of these products (non-cancelled orders)"),
    purchasedCategories: segmentList(SegmentCategory)
      .optional()
      .describe("Members who ever bought a product of any of these categories"),
    favouriteStoreIds: segmentList(z.string().min(1).max(64)).optional().describe("Members whose home store is any of these"),
    pointsMin: z.number().int().nonnegative().optional().describe("Points balance at least this"),
    pointsMax: z.number().int().nonnegative().optional().describe("Points balance at most this"),
  })
  .refine((filter) => filter.pointsMin === undefined || filter.pointsMax === undefined || filter.pointsMin <= filter.pointsMax, {
    message: "pointsMin must not exceed pointsMax",
    path: ["pointsMax"],
  })
  .refine(
    (filter) =>
      filter.lastPurchaseBefore === undefined ||
      filter.lastPurchaseAfter === undefined ||
      filter.lastPurchaseAfter < filter.lastPurchaseBefore,
    { message: "lastPurchaseAfter must be before lastPurchaseBefore", path: ["lastPurchaseBefore"] },
  )
  .meta({ id: "MerchantSegmentFilter" });
export type MerchantSegmentFilter = z.infer<typeof MerchantSegmentFilter>;

export const SEGMENT_PAGE_MAX = 1000;
export const SEGMENT_PAGE_DEFAULT = 500;

export const EvaluateSegmentRequest = z
  .strictObject({
    filter: MerchantSegmentFilter,
    cursor: PageCursor.optional().describe("The nextCursor of the page before; omit for the first page"),
    limit: z.number().int().min(1).max(SEGMENT_PAGE_MAX).optional().describe("Ids per page, at most 1000; default 500"),
  })
  .meta({ id: "EvaluateSegmentRequest" });
export type EvaluateSegmentRequest = z.infer<typeof EvaluateSegmentRequest>;

export const SegmentMemberPage = z
  .object({
    lineUserIds: z
      .array(LineUserId)
      .describe("LINE user ids of linked members matching the filter, in ascending order of the id (stable across pages)"),
    nextCursor: z.string().nullable().describe("Null on the last page"),
    total: z
      .number()
      .int()
      .nonnegative()
      .describe("How many linked members match in all (every page says the same, barring changes)"),
  })
  .meta({ id: "SegmentMemberPage" });
export type SegmentMemberPage = z.infer<typeof SegmentMemberPage>;

/** One answer of an operation; an error answer lists every ErrorBody `code` it may carry. */
export type Answer = { status: number; description: string; body?: z.ZodType; codes?: readonly ErrorCode[] };

/** One operation of the merchant contract: the OpenAPI document and the clients are built from these. */
export interface MerchantOperation {
  operationId: string;
  method: "get" | "post" | "put" | "delete";
  path: string;
  summary: string;
  pathParams?: Record<string, z.ZodType>;
  queryParams?: Record<string, z.ZodType>;
  headerParams?: Record<string, z.ZodType>;
  requestBody?: z.ZodType;
  responses: Answer[];
  /** For a list answered a page at a time: its page sizes and order (see the document's Pagination section). */
  paging?: PageRules;
}

/** How one paged list is paged: `limit` defaults to defaultLimit; a limit over maxLimit is refused (400). */
export interface PageRules {
  defaultLimit: number;
  maxLimit: number;
  /** The order of the entries across pages, stable while paging. */
  order: string;
}

const notFound = (what: string) => ({ status: 404, description: what, body: ErrorBody, codes: ["not_found"] }) as const;

export const merchantOperations = [
  {
    operationId: "getLinkSettings",
    method: "get",
    path: "/v1/link-settings",
    summary: "How members prove who they are when linking their LINE account",
    responses: [{ status: 200, description: "The merchant's linking settings", body: LinkSettings }],
  },
  {
    operationId: "authenticateMember",
    method: "post",
    path: "/v1/members/authenticate",
    summary: "Check a member number and second factor before linking",
    requestBody: AuthenticateMemberRequest,
    responses: [
      { status: 200, description: "The credentials match this member", body: AuthenticateMemberResponse },
      {
        status: 401,
        description:
          "No member matches these credentials (one answer for every failure, so it cannot be used to find member " +
          "numbers); also a missing or wrong API key",
        body: ErrorBody,
        codes: ["unauthorized"],
      },
    ],
  },
  {
    operationId: "requestOneTimeCode",
    method: "post",
    path: "/v1/members/one-time-codes",
    summary:
      "Send a one-time code (6 digits, valid 10 minutes) to the member's registered email or phone, for linking " +
      "with secondFactor otp; the BFF never sees the address",
    requestBody: OneTimeCodeRequest,
    responses: [
      {
        status: 202,
        description:
          "Accepted: always, also for an unknown member number or one with no address, so the answer cannot be used " +
          "to find member numbers",
      },
    ],
  },
  {
    operationId: "getLineLink",
    method: "get",
    path: "/v1/line-links/{lineUserId}",
    summary: "The member linked to a LINE user",
    pathParams: { lineUserId: LineUserId },
    responses: [{ status: 200, description: "The link", body: LineLink }, notFound("This LINE user is not linked")],
  },
  {
    operationId: "putLineLink",
    method: "put",
    path: "/v1/line-links/{lineUserId}",
    summary: "Link a LINE user to a member (repeating the same link is harmless)",
    pathParams: { lineUserId: LineUserId },
    requestBody: PutLineLinkRequest,
    responses: [
      { status: 200, description: "Linked (or already linked to this same member)", body: LineLink },
      notFound("No such member"),
      {
        status: 409,
        description: "The LINE user is linked to another member, or the member to another LINE user",
        body: ErrorBody,
        codes: ["conflict"],
      },
    ],
  },
  {
    operationId: "deleteLineLink",
    method: "delete",
    path: "/v1/line-links/{lineUserId}",
    summary: "Unlink a LINE user",
    pathParams: { lineUserId: LineUserId },
    responses: [{ status: 204, description: "Unlinked" }, notFound("This LINE user is not linked")],
  },
  {
    operationId: "getMemberSummary",
    method: "get",
    path: "/v1/members/{memberId}/summary",
    summary: "Name, rank and points balance of a member",
    pathParams: { memberId: MemberId },
    responses: [{ status: 200, description: "The summary", body: MemberSummary }, notFound("No such member")],
  },
  {
    operationId: "getStaffSettings",
    method: "get",
    path: "/v1/staff-settings",
    summary: "Caps on the points one staff action and one scan of a member card may award or redeem",
    responses: [{ status: 200, description: "The settings", body: StaffSettings }],
  },
  {
    operationId: "getStaffByLineUser",
    method: "get",
    path: "/v1/staff/by-line-user/{lineUserId}",
    summary: "The staff record of a LINE user, with the stores they may act for",
    pathParams: { lineUserId: LineUserId },
    responses: [
      { status: 200, description: "This LINE user is staff", body: StaffRecord },
      notFound("This LINE user is not staff"),
    ],
  },
  {
    operationId: "registerMember",
    method: "post",
    path: "/v1/members",
    summary: "Create a membership for a LINE user and link it, in one step",
    requestBody: RegisterMemberRequest,
    responses: [
      { status: 201, description: "Created and linked", body: RegisteredMember },
      {
        status: 409,
        description:
          "conflict: this LINE user is already linked to a member; possible_duplicate: a member with the same name " +
          "and birth date exists (nothing created; send confirmNotDuplicate true once the customer says it is not them)",
        body: ErrorBody,
        codes: ["conflict", "possible_duplicate"],
      },
    ],
  },
  {
    operationId: "listLineLinks",
    method: "get",
    path: "/v1/line-links",
    summary: "Every linked LINE user, a page at a time (for re-syncing rich menus)",
    queryParams: {
      cursor: pageCursorParam,
      limit: z.coerce.number().int().min(1).max(500).optional().meta({ id: "PageLimit" }),
    },
    paging: { defaultLimit: 100, maxLimit: 500, order: "ascending lineUserId" },
    responses: [{ status: 200, description: "One page of links", body: LineLinkPage }],
  },
  {
    operationId: "consumeAccountLinkNonce",
    method: "post",
    path: "/v1/account-link-nonces/{nonce}/consume",
    summary:
      "Trade the nonce the merchant's login page made for LINE's account-link flow for the member it was made for; single " +
      `use, expires after ${ACCOUNT_LINK_NONCE_LIFETIME_MINUTES} minutes. Spends the nonce only: it must not create the link ` +
      "(the BFF calls putLineLink next; see Account-link page)",
    pathParams: { nonce: AccountLinkNonce },
    responses: [
      { status: 200, description: "The nonce was valid; it is now used up", body: ConsumedAccountLinkNonce },
      notFound("Unknown, already used or expired nonce"),
    ],
  },
  {
    operationId: "getMemberByNumber",
    method: "get",
    path: "/v1/members/by-number/{memberNumber}/summary",
    summary: "A member's summary by the number on their card (staff typing it in)",
    pathParams: { memberNumber: MemberNumber },
    responses: [{ status: 200, description: "The summary", body: MemberSummary }, notFound("No such member")],
  },
  {
    operationId: "getMemberLineLink",
    method: "get",
    path: "/v1/members/{memberId}/line-link",
    summary: "The LINE user a member is linked to",
    pathParams: { memberId: MemberId },
    responses: [
      { status: 200, description: "The link", body: LineLink },
      notFound("No such member, or the member is not linked"),
    ],
  },
  {
    operationId: "previewPointAward",
    method: "post",
    path: "/v1/members/{memberId}/point-awards/preview",
    summary:
      "The points a purchase would earn now, by the merchant's own rule (the member's rank rate, campaigns), so staff " +
      "can confirm 「¥1,200 のお買い上げで 36 pt」 before awarding; changes nothing. Optional: a merchant without it " +
      "answers 404 and staff confirm the amount alone",
    pathParams: { memberId: MemberId },
    requestBody: PointAwardPreviewRequest,
    responses: [{ status: 200, description: "The preview", body: PointAwardPreview }, notFound("No such member")],
  },
  {
    operationId: "createPointTransaction",
    method: "post",
    path: "/v1/members/{memberId}/point-transactions",
    summary: "Award points for a purchase (at the member's rank rate) or redeem points; never below zero",
    pathParams: { memberId: MemberId },
    headerParams: { "Idempotency-Key": IdempotencyKey },
    requestBody: PointTransactionRequest,
    responses: [
      { status: 201, description: "Recorded (or the first answer for a repeated key)", body: PointTransaction },
      notFound("No such member"),
      {
        status: 422,
        description:
          "Not enough points (code insufficient_points), or the key was used with another body (idempotency_conflict); " +
          "no other code",
        body: ErrorBody,
        codes: ["insufficient_points", "idempotency_conflict"],
      },
    ],
  },
  {
    operationId: "createCheckIn",
    method: "post",
    path: "/v1/members/{memberId}/check-ins",
    summary: "Record a visit to a store",
    pathParams: { memberId: MemberId },
    headerParams: { "Idempotency-Key": IdempotencyKey },
    requestBody: CheckInRequest,
    responses: [
      { status: 201, description: "Recorded (or the first answer for a repeated key)", body: CheckIn },
      notFound("No such member"),
      {
        status: 422,
        description: "The key was used with another body (idempotency_conflict)",
        body: ErrorBody,
        codes: ["idempotency_conflict"],
      },
    ],
  },
  {
    operationId: "voidStaffAction",
    method: "post",
    path: "/v1/members/{memberId}/staff-actions/{actionId}/void",
    summary:
      "Undo a mistaken check-in, award or redemption made at the register: the points go back and a check-in no longer " +
      `counts. Only the staff member who made it, for the same store, within ${STAFF_ACTION_VOID_WINDOW_MINUTES} minutes ` +
      "of it. Voiding twice is harmless: the first void is answered again and the points move once",
    pathParams: { memberId: MemberId, actionId: StaffActionId },
    headerParams: { "Idempotency-Key": IdempotencyKey },
    requestBody: StaffActionVoidRequest,
    responses: [
      { status: 200, description: "Voided (or it already was: the first void again)", body: StaffActionVoid },
      {
        status: 403,
        description: "forbidden: the action was made by another staff member or for another store; nothing changed",
        body: ErrorBody,
        codes: ["forbidden"],
      },
      notFound("No such action for this member (a transactionId or checkInId the merchant answered)"),
      {
        status: 422,
        description:
          `void_window_closed (more than ${STAFF_ACTION_VOID_WINDOW_MINUTES} minutes after the action), ` +
          "insufficient_points (the member has already used the points the award gave) or idempotency_conflict. " +
          "Refusals are not stored: the same key may try again.",
        body: ErrorBody,
        codes: ["void_window_closed", "insufficient_points", "idempotency_conflict"],
      },
    ],
  },
  {
    operationId: "getPoints",
    method: "get",
    path: "/v1/members/{memberId}/points",
    summary: "A member's points balance (store and online points are one balance) and the points expiring soon",
    pathParams: { memberId: MemberId },
    responses: [{ status: 200, description: "The balance", body: PointsBalance }, notFound("No such member")],
  },
  {
    operationId: "listPointHistory",
    method: "get",
    path: "/v1/members/{memberId}/point-history",
    summary: "A member's points ledger, newest first, a page at a time",
    pathParams: { memberId: MemberId },
    queryParams: { cursor: pageCursorParam, limit: memberPageLimitParam },
    paging: { defaultLimit: 20, maxLimit: 100, order: "newest first (occurredAt, then entryId, descending)" },
    responses: [{ status: 200, description: "One page of entries", body: PointHistoryPage }, notFound("No such member")],
  },
  {
    operationId: "listOrders",
    method: "get",
    path: "/v1/members/{memberId}/orders",
    summary: "A member's orders (online and in store), newest first, a page at a time",
    pathParams: { memberId: MemberId },
    queryParams: { cursor: pageCursorParam, limit: memberPageLimitParam },
    paging: { defaultLimit: 20, maxLimit: 100, order: "newest first (orderedAt, then orderId, descending)" },
    responses: [{ status: 200, description: "One page of orders", body: OrderPage }, notFound("No such member")],
  },
  {
    operationId: "getOrder",
    method: "get",
    path: "/v1/members/{memberId}/orders/{orderId}",
    summary: "One of the member's orders, with its items, prices, status and fulfilment",
    pathParams: { memberId: MemberId, orderId: OrderId },
    responses: [
      { status: 200, description: "The order", body: OrderDetail },
      notFound("No such order for this member: also when the order exists but is someone else's (never 403)"),
    ],
  },
  {
    operationId: "previewReorder",
    method: "post",
    path: "/v1/members/{memberId}/orders/{orderId}/reorder-preview",
    summary:
      "The member's order as it would be ordered today: today's prices and availability, the charges, payment and " +
      "fulfilment; with a body, for the quantities the member chose; changes nothing",
    pathParams: { memberId: MemberId, orderId: OrderId },
    requestBody: ReorderPreviewRequest.optional(),
    responses: [
      { status: 200, description: "The preview", body: ReorderPreview },
      notFound("No such order for this member (also when it is someone else's)"),
    ],
  },
  {
    operationId: "createOrder",
    method: "post",
    path: "/v1/members/{memberId}/orders",
    summary: "Place an order for the member at today's prices (a reorder names its source order)",
    pathParams: { memberId: MemberId },
    headerParams: { "Idempotency-Key": IdempotencyKey },
    requestBody: CreateOrderRequest,
    responses: [
      { status: 201, description: "Placed (or the first answer for a repeated key)", body: OrderDetail },
      notFound("No such member, or the source order is not this member's"),
      {
        status: 422,
        description:
          "Not placed: items_unavailable (unavailableItems lists them), price_changed (expectedTotalYen differs), " +
          "fulfilment_unavailable (no delivery address, or not a pickup store), or idempotency_conflict (the key " +
          "was used with another body). Refusals are not stored: the same key may try again.",
        body: ErrorBody,
        codes: ["items_unavailable", "price_changed", "fulfilment_unavailable", "idempotency_conflict"],
      },
    ],
  },
  {
    operationId: "getReservationSettings",
    method: "get",
    path: "/v1/reservation-settings",
    summary: "The cancellation window and the reminder schedule (day-before hour, hours before, quiet hours)",
    responses: [{ status: 200, description: "The settings", body: ReservationSettings }],
  },
  {
    operationId: "listReservableStores",
    method: "get",
    path: "/v1/reservable-stores",
    summary: "Stores that take reservations, with their location",
    responses: [{ status: 200, description: "The stores", body: ReservableStoreList }],
  },
  {
    operationId: "listReservationServices",
    method: "get",
    path: "/v1/reservable-stores/{storeId}/services",
    summary: "What can be booked at a store",
    pathParams: { storeId: StoreId },
    responses: [{ status: 200, description: "The services", body: ReservationServiceList }, notFound("No such store")],
  },
  {
    operationId: "listReservationSlots",
    method: "get",
    path: "/v1/reservable-stores/{storeId}/slots",
    summary: "A service's slots starting on one Japan date, with the seats left in each",
    pathParams: { storeId: StoreId },
    queryParams: { serviceId: ServiceId, date: IsoDate.meta({ id: "IsoDate" }) },
    responses: [
      { status: 200, description: "The slots", body: ReservationSlotList },
      notFound("No such store, or no such service at this store"),
    ],
  },
  {
    operationId: "listReservations",
    method: "get",
    path: "/v1/members/{memberId}/reservations",
    summary: "A member's reservations, past and upcoming, cancelled ones included",
    pathParams: { memberId: MemberId },
    responses: [{ status: 200, description: "The reservations", body: ReservationList }, notFound("No such member")],
  },
  {
    operationId: "getReservation",
    method: "get",
    path: "/v1/members/{memberId}/reservations/{reservationId}",
    summary: "One of the member's reservations",
    pathParams: { memberId: MemberId, reservationId: ReservationId },
    responses: [
      { status: 200, description: "The reservation", body: Reservation },
      notFound("No such reservation for this member (also when it is someone else's)"),
    ],
  },
  {
    operationId: "createReservation",
    method: "post",
    path: "/v1/members/{memberId}/reservations",
    summary: "Book seats in a slot; capacity is enforced atomically, so the last seat goes to exactly one request",
    pathParams: { memberId: MemberId },
    headerParams: { "Idempotency-Key": IdempotencyKey },
    requestBody: CreateReservationRequest,
    responses: [
      { status: 201, description: "Booked (or the first answer for a repeated key)", body: Reservation },
      notFound("No such member or service"),
      {
        status: 409,
        description: "slot_full: not enough seats left in the slot; nothing was booked",
        body: ErrorBody,
        codes: ["slot_full"],
      },
      {
        status: 422,
        description:
          "slot_unavailable (not a slot of the service, already started, or a party too large) or " +
          "idempotency_conflict. Refusals are not stored: the same key may try again.",
        body: ErrorBody,
        codes: ["slot_unavailable", "idempotency_conflict"],
      },
    ],
  },
  {
    operationId: "changeReservation",
    method: "post",
    path: "/v1/members/{memberId}/reservations/{reservationId}/change",
    summary: "Move a reservation to another slot of the same service, before its change window closes",
    pathParams: { memberId: MemberId, reservationId: ReservationId },
    headerParams: { "Idempotency-Key": IdempotencyKey },
    requestBody: ChangeReservationRequest,
    responses: [
      { status: 200, description: "Moved (or the first answer for a repeated key)", body: Reservation },
      notFound("No such reservation for this member"),
      {
        status: 409,
        description: "slot_full: the new slot has not enough seats; the reservation is unchanged",
        body: ErrorBody,
        codes: ["slot_full"],
      },
      {
        status: 422,
        description:
          "cancellation_window_closed (changeableUntil has passed), reservation_cancelled, slot_unavailable or " +
          "idempotency_conflict; the reservation is unchanged",
        body: ErrorBody,
        codes: ["cancellation_window_closed", "reservation_cancelled", "slot_unavailable", "idempotency_conflict"],
      },
    ],
  },
  {
    operationId: "cancelReservation",
    method: "post",
    path: "/v1/members/{memberId}/reservations/{reservationId}/cancel",
    summary: "Cancel a reservation before its cancellation window closes (cancelling twice is harmless)",
    pathParams: { memberId: MemberId, reservationId: ReservationId },
    headerParams: { "Idempotency-Key": IdempotencyKey },
    responses: [
      { status: 200, description: "Cancelled (also when it already was)", body: Reservation },
      notFound("No such reservation for this member"),
      {
        status: 422,
        description: "cancellation_window_closed (changeableUntil has passed) or idempotency_conflict",
        body: ErrorBody,
        codes: ["cancellation_window_closed", "idempotency_conflict"],
      },
    ],
  },
  {
    operationId: "listReminderCandidates",
    method: "get",
    path: "/v1/reservations/reminder-candidates",
    summary: "Confirmed reservations starting in [from, to), a page at a time, with the linked LINE user (for the reminder job)",
    queryParams: {
      from: IsoDateTime.meta({ id: "WindowFrom" }),
      to: IsoDateTime.meta({ id: "WindowTo" }),
      cursor: pageCursorParam,
      limit: z.coerce.number().int().min(1).max(1000).optional().meta({ id: "CandidatePageLimit" }),
    },
    paging: { defaultLimit: 500, maxLimit: 1000, order: "startsAt, then reservationId, ascending" },
    responses: [{ status: 200, description: "One page of reservations", body: ReminderCandidatePage }],
  },
  {
    operationId: "listCouponCatalogue",
    method: "get",
    path: "/v1/coupons",
    summary: "Every coupon the merchant offers: what it gives, where, for how long and how many uses",
    responses: [{ status: 200, description: "The catalogue", body: CouponCatalogue }],
  },
  {
    operationId: "listMemberCoupons",
    method: "get",
    path: "/v1/members/{memberId}/coupons",
    summary: "A member's coupons: available, used and expired, with the uses left",
    pathParams: { memberId: MemberId },
    responses: [{ status: 200, description: "The coupons", body: MemberCouponList }, notFound("No such member")],
  },
  {
    operationId: "getMemberCoupon",
    method: "get",
    path: "/v1/members/{memberId}/coupons/{couponId}",
    summary: "One of the member's coupons",
    pathParams: { memberId: MemberId, couponId: CouponId },
    responses: [
      { status: 200, description: "The coupon", body: MemberCoupon },
      notFound("No such coupon for this member: also when it is someone else's (never 403)"),
    ],
  },
  {
    operationId: "grantCoupon",
    method: "post",
    path: "/v1/members/{memberId}/coupons",
    summary: "Grant a member a coupon from the catalogue (a job or a campaign); the key makes a repeat grant nothing new",
    pathParams: { memberId: MemberId },
    headerParams: { "Idempotency-Key": IdempotencyKey },
    requestBody: GrantCouponRequest,
    responses: [
      { status: 201, description: "Granted (or the first answer for a repeated key)", body: MemberCoupon },
      {
        status: 200,
        description: "Already granted under this grantKey: the coupon granted then, nothing new",
        body: MemberCoupon,
      },
      notFound("No such member or coupon"),
      { status: 422, description: "idempotency_conflict", body: ErrorBody, codes: ["idempotency_conflict"] },
    ],
  },
  {
    operationId: "listBirthdayCandidates",
    method: "get",
    path: "/v1/coupons/birthday-candidates",
    summary: "Members linked to LINE whose birthday is in a month, a page at a time (for the birthday coupon job)",
    queryParams: {
      month: z.coerce.number().int().min(1).max(12).meta({ id: "BirthdayMonth" }),
      cursor: pageCursorParam,
      limit: z.coerce.number().int().min(1).max(1000).optional().meta({ id: "BirthdayCandidatePageLimit" }),
    },
    paging: { defaultLimit: 500, maxLimit: 1000, order: "ascending memberId" },
    responses: [{ status: 200, description: "One page of members", body: BirthdayCandidatePage }],
  },
  {
    operationId: "listPointsExpiryCandidates",
    method: "get",
    path: "/v1/points/expiry-candidates",
    summary:
      "Members linked to LINE whose points expire between two Japan dates, one entry per expiry batch, a page at a " +
      "time (for the BFF's points-expiring reminder)",
    queryParams: {
      from: IsoDate.meta({ id: "PointsExpiryFrom", description: "The first Japan date of the range" }),
      through: IsoDate.meta({ id: "PointsExpiryThrough", description: "The last Japan date of the range" }),
      cursor: pageCursorParam,
      limit: z.coerce.number().int().min(1).max(1000).optional().meta({ id: "PointsExpiryCandidatePageLimit" }),
    },
    paging: { defaultLimit: 500, maxLimit: 1000, order: "ascending memberId, then expiresOn" },
    responses: [
      { status: 200, description: "One page of members and batches", body: PointsExpiryCandidatePage },
      {
        status: 400,
        description:
          "A date is missing or through is before from, a limit over the maximum, or a cursor this merchant cannot read",
        body: ErrorBody,
        codes: ["bad_request"],
      },
    ],
  },
  {
    operationId: "redeemCoupon",
    method: "post",
    path: "/v1/members/{memberId}/coupons/{couponId}/redemptions",
    summary: "Use a member's coupon once at a store, atomically: of two redemptions of the last use, exactly one succeeds",
    pathParams: { memberId: MemberId, couponId: CouponId },
    headerParams: { "Idempotency-Key": IdempotencyKey },
    requestBody: RedeemCouponRequest,
    responses: [
      { status: 201, description: "Used (or the first answer for a repeated key)", body: CouponRedemption },
      notFound("No such coupon for this member (also when it is someone else's)"),
      { status: 409, description: "coupon_used: no uses left; nothing changed", body: ErrorBody, codes: ["coupon_used"] },
      {
        status: 422,
        description:
          "coupon_expired (past validUntil), coupon_wrong_store (not taken at this store) or idempotency_conflict; " +
          "nothing changed. Refusals are not stored: the same key may try again.",
        body: ErrorBody,
        codes: ["coupon_expired", "coupon_wrong_store", "idempotency_conflict"],
      },
    ],
  },
  {
    operationId: "voidCouponRedemption",
    method: "post",
    path: "/v1/members/{memberId}/coupons/{couponId}/redemptions/{redemptionId}/void",
    summary: "Give back a use (a mistaken redemption); voiding twice is harmless",
    pathParams: { memberId: MemberId, couponId: CouponId, redemptionId: CouponRedemptionId },
    responses: [
      { status: 200, description: "Voided (also when it already was)", body: CouponRedemption },
      notFound("No such redemption of this member's coupon"),
    ],
  },
  {
    operationId: "evaluateSegment",
    method: "post",
    path: "/v1/segments/members",
    summary:
      "The LINE user ids of linked members matching a filter (rank, birth month, last purchase, purchased products or " +
      "categories, home store, points), a page at a time in ascending id order, with the total; for the console's " +
      "segments. Unlinked members are never listed; an empty filter lists every linked member. Changes nothing.",
    requestBody: EvaluateSegmentRequest,
    paging: { defaultLimit: SEGMENT_PAGE_DEFAULT, maxLimit: SEGMENT_PAGE_MAX, order: "ascending lineUserId" },
    responses: [
      { status: 200, description: "One page of matching LINE user ids", body: SegmentMemberPage },
      {
        status: 400,
        description:
          "bad_request: the filter is not valid (an unknown field, a month out of 1-12, pointsMin above pointsMax), " +
          "a limit over the maximum, or the cursor is unknown",
        body: ErrorBody,
        codes: ["bad_request"],
      },
    ],
  },
] as const satisfies readonly MerchantOperation[];

export type MerchantOperationId = (typeof merchantOperations)[number]["operationId"];

/** An operation takes an Idempotency-Key: the document's Idempotency section applies to it. */
export const isIdempotent = (operation: MerchantOperation): boolean => operation.headerParams?.["Idempotency-Key"] !== undefined;

const IN_FLIGHT =
  "request_in_progress: a request with the same Idempotency-Key is still being processed (a merchant that does not " +
  "make the second one wait for the first); answer with Retry-After. Nothing was done for this request";

/**
 * Every answer of an operation as the document lists it: its own, then the answers every operation may give unless it
 * words them itself (400 bad_request, 401 unauthorized) and, for an idempotent operation, 409 request_in_progress.
 */
export function answersOf(operation: MerchantOperation): Answer[] {
  const answers: Answer[] = [...operation.responses];
  if (!answers.some((answer) => answer.status === 400)) {
    answers.push({
      status: 400,
      description:
        "The request is not valid: a path or query parameter" +
        (operation.requestBody ? ", the body" : "") +
        (isIdempotent(operation) ? ", a missing or malformed Idempotency-Key" : "") +
        (operation.paging ? ", a limit over the maximum, or a cursor this merchant cannot read" : "") +
        " (`issues` names the fields). Nothing changed",
      body: ErrorBody,
      codes: ["bad_request"],
    });
  }
  if (!answers.some((answer) => answer.status === 401)) {
    answers.push({
      status: 401,
      description: "The API key is missing or wrong (with `WWW-Authenticate: Bearer`). Nothing changed",
      body: ErrorBody,
      codes: ["unauthorized"],
    });
  }
  if (isIdempotent(operation)) {
    const conflict = answers.findIndex((answer) => answer.status === 409);
    if (conflict === -1) {
      answers.push({ status: 409, description: IN_FLIGHT, body: ErrorBody, codes: ["request_in_progress"] });
    } else {
      const own = answers[conflict]!;
      answers[conflict] = {
        ...own,
        description: `${own.description}; or ${IN_FLIGHT}`,
        codes: [...(own.codes ?? []), "request_in_progress"],
      };
    }
  }
  return answers.sort((a, b) => a.status - b.status);
}

/**
 * For each operation and each error status it may answer, the ErrorBody `code` values that status may carry: the
 * contract's one table of error codes (the OpenAPI document lists them as `x-error-codes`). A code outside its
 * operation's list is off the contract: the BFF answers its customer 502.
 */
export const operationErrorCodes = Object.fromEntries(
  (merchantOperations as readonly MerchantOperation[]).map((operation) => [
    operation.operationId,
    Object.fromEntries(answersOf(operation).flatMap((answer) => (answer.codes ? [[answer.status, answer.codes]] : []))),
  ]),
) as Readonly<Record<MerchantOperationId, Readonly<Partial<Record<number, readonly ErrorCode[]>>>>>;
