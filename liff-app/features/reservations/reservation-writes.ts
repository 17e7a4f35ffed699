import { useQueryClient } from "@tanstack/react-query";
import type { BookReservationRequest, ReservationWriteResponse } from "../../../shared/api.ts";
import { ApiError, liffAccessTokenOptions, unwrap } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useKeyedWrite } from "../../lib/keyed-write.ts";
import { useLiffSession } from "../../lib/liff-session-context.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { allSlotsQueryKey, myReservationsQueryOptions, reservationQueryOptions } from "./reservation-queries.ts";

/** Whether seats changed hands under the customer: the slots they saw are out of date. */
const seatsChanged = (error: unknown) =>
  error instanceof ApiError && (error.code === "slot_full" || error.code === "slot_unavailable");

function useReservationCache() {
  const api = useApiClient();
  const scope = useMemberScope();
  const queryClient = useQueryClient();
  return {
    /** The answer is the reservation as it now is: show it, and refresh the lists and seats. */
    stored: ({ lineNotice: _lineNotice, ...reservation }: ReservationWriteResponse) => {
      // The cache holds the reservation as GET shows it; the LINE notice is the write's.
      queryClient.setQueryData(reservationQueryOptions(api, scope, reservation.reservationId).queryKey, reservation);
      void queryClient.invalidateQueries({ queryKey: myReservationsQueryOptions(api, scope).queryKey });
      void queryClient.invalidateQueries({ queryKey: allSlotsQueryKey });
    },
    refused(error: unknown, reservationId?: string) {
      if (seatsChanged(error)) void queryClient.invalidateQueries({ queryKey: allSlotsQueryKey });
      const stateChanged =
        error instanceof ApiError && (error.code === "cancellation_window_closed" || error.code === "reservation_cancelled");
      if (stateChanged && reservationId) {
        void queryClient.invalidateQueries({ queryKey: reservationQueryOptions(api, scope, reservationId).queryKey });
      }
    },
  };
}

/** The LIFF access token goes with every reservation write: each may bring a service message. */
function useWriteOptions() {
  const { getAccessToken } = useLiffSession();
  return liffAccessTokenOptions(getAccessToken);
}

/** POST /api/reservations: books one slot, once per confirmation, however often it is sent. */
export function useBookReservation() {
  const api = useApiClient();
  const cache = useReservationCache();
  const options = useWriteOptions();
  return useKeyedWrite({
    describe: (request: BookReservationRequest) => ({ method: "POST", path: "/api/reservations", body: request }),
    send: (request: BookReservationRequest, idempotencyKey: string): Promise<ReservationWriteResponse> =>
      unwrap(api.api.reservations.$post({ json: request, header: { "idempotency-key": idempotencyKey } }, options)),
    onSuccess: cache.stored,
    onError: (error) => cache.refused(error),
  });
}

/**
 * PATCH /api/reservations/:reservationId: moves it to another slot of the same service. The
 * screen stays (another change may follow later), so a success does not finish it.
 */
export function useChangeReservationTime(reservationId: string) {
  const api = useApiClient();
  const cache = useReservationCache();
  const options = useWriteOptions();
  return useKeyedWrite({
    describe: (request: { startsAt: string }) => ({
      method: "PATCH",
      path: `/api/reservations/${reservationId}`,
      body: request,
    }),
    send: (request: { startsAt: string }, idempotencyKey: string): Promise<ReservationWriteResponse> =>
      unwrap(
        api.api.reservations[":reservationId"].$patch(
          { param: { reservationId }, json: request, header: { "idempotency-key": idempotencyKey } },
          options,
        ),
      ),
    onSuccess: cache.stored,
    onError: (error) => cache.refused(error, reservationId),
    finishes: false,
  });
}

/** POST /api/reservations/:reservationId/cancel: once cancelled, the screen cancels nothing more. */
export function useCancelReservation(reservationId: string) {
  const api = useApiClient();
  const cache = useReservationCache();
  const options = useWriteOptions();
  return useKeyedWrite({
    describe: () => ({ method: "POST", path: `/api/reservations/${reservationId}/cancel` }),
    send: (_request: { reservationId: string }, idempotencyKey: string): Promise<ReservationWriteResponse> =>
      unwrap(
        api.api.reservations[":reservationId"].cancel.$post(
          { param: { reservationId }, header: { "idempotency-key": idempotencyKey } },
          options,
        ),
      ),
    onSuccess: cache.stored,
    onError: (error) => cache.refused(error, reservationId),
  });
}
