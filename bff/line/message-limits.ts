import type { messagingApi } from "@line/bot-sdk";

// What LINE refuses in a message (it answers 400 and sends nothing), so that names, notes and
// store names from the merchant, of any length or empty, never cost a customer their message.
// Lengths are counted in UTF-16 units, the stricter reading of LINE's "Max character limit",
// and text is only ever cut between code points, so an emoji is never split in half.

/** https://developers.line.biz/en/reference/messaging-api/#flex-message : altText, max 1,500 characters. */
export const MAX_ALT_TEXT = 1500;
/** https://developers.line.biz/en/reference/messaging-api/#text-message : text, max 5,000 characters. */
export const MAX_TEXT_MESSAGE = 5000;
/** https://developers.line.biz/en/reference/messaging-api/#uri-action : uri, max 1,000 characters. */
export const MAX_URI = 1000;
/** https://developers.line.biz/en/reference/messaging-api/#uri-action : "The available schemes are http, https, line, and tel." */
export const URI_SCHEMES: readonly string[] = ["http", "https", "line", "tel"];
/** https://developers.line.biz/en/reference/messaging-api/#action-object-label-spec : Flex Message button label, required, max 40. */
export const MAX_FLEX_BUTTON_LABEL = 40;
/** https://developers.line.biz/en/reference/messaging-api/#postback-action : data and displayText, max 300. */
export const MAX_POSTBACK_TEXT = 300;
/**
 * https://developers.line.biz/en/reference/messaging-api/#bubble : "The maximum size of JSON data
 * that defines a bubble is 30 KB." Read as 30,000 bytes of UTF-8 JSON, the stricter reading.
 */
export const MAX_BUBBLE_JSON_BYTES = 30_000;
/** What stands in for a value LINE would refuse as empty (Flex text must not be empty: https://developers.line.biz/en/reference/messaging-api/#f-text). */
export const EMPTY_TEXT_FALLBACK = "—";

const ELLIPSIS = "…";

/** `text` cut to at most `max` UTF-16 units, between code points, ending with "…" when cut. */
export function clampText(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = "";
  for (const codePoint of text) {
    if (kept.length + codePoint.length + ELLIPSIS.length > max) break;
    kept += codePoint;
  }
  return kept + ELLIPSIS;
}

/** `text`, or "—" when it is missing or only whitespace (LINE refuses empty text). */
export function nonEmptyText(text: string | null | undefined, fallback = EMPTY_TEXT_FALLBACK): string {
  return text === null || text === undefined || text.trim() === "" ? fallback : text;
}

/** A merchant-supplied value for a line of text: never empty, at most `max` characters. */
export function displayText(text: string | null | undefined, max: number): string {
  return clampText(nonEmptyText(text), max);
}

/** altText LINE accepts: never empty, at most 1,500 characters. */
export function altText(text: string): string {
  return displayText(text, MAX_ALT_TEXT);
}

/** True for a URI LINE opens from an action: at most 1,000 characters, scheme http, https, line or tel. */
export function isSafeActionUri(uri: string): boolean {
  if (uri.length === 0 || uri.length > MAX_URI) return false;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
  return scheme !== undefined && URI_SCHEMES.includes(scheme);
}

/**
 * A Flex button's action as LINE accepts it: a label of 1–40 characters, postback texts within
 * 300; null for a URI action LINE would refuse (too long, or a scheme such as `javascript:`),
 * so the caller drops the button rather than lose the whole message.
 */
export function buttonAction(action: messagingApi.Action): messagingApi.Action | null {
  const label = displayText(action.label, MAX_FLEX_BUTTON_LABEL);
  switch (action.type) {
    case "uri":
      return isSafeActionUri(action.uri ?? "") ? { ...action, label } : null;
    case "postback":
      return {
        ...action,
        label,
        ...(action.displayText === undefined ? {} : { displayText: displayText(action.displayText, MAX_POSTBACK_TEXT) }),
      };
    case "message":
      return { ...action, label, text: displayText(action.text, MAX_POSTBACK_TEXT) };
    default:
      return { ...action, label };
  }
}

/** UTF-8 bytes of a value's JSON, as LINE measures a bubble. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).byteLength;
}

/**
 * The Flex message when its bubble is within LINE's 30 KB, else a plain text message saying the
 * same thing: a shorter message beats none.
 */
export function withinBubbleLimit(message: messagingApi.FlexMessage, fallbackText: string): messagingApi.Message {
  if (jsonBytes(message.contents) <= MAX_BUBBLE_JSON_BYTES) return message;
  return { type: "text", text: displayText(fallbackText, MAX_TEXT_MESSAGE) };
}
