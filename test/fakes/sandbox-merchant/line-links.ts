import { Hono } from "hono";
import { validator } from "hono/validator";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import { LineLink, LineLinkPage, LineUserId, merchantOperations, PutLineLinkRequest } from "../../../shared/merchant-contract.ts";
import { badRequestBody } from "../input.ts";
import { grantWelcomeCoupon } from "./coupons.ts";
import { constraintViolation, type MerchantDatabase } from "./database.ts";
import { validJsonBody, validPathParams } from "./validation.ts";

const LineUserParams = z.object({ lineUserId: LineUserId });
const SELECT_LINK = `SELECT line_user_id AS lineUserId, member_id AS memberId, linked_at AS linkedAt
                     FROM line_links WHERE line_user_id = ?`;

const listLineLinks = merchantOperations.find((operation) => operation.operationId === "listLineLinks")!;
const ListQuery = z.object(listLineLinks.queryParams);
const DEFAULT_PAGE_SIZE = 100;

// The cursor is the last LINE user id of the page, opaque to callers; pages follow the
// primary key, so links made or removed while a caller pages never shift the pages after.
const encodeCursor = (lineUserId: string) => Buffer.from(lineUserId, "utf8").toString("base64url");
function decodeCursor(cursor: string): string | null {
  const lineUserId = Buffer.from(cursor, "base64url").toString("utf8");
  return LineUserId.safeParse(lineUserId).success ? lineUserId : null;
}

/**
 * GET /v1/line-links (pages), and GET, PUT and DELETE /v1/line-links/:lineUserId. A member's first
 * link grants the welcome coupon, which `onCouponGranted` announces (the coupon.granted event).
 */
export function lineLinkRoutes(db: MerchantDatabase, onCouponGranted: (memberId: string, couponId: string) => void = () => {}) {
  return new Hono()
    .get(
      "/",
      validator("query", (value, c) => {
        const result = ListQuery.safeParse(value);
        return result.success ? result.data : c.json(badRequestBody(result.error), 400);
      }),
      (c) => {
        const { cursor, limit = DEFAULT_PAGE_SIZE } = c.req.valid("query");
        const after = cursor === undefined ? "" : decodeCursor(cursor);
        if (after === null) return c.json(errorBody("bad_request", "The cursor is not one this merchant issued"), 400);
        // One row more than asked tells whether another page follows.
        const rows = db.rows(
          `SELECT line_user_id AS lineUserId, member_id AS memberId, linked_at AS linkedAt
           FROM line_links WHERE line_user_id > ? ORDER BY line_user_id LIMIT ?`,
          [after, limit + 1],
          LineLink,
        );
        const links = rows.slice(0, limit);
        const page: LineLinkPage = {
          links,
          nextCursor: rows.length > limit ? encodeCursor(links[links.length - 1].lineUserId) : null,
        };
        return c.json(page, 200);
      },
    )
    .get("/:lineUserId", validPathParams(LineUserParams), (c) => {
      const link = db.row(SELECT_LINK, [c.req.valid("param").lineUserId], LineLink);
      if (link === null) return c.json(errorBody("not_found", "This LINE user is not linked"), 404);
      return c.json(link, 200);
    })
    .put("/:lineUserId", validPathParams(LineUserParams), validJsonBody(PutLineLinkRequest), (c) => {
      const { lineUserId } = c.req.valid("param");
      const { memberId } = c.req.valid("json");
      const link: LineLink = { lineUserId, memberId, linkedAt: new Date().toISOString() };
      try {
        // Insert and let the UNIQUE keys decide: checking first would let two concurrent links
        // of the same member both pass the check.
        db.run("INSERT INTO line_links (line_user_id, member_id, linked_at) VALUES (?, ?, ?)", [
          link.lineUserId,
          link.memberId,
          link.linkedAt,
        ]);
        const welcomeCouponId = grantWelcomeCoupon(db, link.memberId);
        if (welcomeCouponId !== null) onCouponGranted(link.memberId, welcomeCouponId);
        return c.json(link, 200);
      } catch (error) {
        const violation = constraintViolation(error);
        if (violation?.kind === "foreign_key") return c.json(errorBody("not_found", "No such member"), 404);
        if (violation?.kind !== "unique") throw error;
      }
      const existing = db.row(SELECT_LINK, [lineUserId], LineLink);
      if (existing?.memberId === memberId) return c.json(existing, 200);
      const conflict = existing
        ? "This LINE user is already linked to another member"
        : "This member is already linked to another LINE user";
      return c.json(errorBody("conflict", conflict), 409);
    })
    .delete("/:lineUserId", validPathParams(LineUserParams), (c) => {
      const removed = db.run("DELETE FROM line_links WHERE line_user_id = ?", [c.req.valid("param").lineUserId]);
      if (removed === 0) return c.json(errorBody("not_found", "This LINE user is not linked"), 404);
      return c.body(null, 204);
    });
}
