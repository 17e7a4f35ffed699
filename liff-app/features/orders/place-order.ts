import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import type { OrderDetailResponse, PlaceOrderRequest } from "../../../shared/api.ts";
import { ApiError, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { newIdempotencyKey } from "../../lib/idempotency-key.ts";
import { orderQueryOptions, ordersQueryOptions, reorderPreviewQueryOptions } from "./order-queries.ts";

interface KeyedOrder {
  request: PlaceOrderRequest;
  idempotencyKey: string;
}

/**
 * POST /api/orders. The key makes a repeat harmless: the BFF and the merchant answer a known
 * key with the first answer, so the same order sent twice is placed once.
 */
export async function placeOrder(api: ApiClient, { request, idempotencyKey }: KeyedOrder): Promise<OrderDetailResponse> {
  const response = await api.api.orders.$post({ json: request, header: { "idempotency-key": idempotencyKey } });
  if (!response.ok) throw await ApiError.fromResponse(response);
  return response.json();
}

/**
 * Whether an order may have been placed although the app got no confirmation: no answer at all,
 * a 5xx (the merchant may have placed it before something failed), a 401 or a 429 (refused
 * before the handler, the fate of an earlier send still unknown), or "still being placed". Only
 * the very same request under the same key may go again then. Any other answer is final:
 * nothing was placed.
 */
export function isOutcomeOpen(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status >= 500 || error.status === 401 || error.status === 429 || error.code === "request_in_progress";
}

function sameRequest(a: PlaceOrderRequest, b: PlaceOrderRequest): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Places an order, once. The Idempotency-Key is made on the first tap of "confirm"; while the
 * outcome of that send is open, confirming the same cart again reuses the key, so a retry never
 * orders twice. A changed cart is a new order and gets a new key, as does any send after a
 * final answer.
 */
export function usePlaceOrder() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (order: KeyedOrder) => placeOrder(api, order),
    onSuccess: (order) => {
      queryClient.setQueryData(orderQueryOptions(api, order.orderId).queryKey, order);
      void queryClient.invalidateQueries({ queryKey: ordersQueryOptions(api).queryKey });
    },
    onError: (error, { request }) => {
      // What the sheet showed is out of date: show today's items and prices again.
      const stale = error instanceof ApiError && (error.code === "items_unavailable" || error.code === "price_changed");
      if (stale && request.sourceOrderId) {
        void queryClient.invalidateQueries({ queryKey: reorderPreviewQueryOptions(api, request.sourceOrderId).queryKey });
      }
    },
  });
  // Taps between mutate() and the re-render that shows the button busy.
  const sending = useRef(false);
  const unconfirmed = mutation.isError && isOutcomeOpen(mutation.error) ? mutation.variables : undefined;

  return {
    place(request: PlaceOrderRequest, onPlaced: (order: OrderDetailResponse) => void) {
      if (sending.current) return;
      sending.current = true;
      const idempotencyKey =
        unconfirmed && sameRequest(unconfirmed.request, request) ? unconfirmed.idempotencyKey : newIdempotencyKey();
      mutation.mutate(
        { request, idempotencyKey },
        {
          onSuccess: onPlaced,
          onSettled: () => {
            sending.current = false;
          },
        },
      );
    },
    isPending: mutation.isPending,
    error: mutation.isError ? mutation.error : null,
    /** The last send got no final answer: the same cart may be confirmed again safely. */
    outcomeOpen: unconfirmed !== undefined,
  };
}
