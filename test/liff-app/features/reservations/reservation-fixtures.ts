import type {
  MyReservationsResponse,
  ReservationView,
  ReservationWriteResponse,
  ServicesResponse,
  SlotsResponse,
  StoresResponse,
} from "../../../../shared/api.ts";
import type { routeBff } from "../../render-app.tsx";
import { requestUrl } from "../../fixtures.ts";

/** 11/23 00:30 in Japan, while it is still 11/22 in UTC. */
export const JUST_AFTER_JAPAN_MIDNIGHT = new Date("2026-11-22T15:30:00Z");

export const stores: StoresResponse = {
  stores: [
    { storeId: "store_kichijoji", name: "吉祥寺店", address: "東京都武蔵野市吉祥寺本町2-4-6", serviceCount: 2, distanceKm: null },
    { storeId: "store_shibuya", name: "渋谷店", address: "東京都渋谷区神南1-2-3", serviceCount: 1, distanceKm: null },
  ],
};

export const storesNearShibuya: StoresResponse = {
  stores: [
    { ...stores.stores[1], distanceKm: 0.4 },
    { ...stores.stores[0], distanceKm: 11.2 },
  ],
};

export const shibuyaServices: ServicesResponse = {
  services: [
    {
      serviceId: "svc_shibuya_tasting",
      storeId: "store_shibuya",
      name: "テイスティング席",
      durationMinutes: 60,
      maxPartySize: 4,
      priceYen: 1500,
    },
  ],
};

export const kichijojiServices: ServicesResponse = {
  services: [
    {
      serviceId: "svc_kichijoji_class",
      storeId: "store_kichijoji",
      name: "ハンドドリップ教室",
      durationMinutes: 90,
      maxPartySize: 2,
      priceYen: 3300,
    },
    {
      serviceId: "svc_kichijoji_tasting",
      storeId: "store_kichijoji",
      name: "テイスティング席",
      durationMinutes: 60,
      maxPartySize: 4,
    },
  ],
};

/** A slot of 渋谷店's tasting, with the 24-hour change window the sandbox merchant has. */
function slot(startsAt: string, remaining: number): SlotsResponse["slots"][number] {
  const start = Date.parse(startsAt);
  return {
    startsAt,
    endsAt: new Date(start + 3_600_000).toISOString(),
    capacity: 4,
    remaining,
    changeableUntil: new Date(start - 24 * 3_600_000).toISOString(),
  };
}

/**
 * 渋谷店's tasting on 11/23 (Japan): 10:00 has 3 seats, 11:00 is full, 12:00 has the last one.
 * All three start within 24 hours of JUST_AFTER_JAPAN_MIDNIGHT: booked, they can't be changed.
 */
export const slots: SlotsResponse = {
  date: "2026-11-23",
  slots: [slot("2026-11-23T01:00:00.000Z", 3), slot("2026-11-23T02:00:00.000Z", 0), slot("2026-11-23T03:00:00.000Z", 1)],
};

/** 渋谷店's tasting on 11/30 (Japan), a week ahead: 10:00 has all 4 seats, 11:00 has 2. */
export const slotsNextWeek: SlotsResponse = {
  date: "2026-11-30",
  slots: [slot("2026-11-30T01:00:00.000Z", 4), slot("2026-11-30T02:00:00.000Z", 2)],
};

/** The same day once someone else took the last seat at 12:00. */
export const slotsAfterLastSeatGone: SlotsResponse = {
  ...slots,
  slots: slots.slots.map((slot, index) => (index === 2 ? { ...slot, remaining: 0 } : slot)),
};

export const upcoming: ReservationView = {
  reservationId: "rsv_0100",
  reservationNumber: "R-4100",
  storeId: "store_shibuya",
  storeName: "渋谷店",
  serviceId: "svc_shibuya_tasting",
  serviceName: "テイスティング席",
  startsAt: "2026-11-23T01:00:00.000Z",
  endsAt: "2026-11-23T02:00:00.000Z",
  partySize: 2,
  note: "窓際希望",
  status: "confirmed",
  changeableUntil: "2026-11-22T01:00:00.000Z",
  bookedAt: "2026-11-20T01:00:00.000Z",
};

/** Far enough ahead to change or cancel. */
export const changeable: ReservationView = {
  ...upcoming,
  reservationId: "rsv_0101",
  reservationNumber: "R-4101",
  startsAt: "2026-11-30T01:00:00.000Z",
  endsAt: "2026-11-30T02:00:00.000Z",
  changeableUntil: "2026-11-29T01:00:00.000Z",
};

export const past: ReservationView = {
  ...upcoming,
  reservationId: "rsv_0050",
  reservationNumber: "R-4050",
  storeId: "store_kichijoji",
  storeName: "吉祥寺店",
  serviceId: "svc_kichijoji_class",
  serviceName: "ハンドドリップ教室",
  startsAt: "2026-10-10T02:00:00.000Z",
  endsAt: "2026-10-10T03:30:00.000Z",
  partySize: 1,
  note: null,
  changeableUntil: "2026-10-09T02:00:00.000Z",
};

export const mine: MyReservationsResponse = { upcoming: [changeable], past: [past] };

/** The booked reservation for 12:00 on 11/23, as POST answers it: its LINE message queued. */
export function booked(partySize: number, note: string | null): ReservationWriteResponse {
  return {
    lineNotice: "queued",
    ...upcoming,
    reservationId: "rsv_0200",
    reservationNumber: "R-4200",
    startsAt: slots.slots[2].startsAt,
    endsAt: slots.slots[2].endsAt,
    partySize,
    note,
    changeableUntil: "2026-11-22T03:00:00.000Z",
  };
}

/** The writes a fetch mock received with their Idempotency-Key. */
export function sentWrites(fetchMock: ReturnType<typeof routeBff>, method: string, pathname: string) {
  return fetchMock.mock.calls
    .filter(([input, init]) => init?.method === method && new URL(requestUrl(input), "http://localhost").pathname === pathname)
    .map(([, init]) => ({
      body: typeof init?.body === "string" ? (JSON.parse(init.body) as Record<string, unknown>) : undefined,
      key: new Headers(init?.headers).get("idempotency-key"),
      accessToken: new Headers(init?.headers).get("x-liff-access-token"),
    }));
}

/** The query strings of the GETs to one path. */
export function sentQueries(fetchMock: ReturnType<typeof routeBff>, pathname: string): URLSearchParams[] {
  return fetchMock.mock.calls
    .map(([input]) => new URL(requestUrl(input), "http://localhost"))
    .filter((url) => url.pathname === pathname)
    .map((url) => url.searchParams);
}
