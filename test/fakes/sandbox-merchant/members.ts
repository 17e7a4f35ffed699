import { Hono } from "hono";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import { randomUUID } from "node:crypto";
import {
  AuthenticateMemberRequest,
  MemberId,
  RegisterMemberRequest,
  type AuthenticateMemberRequest as AuthenticateMemberRequestType,
  type MemberSummary,
  type RankProgress,
  type RegisterMemberRequest as RegisterMemberRequestType,
} from "../../../shared/merchant-contract.ts";
import { constraintViolation, type MerchantDatabase } from "./database.ts";
import { readLinkSettings } from "./link-settings.ts";
import { orderRoutes } from "./orders.ts";
import { expireDuePoints, pointRoutes } from "./points.ts";
import { registerDeskRoutes } from "./register-desk.ts";
import { oneTimeCodeMatches, oneTimeCodeRoutes } from "./one-time-codes.ts";
import { hashPin, pinMatches } from "./pin.ts";
import { SIGNUP_BONUS_POINTS } from "./seed.ts";
import { validJsonBody, validPathParams } from "./validation.ts";
import { grantWelcomeCoupon } from "./coupons.ts";

const MemberCredentialsRow = z.object({
  memberId: z.string(),
  pinSalt: z.string().nullable(),
  pinSha256: z.string().nullable(),
  birthDate: z.string().nullable(),
});
type MemberCredentialsRow = z.infer<typeof MemberCredentialsRow>;
type SecondFactor = AuthenticateMemberRequestType["secondFactor"];

const MemberSummaryRow = z.object({
  memberId: z.string(),
  memberNumber: z.string(),
  name: z.string(),
  rankCode: z.string(),
  rankName: z.string(),
  rankBenefits: z.string(),
  balance: z.number().int(),
});

const rankBenefits = (json: string): string[] => z.array(z.string()).parse(JSON.parse(json));

/** POST /v1/members, POST /v1/members/authenticate, GET /v1/members/:memberId/summary, and points and orders */
export function memberRoutes(db: MerchantDatabase, onCouponGranted: (memberId: string, couponId: string) => void = () => {}) {
  return new Hono()
    .route("/one-time-codes", oneTimeCodeRoutes(db))
    .post("/", validJsonBody(RegisterMemberRequest), (c) => {
      const request = c.req.valid("json");
      if (!request.confirmNotDuplicate && hasSameNameAndBirthDate(db, request.profile)) {
        return c.json(
          errorBody(
            "possible_duplicate",
            "A member with this name and birth date exists: link that membership, or confirm this is someone else",
          ),
          409,
        );
      }
      try {
        const { welcomeCouponId, ...registered } = db.transaction(() => registerLinkedMember(db, request));
        if (welcomeCouponId !== null) onCouponGranted(registered.memberId, welcomeCouponId);
        return c.json(registered, 201);
      } catch (error) {
        // The link's UNIQUE key refused it, and the transaction took the new member back out.
        if (constraintViolation(error)?.kind !== "unique") throw error;
        return c.json(errorBody("conflict", "This LINE user is already linked to a member"), 409);
      }
    })
    .post("/authenticate", validJsonBody(AuthenticateMemberRequest), (c) => {
      const memberId = authenticateMember(db, c.req.valid("json"));
      if (memberId === null) {
        // One answer for every failure, so the endpoint cannot be used to find member numbers.
        return c.json(errorBody("unauthorized", "The member number or the second factor is incorrect"), 401);
      }
      return c.json({ memberId }, 200);
    })
    .get("/:memberId/summary", validPathParams(z.object({ memberId: MemberId })), (c) => {
      const summary = memberSummary(db, c.req.valid("param").memberId);
      if (summary === null) return c.json(errorBody("not_found", "No such member"), 404);
      return c.json(summary, 200);
    })
    .route(
      "/",
      registerDeskRoutes(db, (memberId) => memberSummary(db, memberId)),
    )
    .route("/", pointRoutes(db))
    .route("/", orderRoutes(db));
}

