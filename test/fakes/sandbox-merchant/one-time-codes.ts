import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { z } from "zod";
import { MemberNumber, OneTimeCodeRequest } from "../../../shared/merchant-contract.ts";
import type { MerchantDatabase } from "./database.ts";
import { validJsonBody } from "./validation.ts";

// One-time codes for linking (secondFactor "otp"). The merchant sends the code to the member's
// registered email or phone; the BFF never learns the address. The sandbox "sends" it by
// writing it to sent_one_time_codes, which only the dev endpoint reads.

const CODE_TTL_MS = 10 * 60_000;
const MAX_WRONG_ANSWERS = 5;

const sha256 = (code: string) => createHash("sha256").update(code, "utf8").digest("hex");

/** POST /v1/members/one-time-codes: always 202, whether or not a code went out. */
export function oneTimeCodeRoutes(db: MerchantDatabase) {
  return new Hono().post("/", validJsonBody(OneTimeCodeRequest), (c) => {
    const { memberNumber } = c.req.valid("json");
    const member = db.row(
      "SELECT member_id AS memberId, email, phone FROM members WHERE member_number = ?",
      [memberNumber],
      z.object({ memberId: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
    );
    if (member && (member.email || member.phone)) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
      const now = Date.now();
      db.transaction(() => {
        // A new code replaces the last one, with a fresh count of wrong answers.
        db.run(
          `INSERT INTO one_time_codes (member_id, code_sha256, expires_at, wrong_answers) VALUES (?, ?, ?, 0)
           ON CONFLICT (member_id) DO UPDATE SET code_sha256 = excluded.code_sha256, expires_at = excluded.expires_at,
             wrong_answers = 0`,
          [member.memberId, sha256(code), now + CODE_TTL_MS],
        );
        db.run("INSERT INTO sent_one_time_codes (member_number, channel, code, sent_at) VALUES (?, ?, ?, ?)", [
          memberNumber,
          member.email ? "email" : "sms",
          code,
          new Date(now).toISOString(),
        ]);
      });
    }
    return c.body(null, 202);
  });
}

/** True once for the member's current code; a wrong answer counts, and the fifth kills the code. */
export function oneTimeCodeMatches(db: MerchantDatabase, memberId: string | null, code: string): boolean {
  const row = memberId
    ? db.row(
        "SELECT code_sha256 AS codeSha256, expires_at AS expiresAt FROM one_time_codes WHERE member_id = ?",
        [memberId],
        z.object({ codeSha256: z.string(), expiresAt: z.number() }),
      )
    : null;
  if (!row || row.expiresAt <= Date.now()) return false;
  const matches = timingSafeEqual(Buffer.from(row.codeSha256, "hex"), Buffer.from(sha256(code), "hex"));
  if (matches) {
    db.run("DELETE FROM one_time_codes WHERE member_id = ?", [memberId]);
    return true;
  }
  db.run(`UPDATE one_time_codes SET wrong_answers = wrong_answers + 1 WHERE member_id = ?`, [memberId]);
  db.run("DELETE FROM one_time_codes WHERE member_id = ? AND wrong_answers >= ?", [memberId, MAX_WRONG_ANSWERS]);
  return false;
}

/** GET /__dev/one-time-codes?memberNumber=…: the codes "sent" to a member, newest first. */
export function sentOneTimeCodes(db: MerchantDatabase, memberNumber: string) {
  return db.rows(
    `SELECT member_number AS memberNumber, channel, code, sent_at AS sentAt FROM sent_one_time_codes
     WHERE member_number = ? ORDER BY sent_id DESC LIMIT 20`,
    [memberNumber],
    z.object({ memberNumber: MemberNumber, channel: z.enum(["email", "sms"]), code: z.string(), sentAt: z.string() }),
  );
}
