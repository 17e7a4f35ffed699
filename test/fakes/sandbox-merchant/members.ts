import { Hono } from "hono";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import {
  AuthenticateMemberRequest,
  MemberId,
  type AuthenticateMemberRequest as AuthenticateMemberRequestType,
  type MemberSummary,
} from "../../../shared/merchant-contract.ts";
import type { MerchantDatabase } from "./database.ts";
import { readLinkSettings } from "./link-settings.ts";
import { hashPin, pinMatches } from "./pin.ts";
import { validJsonBody, validPathParams } from "./validation.ts";

const MemberCredentialsRow = z.object({
  memberId: z.string(),
  pinSalt: z.string(),
  pinSha256: z.string(),
  birthDate: z.string(),
});
type MemberCredentialsRow = z.infer<typeof MemberCredentialsRow>;
type SecondFactor = AuthenticateMemberRequestType["secondFactor"];

const MemberSummaryRow = z.object({
  memberId: z.string(),
  memberNumber: z.string(),
  name: z.string(),
  rankCode: z.string(),
  rankName: z.string(),
  balance: z.number().int(),
});

/** POST /v1/members/authenticate and GET /v1/members/:memberId/summary */
export function memberRoutes(db: MerchantDatabase) {
  return new Hono()
    .post("/authenticate", validJsonBody(AuthenticateMemberRequest), (c) => {
      const { memberNumber, secondFactor } = c.req.valid("json");
      const member = db.row(
        `SELECT member_id AS memberId, pin_salt AS pinSalt, pin_sha256 AS pinSha256, birth_date AS birthDate
         FROM members WHERE member_number = ?`,
        [memberNumber],
        MemberCredentialsRow,
      );
      const configuredFactor = readLinkSettings(db).secondFactor;
      if (!credentialsMatch(member, secondFactor, configuredFactor)) {
        // One answer for every failure, so the endpoint cannot be used to find member numbers.
        return c.json(errorBody("unauthorized", "The member number or the second factor is incorrect"), 401);
      }
      return c.json({ memberId: member.memberId }, 200);
    })
    .get("/:memberId/summary", validPathParams(z.object({ memberId: MemberId })), (c) => {
      const { memberId } = c.req.valid("param");
      const row = db.row(
        `SELECT members.member_id AS memberId, members.member_number AS memberNumber,
                members.family_name || ' ' || members.given_name AS name,
                ranks.code AS rankCode, ranks.name AS rankName, member_point_balances.balance AS balance
         FROM members
         JOIN ranks ON ranks.code = members.rank_code
         JOIN member_point_balances ON member_point_balances.member_id = members.member_id
         WHERE members.member_id = ?`,
        [memberId],
        MemberSummaryRow,
      );
      if (row === null) return c.json(errorBody("not_found", "No such member"), 404);
      const summary: MemberSummary = {
        memberId: row.memberId,
        memberNumber: row.memberNumber,
        name: row.name,
        rank: { code: row.rankCode, name: row.rankName },
        points: { balance: row.balance },
      };
      return c.json(summary, 200);
    });
}

// Checked against when the member number is unknown, so that case costs the same hashing as
// a wrong PIN and timing does not tell which member numbers exist.
const UNKNOWN_MEMBER_SALT = "0".repeat(32);
const UNKNOWN_MEMBER = { pinSalt: UNKNOWN_MEMBER_SALT, pinSha256: hashPin("no such member", UNKNOWN_MEMBER_SALT) };

function credentialsMatch(
  member: MemberCredentialsRow | null,
  secondFactor: SecondFactor,
  configuredFactor: SecondFactor["type"],
): member is MemberCredentialsRow {
  // A factor the merchant does not ask for never proves anything, even if it happens to match.
  if (secondFactor.type !== configuredFactor) return false;
  switch (secondFactor.type) {
    case "pin": {
      const { pinSalt, pinSha256 } = member ?? UNKNOWN_MEMBER;
      return pinMatches(secondFactor.value, pinSalt, pinSha256) && member !== null;
    }
    case "birthDate":
      return member !== null && member.birthDate === secondFactor.value;
  }
}
