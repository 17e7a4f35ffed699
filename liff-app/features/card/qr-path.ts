import { encode } from "uqr";

/**
 * A QR code as one SVG path of dark modules, with the standard quiet zone: its size never
 * depends on the text's length within a version, so a new code replaces the old without moving.
 */
export function qrPath(value: string): { size: number; path: string } {
  const { data, size } = encode(value, { ecc: "M", border: 4 });
  let path = "";
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return { size, path };
}