function memberSummary(db: MerchantDatabase, memberId: string): MemberSummary | null {
  expireDuePoints(db, memberId);
  const row = db.row(
    `SELECT members.member_id AS memberId, members.member_number AS memberNumber,
            TRIM(members.family_name || ' ' || members.given_name) AS name,
            ranks.code AS rankCode, ranks.name AS rankName, ranks.benefits_json AS rankBenefits,
            member_point_balances.balance AS balance
     FROM members
     JOIN ranks ON ranks.code = members.rank_code
     JOIN member_point_balances ON member_point_balances.member_id = members.member_id
     WHERE members.member_id = ?`,
    [memberId],
    MemberSummaryRow,
  );
  if (row === null) return null;
  return {
    memberId: row.memberId,
    memberNumber: row.memberNumber,
    name: row.name,
    rank: { code: row.rankCode, name: row.rankName, benefits: rankBenefits(row.rankBenefits) },
    points: { balance: row.balance },
    rankProgress: rankProgress(db, memberId, row.rankCode),
  };
}

const NextRankRow = z.object({ code: z.string(), name: z.string(), benefits: z.string(), thresholdYen: z.number().int() });
const RANK_PERIOD_DAYS = 365;

/**
 * The sandbox ranks by spend over a rolling year: the member's orders of the last 365 days that
 * were not cancelled (purchases at the register earn points but carry no amount here). Null at
 * the top rank.
 */
function rankProgress(db: MerchantDatabase, memberId: string, rankCode: string, now = Date.now()): RankProgress | null {
  const next = db.row(
    `SELECT code, name, benefits_json AS benefits, qualifying_annual_spend_yen AS thresholdYen FROM ranks
     WHERE position > (SELECT position FROM ranks WHERE code = ?) ORDER BY position LIMIT 1`,
    [rankCode],
    NextRankRow,
  );
  if (next === null) return null;
  const since = new Date(now - RANK_PERIOD_DAYS * 86_400_000).toISOString();
  const { spentYen } = db.row(
    `SELECT COALESCE(SUM(order_items.quantity * order_items.unit_price_yen), 0) AS spentYen
     FROM orders JOIN order_items ON order_items.order_id = orders.order_id
     WHERE orders.member_id = ? AND orders.status <> 'cancelled' AND orders.ordered_at >= ?`,
    [memberId, since],
    z.object({ spentYen: z.number().int() }),
  )!;
  return {
    nextRank: { code: next.code, name: next.name, benefits: rankBenefits(next.benefits) },
    remainingYen: Math.max(0, next.thresholdYen - spentYen),
    spentYen,
    thresholdYen: next.thresholdYen,
    periodEndsOn: null,
  };
}

/** The member these credentials prove, or null; also used by the account-link login page. */
export function authenticateMember(
  db: MerchantDatabase,
  { memberNumber, secondFactor }: AuthenticateMemberRequestType,
): string | null {
  const member = db.row(
    `SELECT member_id AS memberId, pin_salt AS pinSalt, pin_sha256 AS pinSha256, birth_date AS birthDate
     FROM members WHERE member_number = ?`,
    [memberNumber],
    MemberCredentialsRow,
  );
  const configuredFactor = readLinkSettings(db).secondFactor;
  if (secondFactor.type === "otp") {
    if (configuredFactor !== "otp") return null;
    return oneTimeCodeMatches(db, member?.memberId ?? null, secondFactor.value) && member ? member.memberId : null;
  }
  return credentialsMatch(member, secondFactor, configuredFactor) ? member.memberId : null;
}

const nameKey = (name: string) => name.normalize("NFKC").replace(/\s+/g, "");

/** Same name (spaces aside) and same birth date: probably the same person joining twice. */
function hasSameNameAndBirthDate(db: MerchantDatabase, profile: RegisterMemberRequestType["profile"]): boolean {
  // Without a birth date a shared name alone says too little.
  if (!profile.birthDate) return false;
  const namesakes = db.rows(
    "SELECT family_name || given_name AS name FROM members WHERE birth_date = ?",
    [profile.birthDate],
    z.object({ name: z.string() }),
  );
  return namesakes.some(({ name }) => nameKey(name) === nameKey(profile.name));
}

