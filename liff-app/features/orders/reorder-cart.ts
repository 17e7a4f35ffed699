import type { PlaceOrderRequest, ReorderPreviewResponse } from "../../../shared/api.ts";

/** The merchant's limit per product (MAX_ORDER_QUANTITY in the contract, which the browser does not load). */
export const MAX_QUANTITY = 99;
export const MIN_QUANTITY = 1;

export type ReorderItem = ReorderPreviewResponse["items"][number];

export interface ReorderLine {
  item: ReorderItem;
  quantity: number;
  available: boolean;
  /** The customer took it out of this order (and may put it back). */
  removed: boolean;
  /** Only available products the customer kept are ordered; the others are shown, marked, and left out. */
  included: boolean;
  lineTotalYen: number;
}

export interface ReorderCart {
  lines: ReorderLine[];
  /** What POST /api/orders is sent. */
  items: PlaceOrderRequest["items"];
  totalYen: number;
  itemCount: number;
  /** Products that could be ordered today, removed or not: none means there is nothing to reorder. */
  availableCount: number;
}

export function clampQuantity(quantity: number): number {
  return Math.min(MAX_QUANTITY, Math.max(MIN_QUANTITY, Math.round(quantity)));
}

/**
 * The order as the sheet shows it: the preview's items at today's prices, with the quantities
 * the customer chose (the previous order's until they change one), the unavailable and the
 * removed left out.
 */
export function reorderCart(
  preview: ReorderPreviewResponse,
  quantities: Readonly<Record<string, number>>,
  removed: ReadonlySet<string> = new Set(),
): ReorderCart {
  const lines = preview.items.map((item): ReorderLine => {
    const available = item.availability === "available";
    const isRemoved = available && removed.has(item.productId);
    const included = available && !isRemoved;
    const quantity = clampQuantity(quantities[item.productId] ?? item.quantity);
    return { item, quantity, available, removed: isRemoved, included, lineTotalYen: included ? item.unitPriceYen * quantity : 0 };
  });
  const ordered = lines.filter((line) => line.included);
  return {
    lines,
    items: ordered.map((line) => ({ productId: line.item.productId, quantity: line.quantity })),
    totalYen: ordered.reduce((sum, line) => sum + line.lineTotalYen, 0),
    itemCount: ordered.reduce((sum, line) => sum + line.quantity, 0),
    availableCount: lines.filter((line) => line.available).length,
  };
}

/** The items the preview itself was for: its available products at the previous quantities. */
export function previewedItems(preview: ReorderPreviewResponse): PlaceOrderRequest["items"] {
  return reorderCart(preview, {}).items;
}

/** One string per cart, to compare carts and key their quotes. */
export const cartKey = (items: PlaceOrderRequest["items"]) => items.map((item) => `${item.productId}:${item.quantity}`).join(",");
