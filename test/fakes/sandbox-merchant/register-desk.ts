import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import {
  CheckInRequest,
  LineLink,
  MemberId,
  MemberNumber,
  PointTransactionRequest,
  type CheckIn,
  type PointTransaction,
} from "../../../shared/merchant-contract.ts";
import type { MerchantDatabase } from "./database.ts";
import { once, readIdempotencyKey, type StoredAnswer } from "./idempotency.ts";
import { addLedgerEntry, expireDuePoints, memberExists } from "./points.ts";
import { validJsonBody, validPathParams } from "./validation.ts";

const MemberParams = z.object({ memberId: MemberId });
const RateRow = z.object({ pointsPer100Yen: z.number(), balance: z.number() });

/** What staff do at the register: look a member up by number, points and check-ins. */
export function registerDeskRoutes(db: MerchantDatabase, summaryOf: (memberId: string) => unknown) {
  return new Hono()
    .get("/by-number/:memberNumber/summary", validPathParams(z.object({ memberNumber: MemberNumber })), (c) => {
      const row = db.row(
        "SELECT member_id AS memberId FROM members WHERE member_number = ?",
        [c.req.valid("param").memberNumber],
        z.object({ memberId: z.string() }),
      );
      const summary = row ? summaryOf(row.memberId) : null;
      if (!summary) return c.json(errorBody("not_found", "No such member"), 404);
      return c.json(summary, 200);
    })
    .get("/:memberId/line-link", validPathParams(MemberParams), (c) => {
      const link = db.row(
        `SELECT line_user_id AS lineUserId, member_id AS memberId, linked_at AS linkedAt
         FROM line_links WHERE member_id = ?`,
        [c.req.valid("param").memberId],
        LineLink,
      );
      if (!link) return c.json(errorBody("not_found", "This member is not linked"), 404);
      return c.json(link, 200);
    })
    .post("/:memberId/point-transactions", validPathParams(MemberParams), validJsonBody(PointTransactionRequest), (c) => {
      const key = readIdempotencyKey(c.req.header("idempotency-key"));
      if (!key) return c.json(errorBody("bad_request", "An Idempotency-Key header is required"), 400);
      const { memberId } = c.req.valid("param");
      const request = c.req.valid("json");
      const answer = once(db, "createPointTransaction", key, { memberId, request }, () =>
        recordPointTransaction(db, memberId, request),
      );
      return c.json(answer.body as object, answer.status);
    })
    .post("/:memberId/check-ins", validPathParams(MemberParams), validJsonBody(CheckInRequest), (c) => {
      const key = readIdempotencyKey(c.req.header("idempotency-key"));
      if (!key) return c.json(errorBody("bad_request", "An Idempotency-Key header is required"), 400);
      const { memberId } = c.req.valid("param");
      const request = c.req.valid("json");
      const answer = once(db, "createCheckIn", key, { memberId, request }, (): StoredAnswer => {
        if (!memberExists(db, memberId)) return { status: 404, body: errorBody("not_found", "No such member") };
        const checkIn: CheckIn = { checkInId: `chk_${randomUUID()}`, ...request, occurredAt: new Date().toISOString() };
        db.run("INSERT INTO check_ins (check_in_id, member_id, store_id, staff_id, occurred_at) VALUES (?, ?, ?, ?, ?)", [
          checkIn.checkInId,
          memberId,
          checkIn.storeId,
          checkIn.staffId,
          checkIn.occurredAt,
        ]);
        return { status: 201, body: checkIn };
      });
      return c.json(answer.body as object, answer.status);
    });
}

function recordPointTransaction(
  db: MerchantDatabase,
  memberId: string,
  request: z.infer<typeof PointTransactionRequest>,
): StoredAnswer {
  if (memberExists(db, memberId)) expireDuePoints(db, memberId);
  const member = db.row(
    `SELECT ranks.points_per_100_yen AS pointsPer100Yen, member_point_balances.balance AS balance
     FROM members JOIN ranks ON ranks.code = members.rank_code
     JOIN member_point_balances ON member_point_balances.member_id = members.member_id
     WHERE members.member_id = ?`,
    [memberId],
    RateRow,
  );
  if (!member) return { status: 404, body: errorBody("not_found", "No such member") };
  const points =
    request.kind === "award" ? Math.floor(request.purchaseAmountYen / 100) * member.pointsPer100Yen : -request.points;
  // Checked and written in one transaction (the caller's), so two redemptions cannot both pass.
  if (member.balance + points < 0) {
    return { status: 422, body: errorBody("insufficient_points", `Only ${member.balance} points are available`) };
  }
  const occurredAt = new Date().toISOString();
  const transactionId =
    points === 0
      ? null
      : addLedgerEntry(db, {
          memberId,
          points,
          reason: request.kind === "award" ? "purchase" : "redemption",
          note: request.kind === "award" ? `お買い上げ ${request.purchaseAmountYen}円` : "店頭でのポイント利用",
          storeId: request.storeId,
          staffId: request.staffId,
          occurredAt,
        });
  const body: PointTransaction = {
    transactionId: transactionId === null ? `pt_none_${randomUUID()}` : `pt_${transactionId}`,
    kind: request.kind,
    points,
    balance: member.balance + points,
    storeId: request.storeId,
    staffId: request.staffId,
    occurredAt,
  };
  return { status: 201, body };
}