// Checked against when the member number is unknown, so that case costs the same hashing as
// a wrong PIN and timing does not tell which member numbers exist.
const UNKNOWN_MEMBER_SALT = "0".repeat(32);
const UNKNOWN_MEMBER = { pinSalt: UNKNOWN_MEMBER_SALT, pinSha256: hashPin("no such member", UNKNOWN_MEMBER_SALT) };

function credentialsMatch(
  member: MemberCredentialsRow | null,
  secondFactor: Exclude<SecondFactor, { type: "otp" }>,
  configuredFactor: SecondFactor["type"],
): member is MemberCredentialsRow {
  // A factor the merchant does not ask for never proves anything, even if it happens to match.
  if (secondFactor.type !== configuredFactor) return false;
  switch (secondFactor.type) {
    case "pin": {
      // Members who joined from LINE have no PIN: nothing can match it.
      const hasPin = member?.pinSalt != null && member.pinSha256 != null;
      const pinSalt = hasPin ? member.pinSalt! : UNKNOWN_MEMBER.pinSalt;
      const pinSha256 = hasPin ? member.pinSha256! : UNKNOWN_MEMBER.pinSha256;
      return pinMatches(secondFactor.value, pinSalt, pinSha256) && hasPin;
    }
    case "birthDate":
      return member !== null && member.birthDate !== null && member.birthDate === secondFactor.value;
  }
}

/**
 * The first word is the family name and every word after it the given name, so a name of
 * three or more words ("Mary Ann Smith") comes back whole from the summary.
 */
export function splitName(name: string): [string, string] {
  const [familyName = "", ...givenNames] = name.trim().split(/[\s　]+/);
  return [familyName, givenNames.join(" ")];
}

/** Creates a member with only the fields the customer gave, the sign-up bonus, and the LINE link. */
function registerLinkedMember(db: MerchantDatabase, request: RegisterMemberRequestType) {
  const { profile, consents, lineUserId } = request;
  const [familyName, givenName] = splitName(profile.name);
  const [familyNameKana = null, givenNameKana = null] = profile.nameKana
    ? splitName(profile.nameKana).map((part) => part || null)
    : [];
  const memberId = `mem_${randomUUID()}`;
  const now = new Date();
  const joinedOn = now.toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" });
  // The next number in the sandbox's series; inside the transaction, so two sign-ups cannot take the same one.
  const memberNumber = db.row(
    `SELECT printf('1000-%04d', COALESCE(MAX(CAST(substr(member_number, 6) AS INTEGER)), 0) + 1) AS memberNumber
     FROM members WHERE member_number LIKE '1000-%'`,
    [],
    z.object({ memberNumber: z.string() }),
  )!.memberNumber;
  db.run(
    `INSERT INTO members (member_id, member_number, family_name, given_name, family_name_kana, given_name_kana,
       rank_code, birth_date, email, phone, marketing_consent, home_store_id, joined_on)
     VALUES (?, ?, ?, ?, ?, ?, 'regular', ?, ?, ?, ?, 'store_online', ?)`,
    [
      memberId,
      memberNumber,
      familyName,
      givenName,
      familyNameKana,
      givenNameKana,
      profile.birthDate ?? null,
      profile.email ?? null,
      profile.phone ?? null,
      consents.marketingMessages ? 1 : 0,
      joinedOn,
    ],
  );
  db.run(
    `INSERT INTO point_transactions (member_id, points, reason, note, occurred_at)
     VALUES (?, ?, 'signup_bonus', '入会ボーナス', ?)`,
    [memberId, SIGNUP_BONUS_POINTS, now.toISOString()],
  );
  const linkedAt = now.toISOString();
  db.run("INSERT INTO line_links (line_user_id, member_id, linked_at) VALUES (?, ?, ?)", [lineUserId, memberId, linkedAt]);
  const welcomeCouponId = grantWelcomeCoupon(db, memberId, now);
  return { memberId, memberNumber, linkedAt, welcomeCouponId };
}
