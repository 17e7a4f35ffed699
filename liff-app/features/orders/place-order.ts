import { useQueryClient } from "@tanstack/react-query";
import type { PlaceOrderRequest, PlacedOrderResponse } from "../../../shared/api.ts";
import { ApiError, liffAccessTokenOptions, unwrap, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useKeyedWrite } from "../../lib/keyed-write.ts";
import type { LiffSession } from "../../lib/liff-session.ts";
import { useLiffSession } from "../../lib/liff-session-context.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { orderQueryOptions, ordersQueryOptions, reorderPreviewQueryOptions } from "./order-queries.ts";

/**
 * POST /api/orders. The key makes a repeat harmless: the BFF and the merchant answer a known
 * key with the first answer, so the same order sent twice is placed once. The LIFF access token
 * goes along (when there is one) for the order's service messages; it is not part of the key.
 */
export function placeOrder(
  api: ApiClient,
  getAccessToken: LiffSession["getAccessToken"],
  request: PlaceOrderRequest,
  idempotencyKey: string,
): Promise<PlacedOrderResponse> {
  return unwrap(
    api.api.orders.$post(
      { json: request, header: { "idempotency-key": idempotencyKey } },
      liffAccessTokenOptions(getAccessToken),
    ),
  );
}

/**
 * Places an order, once per sheet. While a send's outcome is open, confirming the same cart
 * again (also after a reload) reuses its key, so a retry never orders twice; a changed cart is
 * a new order with a new key. Once an order is placed the sheet places no other.
 */
export function usePlaceOrder() {
  const api = useApiClient();
  const { getAccessToken } = useLiffSession();
  const scope = useMemberScope();
  const queryClient = useQueryClient();
  const write = useKeyedWrite({
    describe: (request: PlaceOrderRequest) => ({ method: "POST", path: "/api/orders", body: request }),
    send: (request: PlaceOrderRequest, idempotencyKey: string) => placeOrder(api, getAccessToken, request, idempotencyKey),
    onSuccess: ({ lineNotice: _lineNotice, ...order }) => {
      // The cache holds the order as GET /api/orders/:orderId shows it; the notice is the placing's.
      queryClient.setQueryData(orderQueryOptions(api, scope, order.orderId).queryKey, order);
      void queryClient.invalidateQueries({ queryKey: ordersQueryOptions(api, scope).queryKey });
    },
    onError: (error, request) => {
      // What the sheet showed is out of date: show today's items and prices again.
      const stale = error instanceof ApiError && (error.code === "items_unavailable" || error.code === "price_changed");
      if (stale && request.sourceOrderId) {
        void queryClient.invalidateQueries({
          queryKey: reorderPreviewQueryOptions(api, scope, request.sourceOrderId).queryKey,
        });
      }
    },
  });

  return {
    place: (request: PlaceOrderRequest, onPlaced: (order: PlacedOrderResponse) => void) => write.send(request, onPlaced),
    isPending: write.isPending,
    /** The order is placed: the sheet's button stays disabled until the next screen shows. */
    placed: write.done,
    error: write.error,
    /** The last send got no final answer: the same cart may be confirmed again safely. */
    outcomeOpen: write.outcomeOpen,
  };
}
