import { DEFAULT_CONFIG_PATH } from "./cli.ts";
import { applyRichMenus, resyncRichMenus } from "./commands.ts";
import { memoryLedger } from "./ledger.ts";
import { changesOf } from "./planner.ts";
import type { FontOptions } from "./render.ts";

// `npm run dev` puts the sample menus on the fake LINE platform as soon as it starts, and
// links the already-linked dev persona to the linked menu, so the fake's dev page shows
// each persona the menu they would see in LINE.

export interface DevRichMenuOptions {
  lineUrl: string;
  channelAccessToken: string;
  liffId: string;
  /** With the merchant, members already linked there get the linked menu (resync). */
  merchantUrl?: string;
  merchantApiKey?: string;
  configPath?: string;
  fonts?: FontOptions;
  log?: (line: string) => void;
}

/**
 * Applies the rich menu config to the fakes. Never throws: a broken config or a machine
 * without a Japanese font must not stop `npm run dev`; the reason is logged instead.
 */
export async function applyRichMenusToFakes(options: DevRichMenuOptions): Promise<boolean> {
  const log = options.log ?? ((line: string) => console.log(line));
  const line = { apiBase: options.lineUrl, dataApiBase: options.lineUrl, channelAccessToken: options.channelAccessToken };
  try {
    const { plan, desired } = await applyRichMenus({
      configPath: options.configPath ?? DEFAULT_CONFIG_PATH,
      line,
      liffId: options.liffId,
      deleteStale: true,
      // The fake starts empty and counts its own limits; nothing to remember between runs.
      ledger: memoryLedger(),
      allowMissingGlyphs: true,
      fonts: options.fonts,
    });
    const missing = desired.filter((menu) => menu.missingGlyphs.length > 0).map((menu) => menu.key);
    log(
      `[rich menus] ${changesOf(plan).length} changes applied to the fake LINE platform` +
        (missing.length ? ` (no Japanese font found: labels of ${missing.join(", ")} are blank; see README, "Rich menus")` : ""),
    );
    if (options.merchantUrl && options.merchantApiKey) {
      const result = await resyncRichMenus({ line, merchant: { apiBase: options.merchantUrl, apiKey: options.merchantApiKey } });
      log(`[rich menus] ${result.members} linked member(s) given the linked menu`);
    }
    return true;
  } catch (error) {
    log(`[rich menus] not applied to the fakes: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

export { writeDevFakesFile } from "../cli/dev-settings.ts";
