import { Hono, type Context } from "hono";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { lineValidationError } from "./line-platform-messaging.ts";

// Rich menus as LINE keeps them: CRUD, images (LINE serves those on api-data.line.me; this
// fake serves them on the same origin), the default menu, aliases, bulk links, and the
// 100-per-hour limits on creating and deleting. Validation follows the Messaging API
// reference, so the rich menu tool meets the same 400s here as in production. This is an
// independent reading of the reference: it shares no code with bff/richmenu.

const HOUR_MS = 60 * 60 * 1000;
export const RICH_MENU_HOURLY_LIMIT = 100;
const MAX_RICH_MENUS = 1000;
const MAX_ALIASES = 1000;
const MAX_IMAGE_BYTES = 1_000_000;

const UserId = z.string().regex(/^U[0-9a-f]{32}$/, "must be a valid user ID");
const AliasId = z.string().regex(/^[a-z0-9_-]{1,32}$/, "invalid richMenuAliasId");
const RichMenuIdFormat = z.string().regex(/^richmenu-[0-9a-f]{32}$/, "invalid richMenuId");
const Label = z.string().max(20, "must be at most 20 characters").optional();
const Uri = z
  .string()
  .max(1000, "must be at most 1000 characters")
  .refine((value) => /^(https?:\/\/[^\s]+|line:\/\/[^\s]+|tel:[0-9+\-*#()]+)$/.test(value), "invalid uri");
const Data = z.string().min(1, "must be specified").max(300, "must be at most 300 characters");

const Action = z.discriminatedUnion(
  "type",
  [
    z.looseObject({ type: z.literal("uri"), label: Label, uri: Uri }),
    z.looseObject({ type: z.literal("postback"), label: Label, data: Data, displayText: Data.optional(), text: Data.optional() }),
    z.looseObject({ type: z.literal("message"), label: Label, text: Data }),
    z.looseObject({ type: z.literal("datetimepicker"), label: Label, data: Data, mode: z.enum(["date", "time", "datetime"]) }),
    z.looseObject({ type: z.literal("richmenuswitch"), label: Label, richMenuAliasId: AliasId, data: Data }),
  ],
  { error: "invalid action type" },
);

const Pixels = (min: number) => z.number().int("must be an integer").min(min);
const Bounds = z.object({ x: Pixels(0), y: Pixels(0), width: Pixels(1), height: Pixels(1) });

const RichMenuObject = z
  .object({
    size: z
      .object({
        width: Pixels(800).max(2500, "must be at most 2500"),
        height: Pixels(250),
      })
      .refine((size) => size.width / size.height >= 1.45, "the aspect ratio (width / height) must be at least 1.45"),
    selected: z.boolean("must be specified"),
    name: z.string("must be specified").min(1).max(300, "must be at most 300 characters"),
    chatBarText: z.string("must be specified").min(1).max(14, "must be at most 14 characters"),
    areas: z.array(z.object({ bounds: Bounds, action: Action })).max(20, "must be at most 20 areas"),
  })
  .superRefine((menu, ctx) => {
    menu.areas.forEach(({ bounds }, index) => {
      if (bounds.x + bounds.width > menu.size.width || bounds.y + bounds.height > menu.size.height) {
        ctx.addIssue({ code: "custom", path: ["areas", index, "bounds"], message: "must be inside the rich menu" });
      }
    });
  });
type RichMenuObject = z.infer<typeof RichMenuObject>;

export interface StoredRichMenu {
  richMenuId: string;
  menu: RichMenuObject;
  image: { contentType: "image/png" | "image/jpeg"; bytes: Uint8Array } | null;
}

type HourlyOperation = "create" | "delete" | "aliasDelete";

/** Everything the rich menu fake remembers; per-user links stay in MessagingState. */
export class RichMenuState {
  readonly menus = new Map<string, StoredRichMenu>();
  readonly aliases = new Map<string, string>();
  defaultRichMenuId: string | null = null;
  readonly #requests: Record<HourlyOperation, number[]> = { create: [], delete: [], aliasDelete: [] };
  readonly #richMenuByUser: Map<string, string>;

  constructor(richMenuByUser: Map<string, string>) {
    this.#richMenuByUser = richMenuByUser;
  }

  /** Counts a rate-limited request; the seconds until a slot frees up when over the limit. */
  takeHourlySlot(operation: HourlyOperation, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const recent = this.#requests[operation].filter((time) => now - time < HOUR_MS);
    this.#requests[operation] = recent;
    if (recent.length >= RICH_MENU_HOURLY_LIMIT) {
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0] + HOUR_MS - now) / 1000)) };
    }
    recent.push(now);
    return { ok: true };
  }

  /** How many rate-limited requests the last hour holds (dev page and tests). */
  hourlyUsage(now = Date.now()): Record<HourlyOperation, number> {
    const count = (operation: HourlyOperation) => this.#requests[operation].filter((time) => now - time < HOUR_MS).length;
    return { create: count("create"), delete: count("delete"), aliasDelete: count("aliasDelete") };
  }

  /** Why LINE refuses to show this menu to users (unknown menu, or no image yet), or null. */
  refusalToShow(richMenuId: string): { status: 400 | 404; message: string } | null {
    const stored = this.menus.get(richMenuId);
    if (stored === undefined) return { status: 404, message: "Not found" };
    if (stored.image === null) return { status: 400, message: "must upload richmenu image before applying it to user" };
    return null;
  }

  /** The menu a user sees: their own per-user menu, else the default. */
  menuSeenBy(userId: string): { richMenuId: string; source: "user" | "default" } | null {
    const own = this.#richMenuByUser.get(userId);
    if (own !== undefined) return { richMenuId: own, source: "user" };
    return this.defaultRichMenuId === null ? null : { richMenuId: this.defaultRichMenuId, source: "default" };
  }

  linkUsers(richMenuId: string, userIds: readonly string[]): void {
    for (const userId of userIds) this.#richMenuByUser.set(userId, richMenuId);
  }

  /** Deleting a menu takes it away from its users and from the default; aliases keep pointing at it. */
  delete(richMenuId: string): void {
    this.menus.delete(richMenuId);
    if (this.defaultRichMenuId === richMenuId) this.defaultRichMenuId = null;
    for (const [userId, linked] of this.#richMenuByUser) if (linked === richMenuId) this.#richMenuByUser.delete(userId);
  }
}

