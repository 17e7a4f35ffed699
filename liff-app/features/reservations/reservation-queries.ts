import { queryOptions } from "@tanstack/react-query";
import type {
  MyReservationsResponse,
  ReservationView,
  ServicesResponse,
  SlotsResponse,
  StoresResponse,
} from "../../../shared/api.ts";
import { unwrap, type ApiClient } from "../../lib/api-client.ts";
import { memberQueryKey, type MemberScope } from "../../lib/member-scope.ts";

// Stores, services and free seats are the same for everyone; the member's own reservations sit
// under the member's root and go when the link does.
const reservationKeys = {
  catalogue: ["reservations"] as const,
  slots: () => [...reservationKeys.catalogue, "slots"] as const,
  mine: (scope: MemberScope) => [...memberQueryKey(scope), "reservations", "mine"] as const,
  detail: (scope: MemberScope, reservationId: string) =>
    [...memberQueryKey(scope), "reservations", "detail", reservationId] as const,
};

/** Where the customer is, when they chose to share it. */
export interface Position {
  lat: number;
  lng: number;
}

/** GET /api/reservations/stores: nearest first, with distances, when a position is given. */
export function storesQueryOptions(api: ApiClient, position: Position | null) {
  return queryOptions({
    queryKey: [...reservationKeys.catalogue, "stores", position],
    queryFn: ({ signal }): Promise<StoresResponse> => {
      const query = position ? { lat: position.lat, lng: position.lng } : {};
      return unwrap(api.api.reservations.stores.$get({ query }, { init: { signal } }));
    },
  });
}

/** GET /api/reservations/stores/:storeId/services */
export function servicesQueryOptions(api: ApiClient, storeId: string) {
  return queryOptions({
    queryKey: [...reservationKeys.catalogue, "services", storeId],
    queryFn: ({ signal }): Promise<ServicesResponse> => {
      return unwrap(api.api.reservations.stores[":storeId"].services.$get({ param: { storeId } }, { init: { signal } }));
    },
  });
}

/** GET /api/reservations/stores/:storeId/slots: one Japan date's slots and their free seats, always fresh. */
export function slotsQueryOptions(api: ApiClient, storeId: string, serviceId: string, date: string) {
  return queryOptions({
    queryKey: [...reservationKeys.slots(), storeId, serviceId, date],
    queryFn: ({ signal }): Promise<SlotsResponse> => {
      return unwrap(
        api.api.reservations.stores[":storeId"].slots.$get(
          { param: { storeId }, query: { serviceId, date } },
          { init: { signal } },
        ),
      );
    },
    staleTime: 0,
  });
}

/** The key prefix of every slot list, to refresh them all once seats have changed hands. */
export const allSlotsQueryKey = reservationKeys.slots();

/** GET /api/reservations: the caller's upcoming and past reservations. */
export function myReservationsQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: reservationKeys.mine(scope),
    queryFn: ({ signal }): Promise<MyReservationsResponse> => {
      return unwrap(api.api.reservations.$get({}, { init: { signal } }));
    },
  });
}

/** GET /api/reservations/:reservationId: 404 for one that is not the caller's, as for one that does not exist. */
export function reservationQueryOptions(api: ApiClient, scope: MemberScope, reservationId: string) {
  return queryOptions({
    queryKey: reservationKeys.detail(scope, reservationId),
    queryFn: ({ signal }): Promise<ReservationView> => {
      return unwrap(api.api.reservations[":reservationId"].$get({ param: { reservationId } }, { init: { signal } }));
    },
  });
}
