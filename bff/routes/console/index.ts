import { Hono } from "hono";
import { ConsoleAuditQuery, type ConsoleAuditResponse, type ConsoleMeResponse } from "../../../shared/api.ts";
import { listConsoleActions } from "../../console/audit.ts";
import type { AppEnv } from "../../env.ts";
import { validate } from "../../lib/validate.ts";
import { liffAuth } from "../../middleware/liff-auth.ts";
import { requireAdmin } from "../../middleware/require-admin.ts";
import { segmentRoutes } from "./segments.ts";
import { tagRoutes } from "./tags.ts";
import { campaignRoutes } from "./campaigns.ts";
import { scenarioRoutes } from "./scenarios.ts";
import { dashboardRoutes } from "./dashboard.ts";
import { richMenuRoutes } from "./rich-menus.ts";

/**
 * The merchant console's API, /api/console/*: admins only (the `admin` role in the merchant's
 * staff list), every other caller gets the staff screen's neutral 403. Each area of the
 * console mounts its routes here, behind the same guard.
 */
export const consoleRoutes = new Hono<AppEnv>()
  .use(liffAuth())
  .use(requireAdmin())
  .get("/me", (c) => {
    const body: ConsoleMeResponse = { name: c.get("staff").name };
    return c.json(body, 200);
  })
  .get("/audit", validate("query", ConsoleAuditQuery), async (c) => {
    const { limit, before } = c.req.valid("query");
    const page = await listConsoleActions(c.env.DB, { limit: limit ?? 50, before });
    const body: ConsoleAuditResponse = {
      entries: page.entries.map(({ staffId: _staffId, ...entry }) => entry),
      nextBefore: page.nextBefore,
    };
    return c.json(body, 200);
  })
  .route("/segments", segmentRoutes)
  .route("/tags", tagRoutes)
  .route("/campaigns", campaignRoutes)
  .route("/scenarios", scenarioRoutes)
  .route("/dashboard", dashboardRoutes)
  .route("/rich-menus", richMenuRoutes);
