import { queryOptions } from "@tanstack/react-query";
import type {
  MyReservationsResponse,
  ReservationView,
  ServicesResponse,
  SlotsResponse,
  StoresResponse,
} from "../../../shared/api.ts";
import { ApiError, type ApiClient } from "../../lib/api-client.ts";

/** Where the customer is, when they chose to share it. */
export interface Position {
  lat: number;
  lng: number;
}

/** GET /api/reservations/stores: nearest first, with distances, when a position is given. */
export function storesQueryOptions(api: ApiClient, position: Position | null) {
  return queryOptions({
    queryKey: ["reservations", "stores", position],
    queryFn: async ({ signal }): Promise<StoresResponse> => {
      const query = position ? { lat: position.lat, lng: position.lng } : {};
      const response = await api.api.reservations.stores.$get({ query }, { init: { signal } });
      if (!response.ok) throw await ApiError.fromResponse(response);
      return response.json();
    },
  });
}

/** GET /api/reservations/stores/:storeId/services */
export function servicesQueryOptions(api: ApiClient, storeId: string) {
  return queryOptions({
    queryKey: ["reservations", "services", storeId],
    queryFn: async ({ signal }): Promise<ServicesResponse> => {
      const response = await api.api.reservations.stores[":storeId"].services.$get({ param: { storeId } }, { init: { signal } });
      if (!response.ok) throw await ApiError.fromResponse(response);
      return response.json();
    },
  });
}

/** GET /api/reservations/stores/:storeId/slots: one Japan date's slots and their free seats, always fresh. */
export function slotsQueryOptions(api: ApiClient, storeId: string, serviceId: string, date: string) {
  return queryOptions({
    queryKey: ["reservations", "slots", storeId, serviceId, date],
    queryFn: async ({ signal }): Promise<SlotsResponse> => {
      const response = await api.api.reservations.stores[":storeId"].slots.$get(
        { param: { storeId }, query: { serviceId, date } },
        { init: { signal } },
      );
      if (!response.ok) throw await ApiError.fromResponse(response);
      return response.json();
    },
    staleTime: 0,
  });
}

/** The key prefix of every slot list, to refresh them all once seats have changed hands. */
export const allSlotsQueryKey = ["reservations", "slots"] as const;

/** GET /api/reservations: the caller's upcoming and past reservations. */
export function myReservationsQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ["reservations", "mine"],
    queryFn: async ({ signal }): Promise<MyReservationsResponse> => {
      const response = await api.api.reservations.$get({}, { init: { signal } });
      if (!response.ok) throw await ApiError.fromResponse(response);
      return response.json();
    },
  });
}

/** GET /api/reservations/:reservationId: 404 for one that is not the caller's, as for one that does not exist. */
export function reservationQueryOptions(api: ApiClient, reservationId: string) {
  return queryOptions({
    queryKey: ["reservations", "detail", reservationId],
    queryFn: async ({ signal }): Promise<ReservationView> => {
      const response = await api.api.reservations[":reservationId"].$get({ param: { reservationId } }, { init: { signal } });
      if (!response.ok) throw await ApiError.fromResponse(response);
      return response.json();
    },
  });
}
