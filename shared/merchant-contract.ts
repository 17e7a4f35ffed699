import { z } from "zod";
import { ErrorBody } from "./errors.ts";

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
      .enum(["pin", "birthDate"])
      .describe("What a member enters besides the member number to prove who they are"),
  })
  .meta({ id: "LinkSettings" });
export type LinkSettings = z.infer<typeof LinkSettings>;

export const SecondFactor = z.discriminatedUnion("type", [
  z.object({ type: z.literal("pin"), value: z.string().regex(/^\d{4,8}$/, "4 to 8 digits") }),
  z.object({ type: z.literal("birthDate"), value: IsoDate }),
]);

export const AuthenticateMemberRequest = z
  .object({ memberNumber: MemberNumber, secondFactor: SecondFactor })
  .meta({ id: "AuthenticateMemberRequest" });
export type AuthenticateMemberRequest = z.infer<typeof AuthenticateMemberRequest>;

export const AuthenticateMemberResponse = z
  .object({ memberId: MemberId })
  .meta({ id: "AuthenticateMemberResponse" });

export const LineLink = z
  .object({ lineUserId: LineUserId, memberId: MemberId, linkedAt: IsoDateTime })
  .meta({ id: "LineLink" });
export type LineLink = z.infer<typeof LineLink>;

export const PutLineLinkRequest = z.object({ memberId: MemberId }).meta({ id: "PutLineLinkRequest" });

export const Rank = z
  .object({
    code: z.string().min(1).max(32),
    name: z.string().min(1).max(64).describe("Display name, in the merchant's language"),
  })
  .meta({ id: "Rank" });

export const MemberSummary = z
  .object({
    memberId: MemberId,
    memberNumber: MemberNumber,
    name: z.string().min(1).max(128),
    rank: Rank,
    points: z.object({ balance: z.number().int().nonnegative() }),
  })
  .meta({ id: "MemberSummary" });
export type MemberSummary = z.infer<typeof MemberSummary>;

export const Store = z
  .object({ storeId: z.string().min(1).max(64), name: z.string().min(1).max(128) })
  .meta({ id: "Store" });
export type Store = z.infer<typeof Store>;

export const StaffRecord = z
  .object({
    staffId: z.string().min(1).max(64),
    name: z.string().min(1).max(128),
    stores: z.array(Store).describe("Stores this staff member may act for"),
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
  })
  .meta({ id: "RegisterMemberRequest" });
export type RegisterMemberRequest = z.infer<typeof RegisterMemberRequest>;

export const RegisteredMember = z
  .object({ memberId: MemberId, memberNumber: MemberNumber, linkedAt: IsoDateTime })
  .meta({ id: "RegisteredMember" });

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

export const ConsumedAccountLinkNonce = z
  .object({ memberId: MemberId })
  .meta({ id: "ConsumedAccountLinkNonce" });

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

type Answer = { status: number; description: string; body?: z.ZodType };

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
}

const notFound = (what: string): Answer => ({ status: 404, description: what, body: ErrorBody });

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
      { status: 401, description: "No member matches these credentials", body: ErrorBody },
    ],
  },
  {
    operationId: "getLineLink",
    method: "get",
    path: "/v1/line-links/{lineUserId}",
    summary: "The member linked to a LINE user",
    pathParams: { lineUserId: LineUserId },
    responses: [
      { status: 200, description: "The link", body: LineLink },
      notFound("This LINE user is not linked"),
    ],
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
      { status: 409, description: "This LINE user is already linked to a member", body: ErrorBody },
    ],
  },
  {
    operationId: "listLineLinks",
    method: "get",
    path: "/v1/line-links",
    summary: "Every linked LINE user, a page at a time (for re-syncing rich menus)",
    queryParams: {
      cursor: z.string().max(200).optional().meta({ id: "PageCursor" }),
      limit: z.coerce.number().int().min(1).max(500).optional().meta({ id: "PageLimit" }),
    },
    responses: [{ status: 200, description: "One page of links", body: LineLinkPage }],
  },
  {
    operationId: "consumeAccountLinkNonce",
    method: "post",
    path: "/v1/account-link-nonces/{nonce}/consume",
    summary:
      "Trade the nonce the merchant's login page made for LINE's account-link flow for the member it was made for; single use, expires after 10 minutes",
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
        description: "Not enough points (code insufficient_points), or the key was used with another body (idempotency_conflict)",
        body: ErrorBody,
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
      { status: 422, description: "The key was used with another body (idempotency_conflict)", body: ErrorBody },
    ],
  },
] as const satisfies readonly MerchantOperation[];
