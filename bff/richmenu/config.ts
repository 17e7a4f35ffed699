import { readFileSync } from "node:fs";
import { z } from "zod";
import { LINKED_MENU_ALIAS } from "../line/rich-menus.ts";
import { ICON_NAMES } from "./icons.ts";
import { parseLayout } from "./layout.ts";
import { ALIAS_RULE, RICH_MENU_LIMITS } from "./line-limits.ts";

// The merchant's declaration of their rich menus (richmenu.config.json). Every rule LINE
// would enforce is checked here or once the image size is known (desired-menus.ts), and each
// error names the field, e.g. `menus.linked.areas[2].action.uri: must be https`.

/** The menu friends see before linking: set as the account's default rich menu. */
export const UNLINKED_MENU_KEY = "unlinked";
/** The entry menu linked members see; its alias is the one the BFF links members to. */
export const LINKED_MENU_KEY = LINKED_MENU_ALIAS;

const limits = RICH_MENU_LIMITS;

const MenuKey = z.string().regex(limits.alias.pattern, `must be ${ALIAS_RULE} (a menu's key is also its alias id)`);
const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour such as #3b2a1a");
const Pixels = (min: number) => z.number().int("must be a whole number of pixels").min(min, `must be at least ${min}`);

const Bounds = z.strictObject({ x: Pixels(0), y: Pixels(0), width: Pixels(1), height: Pixels(1) });

const isHttpsUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname !== "";
  } catch {
    return false;
  }
};

const AreaAction = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      type: z.literal("app"),
      path: z
        .string()
        .max(200)
        .regex(/^\/(?!\/)[^\s#]*$/, "must be a path in the app starting with /, such as /card"),
    }),
    z.strictObject({
      type: z.literal("uri"),
      uri: z
        .string()
        .max(limits.maxUriLength, `must be at most ${limits.maxUriLength} characters`)
        .refine(isHttpsUrl, "must be https"),
    }),
    z.strictObject({
      type: z.literal("postback"),
      data: z.string().min(1).max(limits.maxPostbackDataLength, `must be at most ${limits.maxPostbackDataLength} characters`),
      displayText: z
        .string()
        .min(1)
        .max(limits.maxDisplayTextLength, `must be at most ${limits.maxDisplayTextLength} characters`)
        .optional(),
    }),
    z.strictObject({
      type: z.literal("message"),
      text: z.string().min(1).max(limits.maxMessageTextLength, `must be at most ${limits.maxMessageTextLength} characters`),
    }),
    z.strictObject({ type: z.literal("tab"), menu: MenuKey }),
  ],
  { error: 'must have a "type" of "app", "uri", "postback", "message" or "tab"' },
);
export type AreaAction = z.infer<typeof AreaAction>;

const Area = z.strictObject({
  label: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(limits.maxActionLabelLength, `must be at most ${limits.maxActionLabelLength} characters (LINE's limit for labels)`),
  /** A second, smaller line under the label (e.g. the English name). */
  sublabel: z.string().trim().max(30, "must be at most 30 characters").optional(),
  /** A built-in icon, or "logo" for the shop's logo from the brand config. */
  icon: z.enum([...ICON_NAMES, "logo"], { error: `must be one of ${ICON_NAMES.join(", ")} or logo` }).optional(),
  action: AreaAction,
  /** Required by the "custom" layouts; computed by the grid layouts. */
  bounds: Bounds.optional(),
  /** "primary": the brand's primary colour, for the menu's main call to action. */
  style: z.enum(["primary"], { error: 'must be "primary" (or left out)' }).optional(),
  background: Color.optional(),
  foreground: Color.optional(),
});
export type Area = z.infer<typeof Area>;

const Theme = z
  .strictObject({
    /** Behind and between the buttons. */
    background: Color,
    /** The buttons. */
    button: Color,
    text: Color,
    icon: Color,
    tabBar: Color,
    tabText: Color,
    activeTab: Color,
    activeTabText: Color,
    /** Areas with `"style": "primary"` and their labels. */
    primary: Color,
    onPrimary: Color,
    /** An SVG font-family list; the first installed family with the glyph wins. */
    fontFamily: z.string().min(1),
    /** Extra font files (.ttf/.otf/.ttc), relative to the config file. */
    fontFiles: z.array(z.string().min(1)),
    /** Also use the machine's fonts (default true); false with fontFiles renders alike everywhere. */
    systemFonts: z.boolean(),
  })
  .partial();
export type Theme = z.infer<typeof Theme>;

const SIZE_RULE = 'must be "large" (2500×1686), "compact" (2500×843) or { "width": …, "height": … }';
const MenuSize = z.union([z.enum(["large", "compact"]), z.strictObject({ width: Pixels(1), height: Pixels(1) })], {
  error: SIZE_RULE,
});

const LAYOUT_RULE =
  'must be a grid "RxC" (rows x columns, e.g. "2x3"), "tabs+RxC" (a tab bar above the grid), "custom" or "tabs+custom" (every area has bounds)';

const Menu = z.strictObject({
  chatBarText: z
    .string()
    .min(1, "must not be empty")
    .max(limits.maxChatBarTextLength, `must be at most ${limits.maxChatBarTextLength} characters (LINE's limit)`),
  /** Open the menu when the chat opens. */
  selected: z.boolean().default(false),
  size: MenuSize.optional(),
  layout: z.string().refine((value) => parseLayout(value) !== null, LAYOUT_RULE),
  /** The menus in this menu's tab bar, in order, this one included ("tabs+…" layouts). */
  tabs: z.array(MenuKey).min(2, "must list at least 2 menus").optional(),
  /** This menu's name in tab bars. */
  tabLabel: z.string().trim().min(1).max(limits.maxActionLabelLength).optional(),
  areas: z
    .array(Area)
    .min(1, "must have at least 1 area")
    .max(limits.maxAreas, `must have at most ${limits.maxAreas} areas (LINE's limit)`),
  /** A designed PNG or JPEG, relative to the config file; without it the menu is rendered. */
  image: z.strictObject({ file: z.string().min(1) }).optional(),
  theme: Theme.optional(),
});
export type MenuConfig = z.infer<typeof Menu>;

