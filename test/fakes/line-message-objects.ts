import { z } from "zod";

// LINE's message objects as the Messaging API reference describes them, with the refusals it
// documents. The fake platform validates every push, multicast and reply with `Messages`, and
// the BFF's builder tests validate their output with the same schema, so neither side can be
// kinder than LINE. Imports only zod: it runs in Node (the fake) and in workerd (BFF tests).
//
// Lengths are checked in UTF-16 units (JavaScript's `.length`), the stricter reading of
// LINE's "Max character limit": an emoji counts as two, never as one.

/** https://developers.line.biz/en/reference/messaging-api/#bubble : "The maximum size of JSON data that defines a bubble is 30 KB." */
export const MAX_BUBBLE_JSON_BYTES = 30_000;
/** https://developers.line.biz/en/reference/messaging-api/#f-carousel : "… defines a carousel is 50 KB", "Max: 12 bubbles". */
export const MAX_CAROUSEL_JSON_BYTES = 50_000;
export const MAX_CAROUSEL_BUBBLES = 12;
/** https://developers.line.biz/en/reference/messaging-api/#flex-message : altText "Max character limit: 1500". */
export const MAX_ALT_TEXT = 1500;
/** https://developers.line.biz/en/reference/messaging-api/#uri-action : uri "Max character limit: 1000"; schemes http, https, line, tel. */
export const MAX_URI = 1000;
export const URI_SCHEMES = ["http", "https", "line", "tel"] as const;
/** https://developers.line.biz/en/reference/messaging-api/#action-object-label-spec : Flex button label required, max 40; quick reply button label required, max 20. */
export const MAX_FLEX_ACTION_LABEL = 40;
export const MAX_QUICK_REPLY_LABEL = 20;
/** https://developers.line.biz/en/reference/messaging-api/#items-object : quickReply.items "Max: 13". */
export const MAX_QUICK_REPLY_ITEMS = 13;
/** https://developers.line.biz/en/reference/messaging-api/#postback-action : data, displayText "Max character limit: 300". */
export const MAX_POSTBACK_DATA = 300;
/** https://developers.line.biz/en/reference/messaging-api/#text-message : text "Max character limit: 5000". */
export const MAX_TEXT_MESSAGE = 5000;

/** UTF-8 bytes of a value's JSON, the way LINE measures "JSON data" sizes (the stricter decimal KB). */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).byteLength;
}

/** True for a URI LINE accepts in an action: at most 1,000 characters, scheme http, https, line or tel. */
export function isAcceptedActionUri(uri: unknown): uri is string {
  if (typeof uri !== "string" || uri.length === 0 || uri.length > MAX_URI) return false;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
  return scheme !== undefined && (URI_SCHEMES as readonly string[]).includes(scheme);
}

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** https://developers.line.biz/en/reference/messaging-api/#action-objects */
function checkAction(action: unknown, path: Path, report: Report, label: { required: boolean; max: number }): void {
  if (!isObject(action)) return report(path, "must be an action object");
  if (action.label === undefined || action.label === "") {
    if (label.required) report([...path, "label"], "must be specified");
  } else if (typeof action.label !== "string" || action.label.length > label.max) {
    report([...path, "label"], `must be at most ${label.max} characters`);
  }
  switch (action.type) {
    case "uri":
      // https://developers.line.biz/en/reference/messaging-api/#uri-action
      if (!isAcceptedActionUri(action.uri))
        report([...path, "uri"], "invalid uri (max 1000 characters; http, https, line or tel)");
      if (isObject(action.altUri) && action.altUri.desktop !== undefined && !isAcceptedActionUri(action.altUri.desktop)) {
        report([...path, "altUri", "desktop"], "invalid uri (max 1000 characters; http, https, line or tel)");
      }
      return;
    case "postback":
      // https://developers.line.biz/en/reference/messaging-api/#postback-action
      checkString(action.data, [...path, "data"], report, { min: 1, max: MAX_POSTBACK_DATA });
      if (action.displayText !== undefined)
        checkString(action.displayText, [...path, "displayText"], report, { min: 1, max: 300 });
      return;
    case "message":
      // https://developers.line.biz/en/reference/messaging-api/#message-action
      checkString(action.text, [...path, "text"], report, { min: 1, max: 300 });
      return;
    case "datetimepicker":
    case "camera":
    case "cameraRoll":
    case "location":
    case "richmenuswitch":
    case "clipboard":
      return;
    default:
      return report([...path, "type"], "invalid action type");
  }
}

