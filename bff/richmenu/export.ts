import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AreaAction } from "./config.ts";
import { richMenuAreaSourceId, type DesiredMenu } from "./desired-menus.ts";
import { configDigest, EXPORT_FORMAT, type ExportedMenu, type RichMenuExport } from "./export-format.ts";
import type { PreparedMenus } from "./commands.ts";

// `npm run richmenu -- export`: renders the menus as `apply` would and writes them for the
// console (see export-format.ts for why the Worker cannot render them itself).

export const DEFAULT_EXPORT_PATH = fileURLToPath(new URL("./richmenu.export.json", import.meta.url));

function describeTarget(action: AreaAction): string {
  switch (action.type) {
    case "app":
      return action.path;
    case "uri":
      return action.uri;
    case "postback":
      return action.data;
    case "message":
      return action.text;
    case "tab":
      return action.menu;
  }
}

/** The export of menus built from a config file. */
export async function richMenuExport(
  prepared: PreparedMenus,
  options: { configPath: string; liffId?: string; tracked: boolean; now?: number },
): Promise<RichMenuExport> {
  const { config, desired } = prepared;
  const raw: unknown = JSON.parse(readFileSync(options.configPath, "utf8"));
  const menus = desired.map((menu: DesiredMenu): ExportedMenu => {
    const configured = config.menus[menu.key]!;
    return {
      key: menu.key,
      aliasId: menu.aliasId,
      name: menu.name,
      isDefault: menu.isDefault,
      layout: configured.layout,
      richMenu: menu.richMenu,
      image: {
        contentType: menu.image.contentType,
        source: menu.image.source,
        base64: Buffer.from(menu.image.bytes).toString("base64"),
      },
      missingGlyphs: menu.missingGlyphs,
      areas: configured.areas.map((area, index) => ({
        label: area.label,
        sublabel: area.sublabel ?? null,
        action: area.action.type,
        target: describeTarget(area.action),
        sourceId:
          options.tracked && (area.action.type === "app" || area.action.type === "uri")
            ? richMenuAreaSourceId(menu.key, index)
            : null,
      })),
    };
  });
  return {
    format: EXPORT_FORMAT,
    configName: config.name,
    configSha256: await configDigest(raw),
    liffId: options.liffId ?? config.liffId ?? null,
    tracked: options.tracked,
    exportedAt: new Date(options.now ?? Date.now()).toISOString(),
    menus,
  };
}

export function writeRichMenuExport(data: RichMenuExport, path = DEFAULT_EXPORT_PATH): void {
  writeFileSync(path, `${JSON.stringify(data)}\n`);
}
