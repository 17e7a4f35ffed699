// LINE's rules for rich menus, from the Messaging API reference ("Create rich menu",
// "Upload rich menu image", "Create rich menu alias", "Rate limits"). The tool checks them
// before it calls LINE, so a merchant sees which field is wrong instead of a bare 400.

export const RICH_MENU_LIMITS = {
  image: {
    contentTypes: ["image/png", "image/jpeg"] as const,
    minWidth: 800,
    maxWidth: 2500,
    minHeight: 250,
    minAspectRatio: 1.45,
    /** "1 MB": read as 1,000,000 bytes, the stricter reading, so nothing we pass is refused. */
    maxBytes: 1_000_000,
  },
  maxAreas: 20,
  maxNameLength: 300,
  maxChatBarTextLength: 14,
  /** Action `label` in a rich menu (read aloud by accessibility features). */
  maxActionLabelLength: 20,
  maxPostbackDataLength: 300,
  maxDisplayTextLength: 300,
  maxMessageTextLength: 300,
  maxUriLength: 1000,
  alias: { pattern: /^[a-z0-9_-]{1,32}$/, maxPerAccount: 1000 },
  maxMenusPerAccount: 1000,
  /** Users per "link rich menu to multiple users" call. */
  maxBulkLinkUsers: 500,
  /**
   * Requests per hour, per channel, for each of: create rich menu, delete rich menu, delete
   * rich menu alias. Every other rich menu endpoint allows 2,000 requests per second.
   */
  hourlyLimit: 100,
} as const;

export const ALIAS_RULE = "1 to 32 characters of a-z, 0-9, _ and -";

export type ImageFormat = "png" | "jpeg";

export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
}

/** Reads format and pixel size from PNG or JPEG header bytes; null for anything else. */
export function readImageInfo(bytes: Uint8Array): ImageInfo | null {
  if (isPng(bytes)) {
    if (bytes.length < 24) return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { format: "png", width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    const size = readJpegSize(bytes);
    return size ? { format: "jpeg", ...size } : null;
  }
  return null;
}

function isPng(bytes: Uint8Array): boolean {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return bytes.length >= 8 && signature.every((byte, index) => bytes[index] === byte);
}

/** Walks JPEG segments to the first start-of-frame marker, which carries the size. */
function readJpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1];
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = (bytes[offset + 2] << 8) | bytes[offset + 3];
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) {
      return { height: (bytes[offset + 5] << 8) | bytes[offset + 6], width: (bytes[offset + 7] << 8) | bytes[offset + 8] };
    }
    offset += 2 + length;
  }
  return null;
}

export interface Size {
  width: number;
  height: number;
}

/** Problems with a rich menu size (also the image's size, which must match it). */
export function sizeProblems({ width, height }: Size): string[] {
  const { minWidth, maxWidth, minHeight, minAspectRatio } = RICH_MENU_LIMITS.image;
  const problems: string[] = [];
  if (width < minWidth || width > maxWidth) problems.push(`width ${width} px is outside ${minWidth}–${maxWidth} px`);
  if (height < minHeight) problems.push(`height ${height} px is below ${minHeight} px`);
  if (width / height < minAspectRatio) {
    problems.push(`width/height ${(width / height).toFixed(2)} is below ${minAspectRatio}`);
  }
  return problems;
}

/**
 * Problems LINE would answer 400 or 415 to when this image is uploaded for a menu of
 * `menuSize`; an empty list means the upload will be accepted.
 */
export function imageProblems(bytes: Uint8Array, menuSize?: Size): string[] {
  const info = readImageInfo(bytes);
  if (info === null) return ["is not a PNG or JPEG image"];
  const problems = sizeProblems(info);
  const { maxBytes } = RICH_MENU_LIMITS.image;
  if (bytes.byteLength > maxBytes) {
    problems.push(`is ${formatBytes(bytes.byteLength)}, over LINE's ${formatBytes(maxBytes)} limit`);
  }
  if (menuSize && (info.width !== menuSize.width || info.height !== menuSize.height)) {
    problems.push(`is ${info.width}×${info.height} px but the menu is ${menuSize.width}×${menuSize.height} px`);
  }
  return problems;
}

export function contentTypeOf(format: ImageFormat): "image/png" | "image/jpeg" {
  return format === "png" ? "image/png" : "image/jpeg";
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(2)} MB`;
  return `${Math.ceil(bytes / 1000)} kB`;
}
