import type { MeResponse, MyReservationsResponse, OrdersResponse, PointsResponse } from "../../../../shared/api.ts";
import { linkedMe } from "../../fixtures.ts";
import { json } from "../../render-app.tsx";

/** A silver member ¥3,200 short of gold, as the merchant counts it. */
export const silverMe: MeResponse = {
  ...linkedMe,
  link: {
    status: "linked",
    member: {
      memberNumber: "1000-0003",
      name: "鈴木 美咲",
      rank: { code: "silver", name: "シルバー" },
      points: { balance: 820 },
      rankProgress: {
        nextRank: { code: "gold", name: "ゴールド" },
        remainingYen: 3200,
        spentYen: 76_800,
        thresholdYen: 80_000,
        periodEndsOn: null,
      },
    },
  },
};

/** 渋谷店's tasting on Thursday 12/24, 10:00 in Japan; a cancelled one earlier is not "next". */
export const reservations: MyReservationsResponse = {
  upcoming: [
    {
      reservationId: "rsv_0300",
      reservationNumber: "R-4300",
      storeId: "store_shibuya",
      storeName: "渋谷店",
      serviceId: "svc_shibuya_tasting",
      serviceName: "テイスティング席",
      startsAt: "2026-12-24T01:00:00.000Z",
      endsAt: "2026-12-24T02:00:00.000Z",
      partySize: 2,
      note: null,
      status: "confirmed",
      changeableUntil: "2026-12-23T01:00:00.000Z",
      bookedAt: "2026-12-01T01:00:00.000Z",
    },
  ],
  past: [],
};

export const latestOrder: OrdersResponse = {
  orders: [
    {
      orderId: "ord_0018",
      orderNumber: "1024-0018",
      orderedAt: "2026-11-28T12:30:00.000Z",
      status: "shipped",
      totalYen: 3240,
      itemCount: 2,
      firstItemName: "こもれびブレンド 200g",
      fulfilmentType: "delivery",
      storeName: null,
    },
  ],
  nextCursor: null,
};

/** 120 pt last until Thursday 12/31, 40 more in January. */
export const points: PointsResponse = {
  balance: 820,
  expiringSoon: [
    { points: 120, expiresOn: "2026-12-31" },
    { points: 40, expiresOn: "2027-01-15" },
  ],
};

/** Home's blocks with nothing to report: no reservation, no order, nothing expiring. */
export const quietNowRoutes = {
  "GET /api/reservations": () => json({ upcoming: [], past: [] } satisfies MyReservationsResponse),
  "GET /api/orders": () => json({ orders: [], nextCursor: null } satisfies OrdersResponse),
  "GET /api/points": () => json({ balance: 1280, expiringSoon: [] } satisfies PointsResponse),
};