function lineError(c: Context, status: 400 | 404 | 415 | 429, message: string) {
  return c.json({ message, details: [] }, status);
}

/**
 * A path id that cannot be a rich menu id is a bad request, not an unknown menu: LINE answers
 * 400 "The value for the '…' parameter is invalid" for a malformed path parameter and 404
 * "Not found" only for a well-formed id it does not know.
 * https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-user-error-response
 * https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-error-response
 */
function malformedRichMenuId(c: Context, richMenuId: string) {
  if (RichMenuIdFormat.safeParse(richMenuId).success) return null;
  return c.json({ message: "The value for the 'richMenuId' parameter is invalid" }, 400);
}

function tooManyRequests(c: Context, retryAfterSeconds: number) {
  c.header("Retry-After", String(retryAfterSeconds));
  return lineError(c, 429, "The API rate limit has been exceeded. Try again later.");
}

function menuResponse({ richMenuId, menu }: StoredRichMenu) {
  return { richMenuId, ...menu };
}

/** Reads a PNG's or JPEG's format and size from its first bytes. */
export function imageDimensions(bytes: Uint8Array): { format: "png" | "jpeg"; width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && view.getUint32(0) === 0x89504e47 && view.getUint32(4) === 0x0d0a1a0a) {
    return { format: "png", width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length < 4 || view.getUint16(0) !== 0xffd8) return null;
  for (let offset = 2; offset + 9 < bytes.length;) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset += 1;
    } else if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2;
    } else if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { format: "jpeg", height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    } else {
      offset += 2 + view.getUint16(offset + 2);
    }
  }
  return null;
}

/** The Messaging API fake's context: its middleware has parsed the JSON body already. */
type RichMenuEnv = { Variables: { requestJson: unknown; lineRequestId: string } };

/**
 * The rich menu endpoints, mounted by the Messaging API fake under `/v2/bot` behind its call
 * recording, fault injection and channel access token check.
 */
