import type {
  LineNotice,
  OrderDetailResponse,
  OrdersResponse,
  PlaceOrderRequest,
  PlacedOrderResponse,
  ReorderPreviewResponse,
} from "../../../../shared/api.ts";
import type { routeBff } from "../../render-app.tsx";
import { requestUrl, requestBody } from "../../fixtures.ts";

type OrderSummary = OrdersResponse["orders"][number];

/** The number the merchant shows for a fixture order: ord_0018 → 1024-3718. Never the id. */
export const orderNumberOf = (orderId: string) => `1024-${3700 + Number(orderId.replace(/\D/g, ""))}`;

/** 山田 太郎's pickup order at 渋谷店 (newest): croissants and cinnamon rolls. */
export const pickupOrder: OrderDetailResponse = {
  orderId: "ord_0018",
  orderNumber: "1024-3718",
  orderedAt: "2026-11-21T03:40:00.000Z",
  status: "ready_for_pickup",
  statusChangedAt: "2026-11-21T04:40:00.000Z",
  items: [
    { productId: "prd_011", name: "発酵バターのクロワッサン", quantity: 4, unitPriceYen: 300, lineTotalYen: 1200 },
    { productId: "prd_012", name: "シナモンロール", quantity: 2, unitPriceYen: 380, lineTotalYen: 760 },
  ],
  totalYen: 1960,
  fulfilment: { type: "pickup", storeId: "store_shibuya", storeName: "渋谷店" },
  sourceOrderId: null,
  sourceOrderNumber: null,
};

/** An online order on its way: delivered to the address on file, with a tracking number. */
export const shippedOrder: OrderDetailResponse = {
  orderId: "ord_0017",
  orderNumber: "1024-3717",
  orderedAt: "2026-11-18T11:02:00.000Z",
  status: "shipped",
  statusChangedAt: "2026-11-19T11:02:00.000Z",
  items: [
    { productId: "prd_004", name: "グアテマラ アンティグア 200g", quantity: 1, unitPriceYen: 1944, lineTotalYen: 1944 },
    { productId: "prd_008", name: "こもれびブレンド ドリップバッグ 5袋", quantity: 2, unitPriceYen: 810, lineTotalYen: 1620 },
  ],
  totalYen: 3564,
  fulfilment: {
    type: "delivery",
    address: "東京都渋谷区神南1-2-3",
    carrier: "ヤマト運輸",
    trackingNumber: "4012-3456-0017",
    trackingUrl: "https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id=401234560017",
  },
  sourceOrderId: "ord_0002",
  sourceOrderNumber: "1024-3702",
  charges: [
    { kind: "delivery_fee", label: "送料", amountYen: 550 },
    { kind: "discount", label: "ゴールド会員割引 5%", amountYen: -178 },
  ],
  payableYen: 3564 + 550 - 178,
  paymentMethod: { kind: "card", label: "VISA •••• 4242" },
};

export function summaryOf(order: OrderDetailResponse): OrderSummary {
  return {
    orderId: order.orderId,
    orderNumber: order.orderNumber,
    orderedAt: order.orderedAt,
    status: order.status,
    totalYen: order.totalYen,
    itemCount: order.items.reduce((sum, item) => sum + item.quantity, 0),
    firstItemName: order.items[0]?.name ?? null,
    fulfilmentType: order.fulfilment.type,
    storeName: order.fulfilment.type === "pickup" ? order.fulfilment.storeName : null,
    sourceOrderNumber: order.sourceOrderNumber,
    ...(order.payableYen === undefined ? {} : { payableYen: order.payableYen }),
  };
}

/** An older order for the list's pages. */
export function olderOrder(number: number): OrderSummary {
  const id = String(number).padStart(4, "0");
  return {
    orderId: `ord_${id}`,
    orderNumber: orderNumberOf(id),
    orderedAt: new Date(Date.UTC(2026, 5, number, 1, 0)).toISOString(),
    status: "delivered",
    totalYen: 1000 + number,
    itemCount: 1,
    firstItemName: `商品 ${id}`,
    fulfilmentType: "delivery",
    storeName: null,
  };
}

/**
 * The reorder preview of ord_0005 at today's prices: the blend is dearer now, the scones are
 * out of stock, the chestnut muffin is no longer sold.
 */
export const preview: ReorderPreviewResponse = {
  sourceOrderId: "ord_0005",
  sourceOrderNumber: "1024-3705",
  items: [
    {
      productId: "prd_001",
      name: "こもれびブレンド 200g",
      quantity: 1,
      previousUnitPriceYen: 1580,
      unitPriceYen: 1620,
      lineTotalYen: 1620,
      availability: "available",
    },
    {
      productId: "prd_013",
      name: "珈琲スコーン",
      quantity: 2,
      previousUnitPriceYen: 290,
      unitPriceYen: 290,
      lineTotalYen: 0,
      availability: "out_of_stock",
    },
    {
      productId: "prd_011",
      name: "発酵バターのクロワッサン",
      quantity: 1,
      previousUnitPriceYen: 320,
      unitPriceYen: 320,
      lineTotalYen: 320,
      availability: "available",
    },
    {
      productId: "prd_015",
      name: "栗のマフィン",
      quantity: 1,
      previousUnitPriceYen: 360,
      unitPriceYen: 360,
      lineTotalYen: 0,
      availability: "discontinued",
    },
  ],
  totalYen: 1940,
  fulfilment: { type: "pickup", storeId: "store_shibuya" },
};

