import type { ReservableStore } from "../../shared/merchant-contract.ts";

const EARTH_RADIUS_KM = 6371;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance (haversine) in kilometres. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = radians(b.lat - a.lat);
  const dLng = radians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}

/**
 * The stores with their distance from the customer, nearest first; without a position, in the
 * merchant's order with no distance. Stores without a location go last.
 */
export function orderStoresByDistance(stores: ReservableStore[], from: { lat: number; lng: number } | null) {
  const withDistance = stores.map(({ location, ...store }) => ({
    ...store,
    distanceKm: from && location ? Math.round(distanceKm(from, location) * 10) / 10 : null,
  }));
  if (!from) return withDistance;
  return withDistance.sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity));
}