function checkString(value: unknown, path: Path, report: Report, { min, max }: { min: number; max: number }): void {
  if (typeof value !== "string" || value.length < min) return report(path, "must be specified");
  if (value.length > max) report(path, `must be at most ${max} characters`);
}

const flexActionLabel = { required: false, max: MAX_FLEX_ACTION_LABEL };

/** https://developers.line.biz/en/reference/messaging-api/#flex-component, recursively through boxes. */
function checkComponent(component: unknown, path: Path, report: Report): void {
  if (!isObject(component)) return report(path, "must be a component object");
  switch (component.type) {
    case "box":
      // https://developers.line.biz/en/reference/messaging-api/#box : contents required (may be empty).
      if (!Array.isArray(component.contents)) return report([...path, "contents"], "must be specified");
      component.contents.forEach((child, index) => checkComponent(child, [...path, "contents", index], report));
      break;
    case "text": {
      // https://developers.line.biz/en/reference/messaging-api/#f-text : set `text` or `contents` (spans); LINE refuses empty text.
      const spans = component.contents;
      if (Array.isArray(spans) && spans.length > 0) {
        spans.forEach((span, index) => {
          if (!isObject(span) || typeof span.text !== "string" || span.text === "") {
            report([...path, "contents", index, "text"], "must be non-empty text");
          }
        });
      } else if (typeof component.text !== "string" || component.text === "") {
        report([...path, "text"], "must be non-empty text");
      }
      break;
    }
    case "button":
      // https://developers.line.biz/en/reference/messaging-api/#button : action required; its label is required, max 40.
      if (component.action === undefined) return report([...path, "action"], "must be specified");
      return checkAction(component.action, [...path, "action"], report, { required: true, max: MAX_FLEX_ACTION_LABEL });
    case "image":
    case "icon":
    case "video":
      // https://developers.line.biz/en/reference/messaging-api/#f-image : url HTTPS, max 2000 characters.
      if (typeof component.url !== "string" || !component.url.startsWith("https://") || component.url.length > 2000) {
        report([...path, "url"], "must be an https URL of at most 2000 characters");
      }
      break;
    case "separator":
    case "filler":
    case "span":
      break;
    default:
      return report([...path, "type"], "invalid component type");
  }
  if (component.action !== undefined) checkAction(component.action, [...path, "action"], report, flexActionLabel);
}

/** https://developers.line.biz/en/reference/messaging-api/#bubble */
function checkBubble(bubble: unknown, path: Path, report: Report): void {
  if (!isObject(bubble) || bubble.type !== "bubble") return report([...path, "type"], "must be bubble");
  for (const block of ["header", "hero", "body", "footer"] as const) {
    if (bubble[block] !== undefined) checkComponent(bubble[block], [...path, block], report);
  }
  if (bubble.action !== undefined) checkAction(bubble.action, [...path, "action"], report, flexActionLabel);
  if (jsonBytes(bubble) > MAX_BUBBLE_JSON_BYTES)
    report(path, `size must be at most 30 KB (${MAX_BUBBLE_JSON_BYTES} bytes of JSON)`);
}

/** https://developers.line.biz/en/reference/messaging-api/#container */
function checkFlexContainer(container: unknown, path: Path, report: Report): void {
  if (!isObject(container)) return report(path, "must be a container object");
  if (container.type === "bubble") return checkBubble(container, path, report);
  if (container.type !== "carousel") return report([...path, "type"], "must be bubble or carousel");
  // https://developers.line.biz/en/reference/messaging-api/#f-carousel
  const bubbles = container.contents;
  if (!Array.isArray(bubbles) || bubbles.length === 0) return report([...path, "contents"], "must be specified");
  if (bubbles.length > MAX_CAROUSEL_BUBBLES) report([...path, "contents"], `must be at most ${MAX_CAROUSEL_BUBBLES} bubbles`);
  bubbles.forEach((bubble, index) => checkBubble(bubble, [...path, "contents", index], report));
  if (jsonBytes(container) > MAX_CAROUSEL_JSON_BYTES)
    report(path, `size must be at most 50 KB (${MAX_CAROUSEL_JSON_BYTES} bytes of JSON)`);
}