export const RichMenuConfig = z
  .strictObject({
    $schema: z.string().optional(),
    /** Prefix of every menu name this tool manages: `<name>:<menu key>:<hash>`. */
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "must be 1 to 40 characters of a-z, 0-9 and -, starting with a letter or digit"),
    /** The LIFF app id used for "app" actions; the LIFF_ID environment variable wins. */
    liffId: z
      .string()
      .regex(/^\d{10}-[A-Za-z0-9]+$/, "must be a LIFF app id such as 1234567890-AbCdEfGh")
      .optional(),
    theme: Theme.optional(),
    menus: z.record(z.string(), Menu),
  })
  .superRefine(checkMenusTogether);
export type RichMenuConfig = z.infer<typeof RichMenuConfig>;

function checkMenusTogether(config: { menus: Record<string, MenuConfig> }, ctx: z.RefinementCtx): void {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
  const keys = Object.keys(config.menus);
  for (const required of [UNLINKED_MENU_KEY, LINKED_MENU_KEY]) {
    if (!keys.includes(required)) {
      const purpose = required === UNLINKED_MENU_KEY ? "friends who have not linked" : "linked members";
      issue(["menus"], `must have a menu "${required}" (the menu ${purpose} see)`);
    }
  }
  if (keys.length > limits.alias.maxPerAccount) issue(["menus"], `must have at most ${limits.alias.maxPerAccount} menus`);

  for (const [key, menu] of Object.entries(config.menus)) {
    const at = (...path: PropertyKey[]) => ["menus", key, ...path];
    if (!limits.alias.pattern.test(key)) issue(at(), `the key must be ${ALIAS_RULE} (a menu's key is also its alias id)`);
    const layout = parseLayout(menu.layout);
    if (layout === null) continue;

    const tabCount = layout.tabs ? (menu.tabs?.length ?? 0) : 0;
    if (layout.tabs && menu.tabs === undefined) issue(at("tabs"), `is required by the "${menu.layout}" layout`);
    if (!layout.tabs && menu.tabs !== undefined) issue(at("tabs"), `needs a "tabs+…" layout, not "${menu.layout}"`);
    if (menu.tabs) {
      if (!menu.tabs.includes(key)) issue(at("tabs"), `must include this menu ("${key}")`);
      if (new Set(menu.tabs).size !== menu.tabs.length) issue(at("tabs"), "must not list a menu twice");
      menu.tabs.forEach((tab, index) => {
        const target = config.menus[tab];
        if (target === undefined) issue(at("tabs", index), `there is no menu "${tab}"`);
        else if (target.tabLabel === undefined)
          issue(at("tabs", index), `menu "${tab}" needs a "tabLabel" to appear in a tab bar`);
      });
    }
    if (menu.areas.length + tabCount > limits.maxAreas) {
      issue(at("areas"), `has ${menu.areas.length} areas plus ${tabCount} tabs; LINE allows at most ${limits.maxAreas}`);
    }
    if (layout.grid) {
      const cells = layout.grid.rows * layout.grid.columns;
      if (menu.areas.length !== cells)
        issue(at("areas"), `the "${menu.layout}" layout needs exactly ${cells} areas, got ${menu.areas.length}`);
      menu.areas.forEach((area, index) => {
        if (area.bounds)
          issue(at("areas", index, "bounds"), `is computed by the "${menu.layout}" layout; remove it or use "custom"`);
      });
    } else {
      menu.areas.forEach((area, index) => {
        if (!area.bounds) issue(at("areas", index, "bounds"), `is required by the "${menu.layout}" layout`);
      });
    }
    menu.areas.forEach((area, index) => {
      if (area.action.type === "tab" && config.menus[area.action.menu] === undefined) {
        issue(at("areas", index, "action", "menu"), `there is no menu "${area.action.menu}"`);
      }
    });
  }
}

export interface ConfigIssue {
  /** e.g. `menus.linked.areas[2].action.uri` */
  path: string;
  message: string;
}

/** A config that cannot be applied; `issues` name each bad field. */
export class RichMenuConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(source: string, issues: ConfigIssue[]) {
    super(
      `${source} is not a valid rich menu config:\n${issues.map((i) => `  ${i.path || "(top level)"}: ${i.message}`).join("\n")}`,
    );
    this.name = "RichMenuConfigError";
    this.issues = issues;
  }
}

/** Writes a zod path the way LINE and JavaScript do: `menus.linked.areas[2].action.uri`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => (typeof segment === "number" ? `[${segment}]` : `${index === 0 ? "" : "."}${String(segment)}`))
    .join("");
}

/** Validates a parsed config; throws RichMenuConfigError naming every bad field. */
export function parseRichMenuConfig(input: unknown, source = "the rich menu config"): RichMenuConfig {
  const result = RichMenuConfig.safeParse(input);
  if (result.success) return result.data;
  throw new RichMenuConfigError(
    source,
    result.error.issues.map((issue) => ({ path: formatFieldPath(issue.path), message: issue.message })),
  );
}

/** Reads and validates a JSON config file. */
export function loadRichMenuConfig(path: string): RichMenuConfig {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RichMenuConfigError(path, [{ path: "", message: `cannot be read as JSON: ${reason}` }]);
  }
  return parseRichMenuConfig(input, path);
}
