import { Hono } from "hono";
import {
  ConsoleRichMenuApplyRequest,
  type ConsoleRichMenuApplyResponse,
  type ConsoleRichMenusResponse,
} from "../../../shared/api.ts";
import { recordConsoleAction } from "../../console/audit.ts";
import {
  audienceOf,
  bundledExport,
  d1Ledger,
  desiredFromExport,
  exportStaleness,
  imageBytes,
  tapsBySource,
} from "../../console/rich-menus.ts";
import type { AppEnv, Bindings } from "../../env.ts";
import { refuse } from "../../lib/refuse.ts";
import { validate } from "../../lib/validate.ts";
import { applyPlan, planForChannel, PlanRefusedError } from "../../richmenu/apply.ts";
import { describeAction } from "../../richmenu/describe.ts";
import { createRichMenuApi, LineApiError } from "../../richmenu/line-api.ts";
import { changesOf, type Plan } from "../../richmenu/planner.ts";

// The console's rich menus (behind the console's admin guard): the exported menus, their images,
// taps per area, the plan against the channel, and apply: the same planner and apply as
// `npm run richmenu apply`, with the menus `npm run richmenu -- export` rendered.

/** LINE serves rich menu images from api-data.line.me; the fake platform serves both on one origin. */
function richMenuApi(env: Bindings) {
  const apiBase = env.LINE_API_BASE;
  return createRichMenuApi({
    apiBase,
    dataApiBase: apiBase.replace("://api.line.me", "://api-data.line.me"),
    channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN,
    // A console request must answer: no long waits on LINE's Retry-After.
    maxAttempts: 2,
    maxDelayMs: 2000,
  });
}

const desired = () => desiredFromExport(bundledExport);

function planView(plan: Plan) {
  return {
    actions: plan.actions.map((action) => ({ kind: action.kind, description: describeAction(action, desired()) })),
    changes: changesOf(plan).length,
    refusals: plan.refusals,
  };
}

export const richMenuRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const now = Date.now();
    const [stale, taps, ledger] = await Promise.all([
      exportStaleness(bundledExport, c.env.LIFF_ID),
      tapsBySource(c.env.DB),
      d1Ledger(c.env.DB, now),
    ]);
    let plan: ConsoleRichMenusResponse["plan"] = null;
    try {
      plan = planView(
        await planForChannel(richMenuApi(c.env), desired(), { prefix: bundledExport.configName, deleteStale: false, ledger }),
      );
    } catch (error) {
      c.get("log").warn("rich menu plan: LINE could not be read", { error: error instanceof Error ? error.message : "unknown" });
    }
    const body: ConsoleRichMenusResponse = {
      configName: bundledExport.configName,
      exportedAt: bundledExport.exportedAt,
      stale,
      tracked: bundledExport.tracked,
      menus: bundledExport.menus.map((menu) => ({
        key: menu.key,
        name: menu.name,
        audience: audienceOf(menu),
        chatBarText: menu.richMenu.chatBarText,
        layout: menu.layout,
        size: menu.richMenu.size,
        missingGlyphs: menu.missingGlyphs,
        areas: menu.areas.map((area, index) => ({
          index,
          label: area.label,
          sublabel: area.sublabel,
          action: area.action,
          target: area.target,
          taps: area.sourceId === null ? null : (taps.get(area.sourceId) ?? 0),
        })),
      })),
      plan,
    };
    c.header("cache-control", "no-store");
    return c.json(body, 200);
  })
  .get("/:key/image", (c) => {
    const menu = bundledExport.menus.find((candidate) => candidate.key === c.req.param("key"));
    if (!menu) return refuse(c, 404, "not_found", "No such rich menu");
    return c.body(imageBytes(menu), 200, { "content-type": menu.image.contentType, "cache-control": "private, max-age=300" });
  })
  .post("/apply", validate("json", ConsoleRichMenuApplyRequest), async (c) => {
    const { deleteStale } = c.req.valid("json");
    const stale = await exportStaleness(bundledExport, c.env.LIFF_ID);
    if (stale) {
      return refuse(
        c,
        409,
        "conflict",
        `The exported menus cannot be applied here (${stale}): run npm run richmenu -- export and deploy`,
      );
    }
    const now = Date.now();
    const ledger = await d1Ledger(c.env.DB, now);
    const api = richMenuApi(c.env);
    const menus = desired();
    const done: ConsoleRichMenuApplyResponse["done"] = [];
    const audit = (completed: boolean) =>
      recordConsoleAction(c.env.DB, c.get("staff"), {
        action: "richmenu.apply",
        target: bundledExport.configName,
        detail: { changes: done.length, deleteStale, completed },
      });
    try {
      const plan = await planForChannel(api, menus, { prefix: bundledExport.configName, deleteStale, ledger });
      await applyPlan(api, plan, menus, {
        ledger,
        onAction: (action) => done.push({ kind: action.kind, description: describeAction(action, menus) }),
      });
    } catch (error) {
      await ledger.flush();
      // A refused plan changed nothing; a failure halfway changed the channel, and is recorded.
      if (error instanceof PlanRefusedError) return refuse(c, 409, "conflict", error.message);
      await audit(false);
      if (error instanceof LineApiError) {
        c.get("log").warn("rich menu apply: LINE refused", { error: error.message, done: done.length });
        return refuse(c, 502, "upstream_unavailable", "LINE did not accept every change; apply again to carry on");
      }
      throw error;
    }
    await ledger.flush();
    await audit(true);
    const body: ConsoleRichMenuApplyResponse = { done, changes: done.length };
    return c.json(body, 200);
  });
