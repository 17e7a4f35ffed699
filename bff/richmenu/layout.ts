import type { Size } from "./line-limits.ts";

// Grid templates, so a merchant writes "tabs+2x3" instead of computing pixel bounds.

export type { Size };

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  /** A tab bar across the top, one tab per menu in the menu's `tabs`. */
  tabs: boolean;
  /** Rows × columns of equal buttons under the tab bar; null when every area has bounds. */
  grid: { rows: number; columns: number } | null;
}

export const MENU_SIZES = {
  large: { width: 2500, height: 1686 },
  compact: { width: 2500, height: 843 },
} as const satisfies Record<string, Size>;

/** "2x3", "tabs+2x3", "custom" or "tabs+custom"; null for anything else. */
export function parseLayout(template: string): Layout | null {
  const match = /^(tabs\+)?(?:([1-4])x([1-5])|custom)$/.exec(template);
  if (match === null) return null;
  const grid = match[2] ? { rows: Number(match[2]), columns: Number(match[3]) } : null;
  return { tabs: match[1] !== undefined, grid };
}

/** Splits `total` pixels into `parts` whole lengths that add up exactly (833, 834, 833). */
export function splitEvenly(total: number, parts: number): number[] {
  const edges = Array.from({ length: parts + 1 }, (_, index) => Math.round((total * index) / parts));
  return edges.slice(1).map((edge, index) => edge - edges[index]);
}

/** The tab bar is a strip along the top, tall enough for a thumb. */
export function tabBarHeight(size: Size): number {
  return Math.max(120, Math.round(size.height * 0.15));
}

function row(y: number, height: number, width: number, count: number, x = 0): Bounds[] {
  let left = x;
  return splitEvenly(width, count).map((cellWidth) => {
    const bounds = { x: left, y, width: cellWidth, height };
    left += cellWidth;
    return bounds;
  });
}

/** Bounds of the tab bar's tabs (empty without tabs) and of the grid's cells, row by row. */
export function layoutBounds(layout: Layout, size: Size, tabCount: number): { tabs: Bounds[]; cells: Bounds[] } {
  const barHeight = layout.tabs ? tabBarHeight(size) : 0;
  const tabs = layout.tabs ? row(0, barHeight, size.width, tabCount) : [];
  if (layout.grid === null) return { tabs, cells: [] };
  let top = barHeight;
  const cells = splitEvenly(size.height - barHeight, layout.grid.rows).flatMap((rowHeight) => {
    const cellsInRow = row(top, rowHeight, size.width, layout.grid!.columns);
    top += rowHeight;
    return cellsInRow;
  });
  return { tabs, cells };
}

/** Why `bounds` do not fit in a menu of `size`, or null when they do. */
export function boundsProblem(bounds: Bounds, size: Size): string | null {
  if (bounds.x + bounds.width > size.width || bounds.y + bounds.height > size.height) {
    return `reaches (${bounds.x + bounds.width}, ${bounds.y + bounds.height}), outside the ${size.width}×${size.height} image`;
  }
  return null;
}