export function richMenuApi(state: RichMenuState) {
  const readMenu = (richMenuId: string) => state.menus.get(richMenuId);
  const aliasBody = (aliasId: string, richMenuId: string) => ({ richMenuAliasId: aliasId, richMenuId });

  return (
    new Hono<RichMenuEnv>()
      // Answered here, before the Messaging API fake's handler, because LINE refuses to link a
      // user to a menu that does not exist or has no image.
      .post("/user/:userId/richmenu/:richMenuId", async function refuseUnknownRichMenu(c, next) {
        if (UserId.safeParse(c.req.param("userId")).success) {
          const malformed = malformedRichMenuId(c, c.req.param("richMenuId"));
          if (malformed) return malformed;
          const refusal = state.refusalToShow(c.req.param("richMenuId"));
          if (refusal) return lineError(c, refusal.status, refusal.message);
        }
        await next();
      })
      .post("/user/all/richmenu/:richMenuId", (c) => {
        const malformed = malformedRichMenuId(c, c.req.param("richMenuId"));
        if (malformed) return malformed;
        const refusal = state.refusalToShow(c.req.param("richMenuId"));
        if (refusal) return lineError(c, refusal.status, refusal.message);
        state.defaultRichMenuId = c.req.param("richMenuId");
        return c.json({}, 200);
      })
      .get("/user/all/richmenu", (c) => {
        if (state.defaultRichMenuId === null) return lineError(c, 404, "no default richmenu");
        return c.json({ richMenuId: state.defaultRichMenuId }, 200);
      })
      .delete("/user/all/richmenu", (c) => {
        state.defaultRichMenuId = null;
        return c.json({}, 200);
      })
      .post("/richmenu", (c) => {
        const slot = state.takeHourlySlot("create");
        if (!slot.ok) return tooManyRequests(c, slot.retryAfterSeconds);
        const request = RichMenuObject.safeParse(c.get("requestJson"));
        if (!request.success) return lineValidationError(c, request.error);
        if (state.menus.size >= MAX_RICH_MENUS) return lineError(c, 400, "The maximum number of richmenus has been reached");
        const richMenuId = `richmenu-${randomBytes(16).toString("hex")}`;
        state.menus.set(richMenuId, { richMenuId, menu: request.data, image: null });
        return c.json({ richMenuId }, 200);
      })
      .get("/richmenu/list", (c) => c.json({ richmenus: [...state.menus.values()].map(menuResponse) }, 200))
      .post("/richmenu/bulk/link", (c) => {
        const request = z
          .object({ richMenuId: z.string().min(1), userIds: z.array(UserId).min(1).max(500, "must be at most 500 user IDs") })
          .safeParse(c.get("requestJson"));
        if (!request.success) return lineValidationError(c, request.error);
        const refusal = state.refusalToShow(request.data.richMenuId);
        if (refusal) return lineError(c, refusal.status, refusal.message);
        state.linkUsers(request.data.richMenuId, request.data.userIds);
        return c.json({}, 202);
      })
      .get("/richmenu/alias/list", (c) =>
        c.json({ aliases: [...state.aliases].map(([aliasId, richMenuId]) => aliasBody(aliasId, richMenuId)) }, 200),
      )
      .post("/richmenu/alias", (c) => {
        const request = z.object({ richMenuAliasId: AliasId, richMenuId: RichMenuIdFormat }).safeParse(c.get("requestJson"));
        if (!request.success) return lineValidationError(c, request.error);
        const { richMenuAliasId, richMenuId } = request.data;
        if (state.refusalToShow(richMenuId)) return lineError(c, 400, "richmenu not found");
        if (state.aliases.has(richMenuAliasId)) return lineError(c, 400, "conflict richmenu alias id");
        if (state.aliases.size >= MAX_ALIASES)
          return lineError(c, 400, "The maximum number of richmenu aliases has been reached");
        state.aliases.set(richMenuAliasId, richMenuId);
        return c.json({}, 200);
      })
      .get("/richmenu/alias/:aliasId", (c) => {
        const richMenuId = state.aliases.get(c.req.param("aliasId"));
        if (richMenuId === undefined) return lineError(c, 404, "richmenu alias not found");
        return c.json(aliasBody(c.req.param("aliasId"), richMenuId), 200);
      })
      .post("/richmenu/alias/:aliasId", (c) => {
        const aliasId = c.req.param("aliasId");
        const request = z.object({ richMenuId: RichMenuIdFormat }).safeParse(c.get("requestJson"));
        if (!request.success) return lineValidationError(c, request.error);
        if (!state.aliases.has(aliasId)) return lineError(c, 404, "richmenu alias not found");
        if (state.refusalToShow(request.data.richMenuId)) return lineError(c, 400, "richmenu not found");
        state.aliases.set(aliasId, request.data.richMenuId);
        return c.json({}, 200);
      })
      .delete("/richmenu/alias/:aliasId", (c) => {
        const slot = state.takeHourlySlot("aliasDelete");
        if (!slot.ok) return tooManyRequests(c, slot.retryAfterSeconds);
        if (!AliasId.safeParse(c.req.param("aliasId")).success) return lineError(c, 400, "invalid richMenuAliasId");
        if (!state.aliases.delete(c.req.param("aliasId"))) return lineError(c, 404, "richmenu alias not found");
        return c.json({}, 200);
      })
      .get("/richmenu/:richMenuId", (c) => {
        const malformed = malformedRichMenuId(c, c.req.param("richMenuId"));
        if (malformed) return malformed;
        const stored = readMenu(c.req.param("richMenuId"));
        if (stored === undefined) return lineError(c, 404, "Not found");
        return c.json(menuResponse(stored), 200);
      })
      .delete("/richmenu/:richMenuId", (c) => {
        const slot = state.takeHourlySlot("delete");
        if (!slot.ok) return tooManyRequests(c, slot.retryAfterSeconds);
        const malformed = malformedRichMenuId(c, c.req.param("richMenuId"));
        if (malformed) return malformed;
        if (!state.menus.has(c.req.param("richMenuId"))) return lineError(c, 404, "Not found");
        state.delete(c.req.param("richMenuId"));
        return c.json({}, 200);
      })
      .post("/richmenu/:richMenuId/content", async (c) => {
        const malformed = malformedRichMenuId(c, c.req.param("richMenuId"));
        if (malformed) return malformed;
        const stored = readMenu(c.req.param("richMenuId"));
        if (stored === undefined) return lineError(c, 404, "Not found");
        const contentType = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
        if (contentType !== "image/png" && contentType !== "image/jpeg") return lineError(c, 415, "Unsupported Media Type");
        if (stored.image !== null) return lineError(c, 400, "An image has already been uploaded to the richmenu");
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        const image = imageDimensions(bytes);
        const { width, height } = stored.menu.size;
        if (
          bytes.byteLength > MAX_IMAGE_BYTES ||
          image === null ||
          `image/${image.format}` !== contentType ||
          image.width !== width ||
          image.height !== height
        ) {
          return lineError(c, 400, "The image size is not allowed for richmenu");
        }
        stored.image = { contentType, bytes };
        return c.json({}, 200);
      })
      .get("/richmenu/:richMenuId/content", (c) => {
        const malformed = malformedRichMenuId(c, c.req.param("richMenuId"));
        if (malformed) return malformed;
        const image = readMenu(c.req.param("richMenuId"))?.image;
        if (!image) return lineError(c, 404, "Not found");
        return c.body(new Uint8Array(image.bytes), 200, { "content-type": image.contentType });
      })
  );
}

