/** The app's paths for one order; ids are URL-safe by contract, encoded anyway. */
export const orderPath = (orderId: string) => `/orders/${encodeURIComponent(orderId)}`;
export const reorderPath = (orderId: string) => `${orderPath(orderId)}/reorder`;
export const orderPlacedPath = (orderId: string) => `${orderPath(orderId)}/placed`;
