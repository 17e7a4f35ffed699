import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { OrderDetailResponse, OrdersResponse, PlaceOrderRequest, ReorderPreviewResponse } from "../../../shared/api.ts";
import { unwrap, type ApiClient } from "../../lib/api-client.ts";
import { memberQueryKey, type MemberScope } from "../../lib/member-scope.ts";
import { cartKey } from "./reorder-cart.ts";

const ORDERS_PAGE_SIZE = 20;

type ReorderItems = PlaceOrderRequest["items"];

// The member's orders sit under the member's root: they go when the link does.
const orderKeys = {
  all: (scope: MemberScope) => [...memberQueryKey(scope), "orders"] as const,
  list: (scope: MemberScope) => [...orderKeys.all(scope), "list"] as const,
  detail: (scope: MemberScope, orderId: string) => [...orderKeys.all(scope), "detail", orderId] as const,
  reorderPreview: (scope: MemberScope, orderId: string) => [...orderKeys.all(scope), "reorder-preview", orderId] as const,
};

/** GET /api/orders, a page at a time, newest first; each page names the cursor of the next. */
export function ordersQueryOptions(api: ApiClient, scope: MemberScope) {
  return infiniteQueryOptions({
    queryKey: orderKeys.list(scope),
    queryFn: ({ pageParam, signal }): Promise<OrdersResponse> => {
      const query = pageParam ? { cursor: pageParam, limit: ORDERS_PAGE_SIZE } : { limit: ORDERS_PAGE_SIZE };
      return unwrap(api.api.orders.$get({ query }, { init: { signal } }));
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** GET /api/orders/:orderId: 404 for an order that is not the caller's, as for one that does not exist. */
export function orderQueryOptions(api: ApiClient, scope: MemberScope, orderId: string) {
  return queryOptions({
    queryKey: orderKeys.detail(scope, orderId),
    queryFn: ({ signal }): Promise<OrderDetailResponse> =>
      unwrap(api.api.orders[":orderId"].$get({ param: { orderId } }, { init: { signal } })),
  });
}

/** GET /api/orders/:orderId/reorder-preview: the order at today's prices and stock, asked afresh each time the sheet opens. */
export function reorderPreviewQueryOptions(api: ApiClient, scope: MemberScope, orderId: string) {
  return queryOptions({
    queryKey: orderKeys.reorderPreview(scope, orderId),
    queryFn: ({ signal }): Promise<ReorderPreviewResponse> =>
      unwrap(api.api.orders[":orderId"]["reorder-preview"].$get({ param: { orderId }, query: {} }, { init: { signal } })),
    staleTime: 0,
    gcTime: 60_000,
  });
}

/**
 * The merchant's quote (charges, amount to pay) for the cart as the customer changed it: the
 * same preview, asked for these quantities. Under the preview's key, so a stale preview drops it too.
 */
export function reorderQuoteQueryOptions(api: ApiClient, scope: MemberScope, orderId: string, items: ReorderItems) {
  // ReorderPreviewQuery's format: productId:quantity, comma separated.
  const cart = cartKey(items);
  return queryOptions({
    queryKey: [...orderKeys.reorderPreview(scope, orderId), "quote", cart] as const,
    queryFn: ({ signal }): Promise<ReorderPreviewResponse> =>
      unwrap(
        api.api.orders[":orderId"]["reorder-preview"].$get({ param: { orderId }, query: { items: cart } }, { init: { signal } }),
      ),
    staleTime: 30_000,
    gcTime: 60_000,
  });
}