/** Dev controls under /__dev/richmenus (no token: the fake binds to loopback only). */
export function richMenuDevRoutes(state: RichMenuState, personas: readonly { lineUserId: string }[]) {
  const describe = (richMenuId: string) => {
    const stored = state.menus.get(richMenuId);
    return {
      richMenuId,
      name: stored?.menu.name ?? null,
      chatBarText: stored?.menu.chatBarText ?? null,
      aliases: [...state.aliases].filter(([, target]) => target === richMenuId).map(([aliasId]) => aliasId),
      hasImage: Boolean(stored?.image),
    };
  };
  return new Hono()
    .get("/view", (c) =>
      c.json(
        {
          defaultRichMenuId: state.defaultRichMenuId,
          menus: [...state.menus.keys()].map(describe),
          hourlyUsage: state.hourlyUsage(),
          personas: Object.fromEntries(
            personas.map(({ lineUserId }) => {
              const seen = state.menuSeenBy(lineUserId);
              return [lineUserId, seen && { source: seen.source, ...describe(seen.richMenuId) }];
            }),
          ),
        },
        200,
      ),
    )
    .get("/:richMenuId/image", (c) => {
      const image = state.menus.get(c.req.param("richMenuId"))?.image;
      if (!image) return c.json({ message: "Not found" }, 404);
      return c.body(new Uint8Array(image.bytes), 200, { "content-type": image.contentType, "cache-control": "max-age=3600" });
    });
}
