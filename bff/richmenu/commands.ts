import { dirname } from "node:path";
import { linkTracker, type TrackedLinkDeps } from "../console/tracked-links.ts";
import { createMerchantClient } from "../merchant/client.ts";
import type { Logger } from "../lib/log.ts";
import { applyPlan, planForChannel, resyncLinkedMembers, type ApplyResult, type ResyncResult } from "./apply.ts";
import { loadMenuBrand } from "./brand-theme.ts";
import { loadRichMenuConfig, type RichMenuConfig } from "./config.ts";
import { buildDesiredMenus, richMenuAreaSourceId, type DesiredMenu } from "./desired-menus.ts";
import type { RateLedger } from "./ledger.ts";
import { createRichMenuApi, type RichMenuApi, type RichMenuApiOptions } from "./line-api.ts";
import type { Plan, PlanAction } from "./planner.ts";
import type { FontOptions } from "./render.ts";

// plan, apply and resync as functions: the CLI prints what they return, `npm run dev` calls
// them against the fakes, and the tests call them against the fake LINE platform.

export interface LineChannel {
  apiBase: string;
  dataApiBase: string;
  channelAccessToken: string;
}

export interface RichMenuToolOptions {
  configPath: string;
  /** The shop's brand/brand.config.json (colours and logo of rendered menus); the project's when left out. */
  brandPath?: string;
  line: LineChannel;
  /** LIFF_ID; the config's `liffId` is used when this is missing. */
  liffId?: string;
  deleteStale?: boolean;
  ledger: RateLedger;
  fonts?: FontOptions;
  api?: Pick<RichMenuApiOptions, "onRetry" | "sleep" | "maxDelayMs" | "maxAttempts">;
  /**
   * MEMBER_CARD_SECRET and BFF_PUBLIC_URL: app and URL areas then open through the Worker's
   * tracked links, so the console counts their taps per area.
   */
  tracking?: TrackedLinkDeps;
}

export interface PreparedMenus {
  config: RichMenuConfig;
  desired: DesiredMenu[];
}

export interface PreparedPlan extends PreparedMenus {
  api: RichMenuApi;
  plan: Plan;
}

/** Loads the config and renders the menus (the links tracked when `tracking` is given). */
export async function prepareRichMenus(options: Omit<RichMenuToolOptions, "line" | "ledger">): Promise<PreparedMenus> {
  const config = loadRichMenuConfig(options.configPath);
  const trackers = new Map<string, (uri: string) => string>();
  if (options.tracking) {
    for (const [key, menu] of Object.entries(config.menus)) {
      for (const index of menu.areas.keys()) {
        const sourceId = richMenuAreaSourceId(key, index);
        trackers.set(sourceId, await linkTracker(options.tracking, { kind: "richmenu", sourceId }));
      }
    }
  }
  const desired = buildDesiredMenus(config, {
    baseDir: dirname(options.configPath),
    liffId: options.liffId,
    fonts: options.fonts,
    brand: loadMenuBrand(options.brandPath),
    ...(options.tracking ? { track: (sourceId: string, uri: string) => trackers.get(sourceId)!(uri) } : {}),
  });
  return { config, desired };
}

/** Loads the config, renders the menus and compares them with the channel. Writes nothing. */
export async function planRichMenuChanges(options: RichMenuToolOptions): Promise<PreparedPlan> {
  const { config, desired } = await prepareRichMenus(options);
  const api = createRichMenuApi({ ...options.line, ...options.api });
  const plan = await planForChannel(api, desired, {
    prefix: config.name,
    deleteStale: options.deleteStale ?? false,
    ledger: options.ledger,
  });
  return { config, desired, api, plan };
}

/** Labels that would be uploaded without their glyphs: no installed font has them. */
export class MissingGlyphsError extends Error {
  constructor(readonly menus: { key: string; characters: string[] }[]) {
    super(
      "No installed font can draw some labels, so the rendered menus would show blank buttons:\n" +
        menus.map((menu) => `  ${menu.key}: ${menu.characters.join(" ")}`).join("\n") +
        "\nInstall a Japanese font (Debian/Ubuntu: apt-get install fonts-noto-cjk), list one in the config's theme.fontFiles, or pass --allow-missing-glyphs.",
    );
    this.name = "MissingGlyphsError";
  }
}

export function menusMissingGlyphs(desired: DesiredMenu[]): { key: string; characters: string[] }[] {
  return desired
    .filter((menu) => menu.missingGlyphs.length > 0)
    .map((menu) => ({ key: menu.key, characters: menu.missingGlyphs }));
}

export interface ApplyOptions extends RichMenuToolOptions {
  allowMissingGlyphs?: boolean;
  onAction?: (action: PlanAction, desired: DesiredMenu[]) => void;
}

/** Makes the channel hold exactly the configured menus; a second run changes nothing. */
export async function applyRichMenus(options: ApplyOptions): Promise<PreparedPlan & { result: ApplyResult }> {
  const prepared = await planRichMenuChanges(options);
  const missing = menusMissingGlyphs(prepared.desired);
  if (missing.length > 0 && !options.allowMissingGlyphs) throw new MissingGlyphsError(missing);
  const result = await applyPlan(prepared.api, prepared.plan, prepared.desired, {
    ledger: options.ledger,
    onAction: (action) => options.onAction?.(action, prepared.desired),
  });
  return { ...prepared, result };
}

export interface ResyncOptions {
  line: LineChannel;
  merchant: { apiBase: string; apiKey: string };
  api?: RichMenuToolOptions["api"];
  /** Page size asked of the merchant (the contract allows up to 500). */
  pageSize?: number;
  onBatch?: (linked: number) => void;
}

const quietLogger: Logger = {
  info: () => undefined,
  warn: (message, fields) => console.warn(JSON.stringify({ level: "warn", message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: "error", message, ...fields })),
};

/** Links every member linked at the merchant to the `linked` menu, 500 per call. */
export async function resyncRichMenus(options: ResyncOptions): Promise<ResyncResult> {
  const api = createRichMenuApi({ ...options.line, ...options.api });
  const merchant = createMerchantClient({
    baseUrl: options.merchant.apiBase,
    apiKey: options.merchant.apiKey,
    timeoutMs: 15_000,
    requestId: `richmenu-resync-${crypto.randomUUID()}`,
    log: quietLogger,
  });
  return resyncLinkedMembers(
    api,
    async (cursor) => {
      const page = await merchant.listLineLinks({ cursor, limit: options.pageSize ?? 500 });
      return { lineUserIds: page.links.map((link) => link.lineUserId), nextCursor: page.nextCursor };
    },
    { onBatch: options.onBatch },
  );
}
