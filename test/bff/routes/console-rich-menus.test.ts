import { env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { bundledExport, exportStaleness, tapsBySource } from "../../../bff/console/rich-menus.ts";
import configJson from "../../../bff/richmenu/richmenu.config.json";
import {
  ConsoleAuditResponse,
  ConsoleRichMenuApplyResponse,
  ConsoleRichMenusResponse,
  type ConsoleRichMenusResponse as RichMenus,
} from "../../../shared/api.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { callBff, jsonBody, mintIdToken } from "../helpers.ts";

// The console's rich menus: the menus `npm run richmenu -- export` rendered (committed for the
// dev LIFF id the tests run with), their images, the plan against the fake LINE platform, and
// apply with the CLI's engine.

let adminToken: string;
beforeAll(async () => {
  adminToken = await mintIdToken({ persona: "admin" });
});

async function richMenus(): Promise<RichMenus> {
  const response = await callBff("/api/console/rich-menus", { token: adminToken });
  expect(response.status).toBe(200);
  return ConsoleRichMenusResponse.parse(await response.json());
}

async function lineAliasTarget(aliasId: string): Promise<string | null> {
  const response = await fetch(`${inject("fakeLineUrl")}/v2/bot/richmenu/alias/${aliasId}`, {
    headers: { authorization: `Bearer ${env.LINE_CHANNEL_ACCESS_TOKEN}` },
  });
  return response.ok ? ((await response.json()) as { richMenuId: string }).richMenuId : null;
}

describe("the exported rich menus", () => {
  it("match the committed config and the LIFF id the Worker runs with", async () => {
    expect(await exportStaleness(bundledExport, env.LIFF_ID)).toBeNull();
  });

  it("are stale for a changed config, or for another LIFF id", async () => {
    const changed = structuredClone(configJson) as { menus: { linked: { chatBarText: string } } };
    changed.menus.linked.chatBarText = "別の文言";
    expect(await exportStaleness(bundledExport, env.LIFF_ID, changed)).toBe("config_changed");
    expect(await exportStaleness(bundledExport, "1999999999-other")).toBe("liff_id_differs");
  });

  it("count taps per rich menu area from the tracked clicks, and nothing else's", async () => {
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO tracked_clicks (click_id, source_kind, source_id, visitor, clicked_at) VALUES ('c1', 'richmenu', 'linked:0', 'v1', 1)",
      ),
      env.DB.prepare(
        "INSERT INTO tracked_clicks (click_id, source_kind, source_id, visitor, clicked_at) VALUES ('c2', 'richmenu', 'linked:0', 'v2', 2)",
      ),
      env.DB.prepare(
        "INSERT INTO tracked_clicks (click_id, source_kind, source_id, visitor, clicked_at) VALUES ('c3', 'campaign', 'linked:0', 'v3', 3)",
      ),
    ]);
    expect(Object.fromEntries(await tapsBySource(env.DB))).toEqual({ "linked:0": 2 });
  });
});

describe("GET /api/console/rich-menus", () => {
  it("shows each configured menu with its buttons, and taps as not measured while the links are not tracked", async () => {
    const body = await richMenus();
    expect(body.configName).toBe("komorebi");
    expect(body.stale).toBeNull();
    expect(body.tracked).toBe(false);
    expect(body.menus.map((menu) => [menu.key, menu.audience])).toEqual([
      ["unlinked", "unlinked"],
      ["linked", "linked"],
      ["linked-news", "tab"],
    ]);
    const linked = body.menus.find((menu) => menu.key === "linked")!;
    expect(linked.areas[0]).toEqual({
      index: 0,
      label: "会員証",
      sublabel: null,
      action: "app",
      target: "/card",
      taps: null,
    });
    expect(body.menus.flatMap((menu) => menu.areas).every((area) => area.taps === null)).toBe(true);
    expect(body.plan).not.toBeNull();
  });

  it("serves each menu's rendered PNG, and 404 for a menu that is not configured", async () => {
    const response = await callBff("/api/console/rich-menus/linked/image", { token: adminToken });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const missing = await callBff("/api/console/rich-menus/nope/image", { token: adminToken });
    expect(missing.status).toBe(404);
  });
});

describe("POST /api/console/rich-menus/apply", () => {
  it("refuses to apply menus exported for another LIFF id, changing nothing", async () => {
    const before = await richMenus();
    const response = await callBff("/api/console/rich-menus/apply", {
      token: adminToken,
      method: "POST",
      ...jsonBody({}),
      bindings: { LIFF_ID: "1999999999-other" },
    });
    expect(response.status).toBe(409);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("conflict");
    expect((await richMenus()).plan?.changes).toBe(before.plan?.changes);
  });

  it("puts the exported menus on LINE as npm run richmenu apply does, audited, and a second apply changes nothing", async () => {
    const response = await callBff("/api/console/rich-menus/apply", { token: adminToken, method: "POST", ...jsonBody({}) });
    expect(response.status).toBe(200);
    const first = ConsoleRichMenuApplyResponse.parse(await response.json());
    const linkedName = bundledExport.menus.find((menu) => menu.key === "linked")!.name;
    expect(first.done.some((action) => action.kind === "create-menu" && action.description.includes(linkedName))).toBe(true);
    // The menus are there now (made by this apply or one before it), behind their aliases.
    expect(await lineAliasTarget("linked")).not.toBeNull();
    const after = await richMenus();
    expect(after.plan?.changes).toBe(0);
    expect(after.plan?.actions.some((action) => action.kind === "keep-menu" && action.description.includes(linkedName))).toBe(
      true,
    );

    const again = ConsoleRichMenuApplyResponse.parse(
      await (await callBff("/api/console/rich-menus/apply", { token: adminToken, method: "POST", ...jsonBody({}) })).json(),
    );
    expect(again).toEqual({ done: [], changes: 0 });

    const audit = ConsoleAuditResponse.parse(await (await callBff("/api/console/audit", { token: adminToken })).json());
    const applies = audit.entries.filter((entry) => entry.action === "richmenu.apply");
    expect(applies.map((entry) => entry.detail)).toEqual([
      { changes: 0, deleteStale: false, completed: true },
      { changes: first.changes, deleteStale: false, completed: true },
    ]);
    expect(applies[0]?.staffName).toBe("高橋 美咲");
  });

  it("answers 400 to a body that is not the apply request", async () => {
    const response = await callBff("/api/console/rich-menus/apply", {
      token: adminToken,
      method: "POST",
      ...jsonBody({ deleteStale: "yes" }),
    });
    expect(response.status).toBe(400);
  });
});
