import { Hono } from "hono";
import { PageQuery, type PointHistoryResponse, type PointsResponse } from "../../shared/api.ts";
import type { AppEnv } from "../env.ts";
import { refuse } from "../lib/refuse.ts";
import { validate } from "../lib/validate.ts";
import { liffAuth } from "../middleware/liff-auth.ts";
import { requireMember } from "../middleware/require-member.ts";

/** The member's points: one balance for store and online points, what expires soon, and the ledger. */
export const pointsRoutes = new Hono<AppEnv>()
  .use(liffAuth())
  .get("/", requireMember(), async (c) => {
    const points = await c.get("merchant").getPoints(c.get("memberId"));
    if (!points) return refuse(c, 404, "not_linked", "This membership no longer exists");
    c.header("cache-control", "no-store");
    const body: PointsResponse = points;
    return c.json(body, 200);
  })
  .get("/history", validate("query", PageQuery), requireMember(), async (c) => {
    const page = await c.get("merchant").listPointHistory(c.get("memberId"), c.req.valid("query"));
    if (!page) return refuse(c, 404, "not_linked", "This membership no longer exists");
    if ("invalidCursor" in page) return refuse(c, 400, "bad_request", "The cursor is not valid: start from the first page");
    c.header("cache-control", "no-store");
    const body: PointHistoryResponse = page;
    return c.json(body, 200);
  });