/**
 * The same preview from a merchant that quotes its charges: a delivery to the address on file,
 * paid by card, ¥550 shipping and the gold members' 5% off (1940 → −97).
 */
export const quotedPreview: ReorderPreviewResponse = {
  ...preview,
  fulfilment: { type: "delivery" },
  charges: [
    { kind: "delivery_fee", label: "送料", amountYen: 550 },
    { kind: "discount", label: "ゴールド会員割引 5%", amountYen: -97 },
  ],
  payableYen: 1940 + 550 - 97,
  paymentMethod: { kind: "card", label: "VISA •••• 4242" },
  deliveryAddress: "東京都渋谷区宇田川町12-3 こもれびハイツ201",
};

/** The merchant's quote for other quantities of quotedPreview's items (items and their total as asked). */
export function quoteFor(items: ReadonlyArray<{ productId: string; quantity: number }>): ReorderPreviewResponse {
  const lines = items.map(({ productId, quantity }) => {
    const item = preview.items.find((candidate) => candidate.productId === productId)!;
    return { ...item, quantity, lineTotalYen: item.unitPriceYen * quantity };
  });
  const totalYen = lines.reduce((sum, line) => sum + line.lineTotalYen, 0);
  const deliveryFee = totalYen >= 5000 ? 0 : 550;
  const discount = -Math.floor((totalYen * 5) / 100);
  return {
    ...quotedPreview,
    items: lines,
    totalYen,
    charges: [
      { kind: "delivery_fee", label: "送料", amountYen: deliveryFee },
      { kind: "discount", label: "ゴールド会員割引 5%", amountYen: discount },
    ],
    payableYen: totalYen + deliveryFee + discount,
  };
}

/** The order ord_0005 the preview repeats, as GET /api/orders/ord_0005 answers. */
export const sourceOrder: OrderDetailResponse = {
  orderId: "ord_0005",
  orderNumber: "1024-3705",
  orderedAt: "2026-11-14T00:10:00.000Z",
  status: "delivered",
  statusChangedAt: "2026-11-15T00:10:00.000Z",
  items: [
    { productId: "prd_001", name: "こもれびブレンド 200g", quantity: 1, unitPriceYen: 1580, lineTotalYen: 1580 },
    { productId: "prd_013", name: "珈琲スコーン", quantity: 2, unitPriceYen: 290, lineTotalYen: 580 },
    { productId: "prd_011", name: "発酵バターのクロワッサン", quantity: 1, unitPriceYen: 320, lineTotalYen: 320 },
    { productId: "prd_015", name: "栗のマフィン", quantity: 1, unitPriceYen: 360, lineTotalYen: 360 },
  ],
  totalYen: 2840,
  fulfilment: { type: "pickup", storeId: "store_shibuya", storeName: "渋谷店" },
  sourceOrderId: null,
  sourceOrderNumber: null,
};

/**
 * The order the BFF answers POST /api/orders with, for the cart that was sent; its LINE
 * message queued (on its way) unless `lineNotice` says none was.
 */
export function placedOrder(
  request: PlaceOrderRequest,
  orderId = "ord_0100",
  lineNotice: LineNotice = "queued",
): PlacedOrderResponse {
  const items = request.items.map(({ productId, quantity }) => {
    const item = preview.items.find((candidate) => candidate.productId === productId)!;
    return { productId, name: item.name, quantity, unitPriceYen: item.unitPriceYen, lineTotalYen: item.unitPriceYen * quantity };
  });
  return {
    orderId,
    orderNumber: orderNumberOf(orderId),
    orderedAt: "2026-11-22T01:00:00.000Z",
    status: "placed",
    statusChangedAt: "2026-11-22T01:00:00.000Z",
    items,
    totalYen: items.reduce((sum, item) => sum + item.lineTotalYen, 0),
    fulfilment: { type: "pickup", storeId: "store_shibuya", storeName: "渋谷店" },
    sourceOrderId: request.sourceOrderId ?? null,
    sourceOrderNumber: request.sourceOrderId === undefined ? null : orderNumberOf(request.sourceOrderId),
    lineNotice,
  };
}

/** The POST /api/orders requests a fetch mock received: body and Idempotency-Key. */
export function sentOrders(fetchMock: ReturnType<typeof routeBff>) {
  return fetchMock.mock.calls
    .filter(
      ([input, init]) => init?.method === "POST" && new URL(requestUrl(input), "http://localhost").pathname === "/api/orders",
    )
    .map(([, init]) => ({
      body: JSON.parse(requestBody(init)) as PlaceOrderRequest,
      key: new Headers(init?.headers).get("idempotency-key"),
      accessToken: new Headers(init?.headers).get("x-liff-access-token"),
    }));
}
