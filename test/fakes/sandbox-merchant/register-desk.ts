import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import {
  CheckInRequest,
  LineLink,
  MemberId,
  MemberNumber,
  PointAwardPreviewRequest,
  PointTransactionRequest,
  STAFF_ACTION_VOID_WINDOW_MINUTES,
  StaffActionId,
  StaffActionVoidRequest,
  type CheckIn,
  type PointAwardPreview,
  type PointTransaction,
  type StaffActionVoid,
} from "../../../shared/merchant-contract.ts";
import type { MerchantDatabase } from "./database.ts";
import { once, readIdempotencyKey, type StoredAnswer } from "./idempotency.ts";
import { addLedgerEntry, expireDuePoints, memberExists, pointBalance, pointsForPurchase } from "./points.ts";
import { validJsonBody, validPathParams } from "./validation.ts";

const MemberParams = z.object({ memberId: MemberId });
const RateRow = z.object({ pointsPer100Yen: z.number(), balance: z.number() });
const VoidParams = z.object({ memberId: MemberId, actionId: StaffActionId });
const RegisterActionRow = z.object({
  kind: z.enum(["check_in", "award", "redeem"]),
  points: z.number().int(),
  storeId: z.string(),
  staffId: z.string(),
  occurredAt: z.string(),
  voidJson: z.string().nullable(),
});

/** What staff do at the register: look a member up by number, points and check-ins, and void a mistaken one. */
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
    .post("/:memberId/point-awards/preview", validPathParams(MemberParams), validJsonBody(PointAwardPreviewRequest), (c) => {
      const points = pointsForPurchase(db, c.req.valid("param").memberId, c.req.valid("json").purchaseAmountYen);
      if (points === null) return c.json(errorBody("not_found", "No such member"), 404);
      const body: PointAwardPreview = { points };
      return c.json(body, 200);
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
        recordRegisterAction(db, memberId, checkIn.checkInId, { kind: "check_in", points: 0, ...checkIn });
        return { status: 201, body: checkIn };
      });
      return c.json(answer.body as object, answer.status);
    })
    .post("/:memberId/staff-actions/:actionId/void", validPathParams(VoidParams), validJsonBody(StaffActionVoidRequest), (c) => {
      const key = readIdempotencyKey(c.req.header("idempotency-key"));
      if (!key) return c.json(errorBody("bad_request", "An Idempotency-Key header is required"), 400);
      const { memberId, actionId } = c.req.valid("param");
      const request = c.req.valid("json");
      const answer = once(db, "voidStaffAction", key, { memberId, actionId, request }, () =>
        voidRegisterAction(db, memberId, actionId, request),
      );
      return c.json(answer.body as object, answer.status);
    });
}

function recordRegisterAction(
  db: MerchantDatabase,
  memberId: string,
  actionId: string,
  action: { kind: "check_in" | "award" | "redeem"; points: number; storeId: string; staffId: string; occurredAt: string },
): void {
  db.run(
    `INSERT INTO register_actions (action_id, member_id, kind, points, store_id, staff_id, occurred_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [actionId, memberId, action.kind, action.points, action.storeId, action.staffId, action.occurredAt],
  );
}

/**
 * Undoes one register action, once: the first void is the answer to every later one. Checked
 * and written in the caller's transaction, so two voids cannot both move the points.
 */
function voidRegisterAction(
  db: MerchantDatabase,
  memberId: string,
  actionId: string,
  request: z.infer<typeof StaffActionVoidRequest>,
  now = new Date(),
): StoredAnswer {
  const action = db.row(
    `SELECT kind, points, store_id AS storeId, staff_id AS staffId, occurred_at AS occurredAt, void_json AS voidJson
     FROM register_actions WHERE action_id = ? AND member_id = ?`,
    [actionId, memberId],
    RegisterActionRow,
  );
  if (!action) return { status: 404, body: errorBody("not_found", "No such action for this member") };
  if (action.staffId !== request.staffId || action.storeId !== request.storeId) {
    return { status: 403, body: errorBody("forbidden", "Only the staff member who made it, for its store, may void it") };
  }
  if (action.voidJson !== null) return { status: 200, body: JSON.parse(action.voidJson) };
  if (now.getTime() - Date.parse(action.occurredAt) > STAFF_ACTION_VOID_WINDOW_MINUTES * 60_000) {
    return { status: 422, body: errorBody("void_window_closed", "This action is too old to void") };
  }
  if (memberExists(db, memberId)) expireDuePoints(db, memberId, now);
  const balance = pointBalance(db, memberId) ?? 0;
  const change = -action.points;
  if (balance + change < 0) {
    return { status: 422, body: errorBody("insufficient_points", `Only ${balance} of the awarded points are left`) };
  }
  const voidedAt = now.toISOString();
  if (change !== 0) {
    addLedgerEntry(db, {
      memberId,
      points: change,
      reason: "adjustment",
      note: action.kind === "award" ? "ポイント付与の取り消し" : "ポイント利用の取り消し",
      storeId: action.storeId,
      staffId: action.staffId,
      occurredAt: voidedAt,
    });
  }
  if (action.kind === "check_in") db.run("DELETE FROM check_ins WHERE check_in_id = ?", [actionId]);
  const body: StaffActionVoid = {
    actionId,
    kind: action.kind,
    points: change,
    balance: balance + change,
    storeId: action.storeId,
    staffId: action.staffId,
    voidedAt,
  };
  db.run("UPDATE register_actions SET void_json = ? WHERE action_id = ?", [JSON.stringify(body), actionId]);
  return { status: 200, body };
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
  recordRegisterAction(db, memberId, body.transactionId, body);
  return { status: 201, body };
}
