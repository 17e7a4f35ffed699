import { Hono } from "hono";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import { LineLink, LineUserId, PutLineLinkRequest } from "../../../shared/merchant-contract.ts";
import { constraintViolation, type MerchantDatabase } from "./database.ts";
import { validJsonBody, validPathParams } from "./validation.ts";

const LineUserParams = z.object({ lineUserId: LineUserId });
const SELECT_LINK = `SELECT line_user_id AS lineUserId, member_id AS memberId, linked_at AS linkedAt
                     FROM line_links WHERE line_user_id = ?`;

/** GET, PUT and DELETE /v1/line-links/:lineUserId */
export function lineLinkRoutes(db: MerchantDatabase) {
  return new Hono()
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
