import { Hono } from "hono";
import { ConsoleDashboardQuery } from "../../../shared/api.ts";
import { readDashboard } from "../../console/dashboard.ts";
import type { AppEnv } from "../../env.ts";
import { validate } from "../../lib/validate.ts";

/** GET /api/console/dashboard?days=30|90 (behind the console's admin guard). */
export const dashboardRoutes = new Hono<AppEnv>().get("/", validate("query", ConsoleDashboardQuery), async (c) => {
  const body = await readDashboard(c.env.DB, Date.now(), c.req.valid("query").days ?? 30);
  c.header("cache-control", "no-store");
  return c.json(body, 200);
});
