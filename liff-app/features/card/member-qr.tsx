import { useMemo } from "react";
import { qrPath } from "./qr-path.ts";

/**
 * The member card QR code as crisp SVG: one path of dark modules on white, with the standard
 * quiet zone, so it scans at arm's length and on any screen density. Its size never depends on
 * the token, so a new code replaces the old without moving anything.
 */
export function MemberQr({ value, label, dimmed }: { value: string; label: string; dimmed: boolean }) {
  const { size, path } = useMemo(() => qrPath(value), [value]);

  return (
    <svg
      className={dimmed ? "member-qr member-qr--dimmed" : "member-qr"}
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
      data-testid="member-qr"
      data-token={value}
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
