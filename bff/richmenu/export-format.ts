import { z } from "zod";

// What `npm run richmenu -- export` writes (bff/richmenu/richmenu.export.json) and the console
// reads in the Worker. Rendering needs resvg, a native Node module that workerd cannot load, so
// the menus are rendered here, on the merchant's machine or in CI, and the Worker carries the
// result: the rich menu objects and their images, exactly what `npm run richmenu apply` would
// upload. No I/O in this module: the Worker imports it.

export const EXPORT_FORMAT = 1;

const Bounds = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

const LineAction = z.discriminatedUnion("type", [
  z.object({ type: z.literal("uri"), label: z.string(), uri: z.string() }),
  z.object({ type: z.literal("postback"), label: z.string(), data: z.string(), displayText: z.string().optional() }),
  z.object({ type: z.literal("message"), label: z.string(), text: z.string() }),
  z.object({ type: z.literal("richmenuswitch"), label: z.string(), richMenuAliasId: z.string(), data: z.string() }),
]);

export const ExportedArea = z.object({
  label: z.string(),
  sublabel: z.string().nullable(),
  action: z.enum(["app", "uri", "postback", "message", "tab"]),
  /** The app path, the URL, the postback data, the message text or the menu switched to. */
  target: z.string(),
  /** The tracked link's source id when the area's taps are counted. */
  sourceId: z.string().nullable(),
});

export const ExportedMenu = z.object({
  key: z.string(),
  aliasId: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
  layout: z.string(),
  richMenu: z.object({
    size: z.object({ width: z.number().int(), height: z.number().int() }),
    selected: z.boolean(),
    name: z.string(),
    chatBarText: z.string(),
    areas: z.array(z.object({ bounds: Bounds, action: LineAction })),
  }),
  image: z.object({
    contentType: z.enum(["image/png", "image/jpeg"]),
    source: z.enum(["file", "rendered"]),
    base64: z.string(),
  }),
  missingGlyphs: z.array(z.string()),
  areas: z.array(ExportedArea),
});
export type ExportedMenu = z.infer<typeof ExportedMenu>;

export const RichMenuExport = z.object({
  format: z.literal(EXPORT_FORMAT),
  configName: z.string(),
  /** SHA-256 (hex) of the config as JSON.stringify writes it: tells the Worker the config changed since. */
  configSha256: z.string(),
  /** The LIFF app id the app links were made with. */
  liffId: z.string().nullable(),
  /** Whether app and URL areas go through tracked links (MEMBER_CARD_SECRET and BFF_PUBLIC_URL were set). */
  tracked: z.boolean(),
  exportedAt: z.iso.datetime(),
  menus: z.array(ExportedMenu),
});
export type RichMenuExport = z.infer<typeof RichMenuExport>;

/** SHA-256 (hex) of a parsed config, the same in Node and in the Worker. */
export async function configDigest(config: unknown): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(config)));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
