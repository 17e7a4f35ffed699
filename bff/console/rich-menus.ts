import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { ConsoleRichMenusResponse } from "../../shared/api.ts";
import { LINKED_MENU_ALIAS } from "../line/rich-menus.ts";
import { configDigest, RichMenuExport, type ExportedMenu } from "../richmenu/export-format.ts";
import type { DesiredMenu } from "../richmenu/desired-menus.ts";
import type { RateLedger } from "../richmenu/ledger.ts";
import type { HourlyUsage } from "../richmenu/planner.ts";
import exportedJson from "../richmenu/richmenu.export.json";
import configJson from "../richmenu/richmenu.config.json";

// The console's view of the rich menus: the export `npm run richmenu -- export` rendered (the
// Worker cannot render: resvg is a native Node module), checked against the config the Worker
// was built with and the LIFF id it runs with, and the same planner and apply as the CLI.

const HOUR_MS = 60 * 60 * 1000;

/** The export the Worker was built with. */
export const bundledExport: RichMenuExport = RichMenuExport.parse(exportedJson);

/** Why this export must not be applied here; null when it may. */
export async function exportStaleness(
  data: RichMenuExport,
  liffId: string,
  config: unknown = configJson,
): Promise<ConsoleRichMenusResponse["stale"]> {
  if ((await configDigest(config)) !== data.configSha256) return "config_changed";
  if (data.liffId !== liffId) return "liff_id_differs";
  return null;
}

const imageCache = new WeakMap<ExportedMenu, Uint8Array<ArrayBuffer>>();

/** A menu's image bytes (decoded once per isolate). */
export function imageBytes(menu: ExportedMenu): Uint8Array<ArrayBuffer> {
  let bytes = imageCache.get(menu);
  if (!bytes) {
    bytes = Uint8Array.from(atob(menu.image.base64), (char) => char.charCodeAt(0));
    imageCache.set(menu, bytes);
  }
  return bytes;
}

/** The exported menus as the planner and apply take them. */
export function desiredFromExport(data: RichMenuExport): DesiredMenu[] {
  return data.menus.map((menu) => ({
    key: menu.key,
    aliasId: menu.aliasId,
    name: menu.name,
    isDefault: menu.isDefault,
    richMenu: menu.richMenu,
    image: { bytes: imageBytes(menu), contentType: menu.image.contentType, source: menu.image.source },
    missingGlyphs: menu.missingGlyphs,
  }));
}

/** Who sees a menu: friends before linking (the config's "unlinked"), linked members, or a tab of theirs. */
export const audienceOf = (menu: ExportedMenu) =>
  menu.isDefault ? "unlinked" : menu.key === LINKED_MENU_ALIAS ? "linked" : "tab";

/** Taps per tracked area (source ids `<menu>:<area>`), all time within retention. */
export async function tapsBySource(db: D1Database): Promise<Map<string, number>> {
  const { results } = await db
    .prepare("SELECT source_id, count(*) AS n FROM tracked_clicks WHERE source_kind = 'richmenu' GROUP BY source_id")
    .all<{ source_id: string; n: number }>();
  return new Map(results.map((row) => [row.source_id, row.n]));
}

/**
 * LINE's hourly limits on creating and deleting rich menus, counted in D1 for the console's
 * applies. `record` is synchronous for apply.ts; `flush` writes what was recorded.
 */
export async function d1Ledger(db: D1Database, now: number): Promise<RateLedger & { flush(): Promise<void> }> {
  const { results } = await db
    .prepare("SELECT kind, count(*) AS n FROM richmenu_ledger WHERE at > ?1 GROUP BY kind")
    .bind(now - HOUR_MS)
    .all<{ kind: keyof HourlyUsage; n: number }>();
  const used: HourlyUsage = { create: 0, delete: 0, aliasDelete: 0 };
  for (const row of results) used[row.kind] = row.n;
  const recorded: { kind: keyof HourlyUsage; at: number }[] = [];
  return {
    usedThisHour: () => {
      const counts = { ...used };
      for (const entry of recorded) counts[entry.kind] += 1;
      return counts;
    },
    record: (kind, at = Date.now()) => void recorded.push({ kind, at }),
    async flush() {
      if (recorded.length === 0) return;
      await db
        .prepare("INSERT INTO richmenu_ledger (kind, at) SELECT value ->> 'kind', value ->> 'at' FROM json_each(?1)")
        .bind(JSON.stringify(recorded.splice(0)))
        .run();
    },
  };
}