/** https://developers.line.biz/en/reference/messaging-api/#quick-reply */
function checkQuickReply(quickReply: unknown, path: Path, report: Report): void {
  if (!isObject(quickReply) || !Array.isArray(quickReply.items)) return report([...path, "items"], "must be specified");
  if (quickReply.items.length > MAX_QUICK_REPLY_ITEMS)
    report([...path, "items"], `must be at most ${MAX_QUICK_REPLY_ITEMS} items`);
  quickReply.items.forEach((item, index) => {
    const itemPath = [...path, "items", index];
    if (!isObject(item) || item.type !== "action") return report([...itemPath, "type"], "must be action");
    checkAction(item.action, [...itemPath, "action"], report, { required: true, max: MAX_QUICK_REPLY_LABEL });
  });
}

/** Adds a zod issue for each refusal found by a walker, at the property path LINE would name. */
const refineWith = (walk: (value: Record<string, unknown>, report: Report) => void) =>
  function refine(value: Record<string, unknown>, ctx: z.RefinementCtx): void {
    walk(value, (path, message) => ctx.addIssue({ code: "custom", path, message }));
  };

const HttpsUrl = z.url({ protocol: /^https$/ }).max(2000);
const AltText = z.string().min(1, "must be specified").max(MAX_ALT_TEXT, `must be at most ${MAX_ALT_TEXT} characters`);

const MessageObject = z
  .discriminatedUnion("type", [
    z.looseObject({ type: z.literal("text"), text: z.string().min(1).max(MAX_TEXT_MESSAGE) }),
    z.looseObject({ type: z.literal("textV2"), text: z.string().min(1).max(MAX_TEXT_MESSAGE) }),
    z.looseObject({ type: z.literal("sticker"), packageId: z.string().min(1), stickerId: z.string().min(1) }),
    z.looseObject({ type: z.literal("image"), originalContentUrl: HttpsUrl, previewImageUrl: HttpsUrl }),
    z.looseObject({ type: z.literal("video"), originalContentUrl: HttpsUrl, previewImageUrl: HttpsUrl }),
    z.looseObject({ type: z.literal("audio"), originalContentUrl: HttpsUrl, duration: z.number().int().positive() }),
    z.looseObject({ type: z.literal("location"), title: z.string().min(1), address: z.string().min(1) }),
    z.looseObject({ type: z.literal("imagemap"), altText: AltText }),
    z.looseObject({ type: z.literal("template"), altText: AltText, template: z.looseObject({}) }),
    z
      .looseObject({ type: z.literal("flex"), altText: AltText, contents: z.unknown() })
      .superRefine(refineWith((message, report) => checkFlexContainer(message.contents, ["contents"], report))),
  ])
  .superRefine(
    refineWith((message, report) => {
      if (message.quickReply !== undefined) checkQuickReply(message.quickReply, ["quickReply"], report);
    }),
  );

/** The `messages` of a push, multicast or reply: 1 to 5 message objects. */
export const Messages = z.array(MessageObject).min(1).max(5);

/** The refusals LINE would answer for these messages, as `{ property, message }` (empty when LINE accepts them). */
export function lineMessageRefusals(messages: unknown): { property: string; message: string }[] {
  const parsed = Messages.safeParse(messages);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({
    property: formatPropertyPath(["messages", ...issue.path]),
    message: issue.message,
  }));
}

/** LINE writes property paths as `messages[0].contents.body.contents[1].text`. */
export function formatPropertyPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => (typeof segment === "number" ? `[${segment}]` : `${index === 0 ? "" : "."}${String(segment)}`))
    .join("");
}
