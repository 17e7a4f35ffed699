import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { OrderDetailResponse, OrdersResponse, ReorderPreviewResponse } from "../../../shared/api.ts";
import { ApiError, type ApiClient } from "../../lib/api-client.ts";

const ORDERS_PAGE_SIZE = 20;

/** GET /api/orders, a page at a time, newest first; each page names the cursor of the next. */
export function ordersQueryOptions(api: ApiClient) {
  return infiniteQueryOptions({
    queryKey: ["orders", "list"],
    queryFn: async ({ pageParam, signal }): Promise<OrdersResponse> => {
      const query = pageParam ? { cursor: pageParam, limit: ORDERS_PAGE_SIZE } : { limit: ORDERS_PAGE_SIZE };
      const response = await api.api.orders.$get({ query }, { init: { signal } });
      if (!response.ok) throw await ApiError.fromResponse(response);
      return response.json();
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** GET /api/orders/:orderId: 404 for an order that is not the caller's, as for one that does not exist. */
export function orderQueryOptions(api: ApiClient, orderId: string) {
  return queryOptions({
    queryKey: ["orders", "detail", orderId],
    queryFn: async ({ signal }): Promise<OrderDetailResponse> => {
      const response = await api.api.orders[":orderId"].$get({ param: { orderId } }, { init: { signal } });
      if (!response.ok) throw await ApiError.fromResponse(response);
      return response.json();
    },
  });
}

/** GET /api/orders/:orderId/reorder-preview: the order at today's prices and stock, asked afresh each time the sheet opens. */
export function reorderPreviewQueryOptions(api: ApiClient, orderId: string) {
  return queryOptions({
    queryKey: ["orders", "reorder-preview", orderId],
    queryFn: async ({ signal }): Promise<ReorderPreviewResponse> => {
      const response = await api.api.orders[":orderId"]["reorder-preview"].$get({ param: { orderId } }, { init: { signal } });
      if (!response.ok) throw await ApiError.fromResponse(response);
      return response.json();
    },
    staleTime: 0,
    gcTime: 60_000,
  });
}
