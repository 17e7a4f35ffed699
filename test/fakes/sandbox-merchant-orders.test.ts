import { describe, expect, it } from "vitest";
import { ErrorBody } from "../../shared/errors.ts";
import { OrderDetail, OrderPage, ReorderPreview } from "../../shared/merchant-contract.ts";
import { parseContractAnswer } from "./merchant-contract-answers.ts";
import { pickupReadyAt } from "./sandbox-merchant/orders.ts";
import { SANDBOX_TEST_API_KEY as apiKey, sandboxMerchantPerTest } from "./sandbox-merchant-fixture.ts";

const merchant = sandboxMerchantPerTest();

function call(method: string, path: string, { body, key }: { body?: unknown; key?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (key !== undefined) headers["idempotency-key"] = key;
  return fetch(`${merchant.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

const createOrder = (memberId: string, body: unknown, key = crypto.randomUUID()) =>
  call("POST", `/v1/members/${memberId}/orders`, { body, key });

function devPost(path: string, body: unknown) {
  return fetch(`${merchant.url}/__dev${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function ordersOf(memberId: string) {
  const page = OrderPage.parse(await (await call("GET", `/v1/members/${memberId}/orders?limit=100`)).json());
  return page.orders.map((order) => order.orderId);
}

describe("sandbox merchant › listOrders", () => {
  it("pages a member's orders newest first, in store and online", async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await call("GET", `/v1/members/mem_0001/orders?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      const page = OrderPage.parse(await parseContractAnswer("listOrders", response));
      expect(page.orders.length).toBeLessThanOrEqual(2);
      ids.push(...page.orders.map((order) => order.orderId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(["ord_0018", "ord_0017", "ord_0005", "ord_0004", "ord_0003", "ord_0002", "ord_0001"]);
  });

  it("names the order a reorder repeats, and says nothing of charges it never quoted", async () => {
    const page = OrderPage.parse(await (await call("GET", "/v1/members/mem_0001/orders?limit=10")).json());
    const byId = new Map(page.orders.map((order) => [order.orderId, order]));
    expect(byId.get("ord_0005")).toMatchObject({ sourceOrderNumber: "1024-0001" });
    expect(byId.get("ord_0005")).not.toHaveProperty("payableYen");
    expect(byId.get("ord_0001")).toMatchObject({ sourceOrderNumber: null });
  });

  it("answers 404 for an unknown member and 400 for a cursor it never issued", async () => {
    expect((await call("GET", "/v1/members/mem_9999/orders")).status).toBe(404);
    expect((await call("GET", "/v1/members/mem_0001/orders?cursor=bm9wZQ")).status).toBe(400);
  });
});

describe("sandbox merchant › getOrder", () => {
  it("returns the member's order with its items, status and fulfilment", async () => {
    const response = await call("GET", "/v1/members/mem_0001/orders/ord_0017");
    expect(OrderDetail.parse(await parseContractAnswer("getOrder", response))).toMatchObject({
      orderId: "ord_0017",
      memberId: "mem_0001",
      status: "shipped",
      totalYen: 1944 + 2 * 810,
      fulfilment: { type: "delivery", carrier: "ヤマト運輸", trackingNumber: "4821-0937-0017" },
    });
  });

  it("gives the carrier's page when the shop's system has one, and null otherwise", async () => {
    const before = OrderDetail.parse(await (await call("GET", "/v1/members/mem_0001/orders/ord_0017")).json());
    expect(before.fulfilment).toMatchObject({ type: "delivery", trackingUrl: null });
    const trackingUrl = "https://track.example/parcels/482109370017";
    expect((await devPost("/orders/ord_0017/status", { status: "shipped", trackingUrl })).status).toBe(200);
    const after = OrderDetail.parse(await (await call("GET", "/v1/members/mem_0001/orders/ord_0017")).json());
    expect(after.fulfilment).toMatchObject({ type: "delivery", trackingNumber: "4821-0937-0017", trackingUrl });
  });

  it("answers another member's order with the same 404 as a missing one", async () => {
    const foreign = await call("GET", "/v1/members/mem_0002/orders/ord_0017");
    const missing = await call("GET", "/v1/members/mem_0001/orders/ord_9999");
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(await foreign.json()).toEqual(await missing.json());
  });
});

describe("sandbox merchant › previewReorder and the dev product controls", () => {
  it("shows today's price and availability after a product changes", async () => {
    expect((await devPost("/products/prd_011", { priceYen: 350 })).status).toBe(200);
    expect((await devPost("/products/prd_012", { availability: "out_of_stock" })).status).toBe(200);
    const response = await call("POST", "/v1/members/mem_0001/orders/ord_0018/reorder-preview");
    expect(ReorderPreview.parse(await parseContractAnswer("previewReorder", response))).toEqual({
      sourceOrderId: "ord_0018",
      sourceOrderNumber: "1024-0018",
      memberId: "mem_0001",
      items: [
        {
          productId: "prd_011",
          name: "発酵バターのクロワッサン",
          quantity: 4,
          previousUnitPriceYen: 320,
          unitPriceYen: 350,
          lineTotalYen: 1400,
          availability: "available",
        },
        {
          productId: "prd_012",
          name: "シナモンロール",
          quantity: 2,
          previousUnitPriceYen: 380,
          unitPriceYen: 380,
          lineTotalYen: 0,
          availability: "out_of_stock",
        },
      ],
      totalYen: 1400,
      fulfilment: { type: "pickup", storeId: "store_shibuya" },
      // 山田 太郎 is gold: 5% off the items; paid at the counter of the store it waits at.
      charges: [{ kind: "discount", label: "ゴールド会員割引 5%", amountYen: -70 }],
      payableYen: 1330,
      paymentMethod: { kind: "pay_at_store", label: null },
      pickupStoreName: "渋谷店",
      pickupReadyAt: expect.stringMatching(/Z$/),
    });
  });

  it("quotes the quantities asked, with the delivery fee waived from ¥5,000 of items", async () => {
    const preview = (body?: unknown) =>
      call("POST", "/v1/members/mem_0001/orders/ord_0017/reorder-preview", body === undefined ? {} : { body });
    const asOrdered = ReorderPreview.parse(await parseContractAnswer("previewReorder", await preview()));
    expect(asOrdered).toMatchObject({
      totalYen: 1944 + 2 * 810,
      charges: [
        { kind: "delivery_fee", label: "送料", amountYen: 550 },
        { kind: "discount", amountYen: -Math.floor((3564 * 5) / 100) },
      ],
      payableYen: 3564 + 550 - 178,
      paymentMethod: { kind: "card", label: "VISA •••• 4242" },
      deliveryAddress: "東京都渋谷区宇田川町12-3 こもれびハイツ201",
    });

    // Three of the beans and none of the drip bags (a product of another order is left out).
    const asked = ReorderPreview.parse(
      await parseContractAnswer(
        "previewReorder",
        await preview({
          items: [
            { productId: "prd_004", quantity: 3 },
            { productId: "prd_001", quantity: 1 },
          ],
        }),
      ),
    );
    expect(asked.items.map((item) => [item.productId, item.quantity])).toEqual([["prd_004", 3]]);
    expect(asked).toMatchObject({
      totalYen: 5832,
      charges: [
        { kind: "delivery_fee", amountYen: 0 },
        { kind: "discount", amountYen: -291 },
      ],
      payableYen: 5832 - 291,
    });

    expect((await preview({ items: [{ productId: "prd_004", quantity: 0 }] })).status).toBe(400);
    expect((await preview({ items: [] })).status).toBe(400);
  });

  it("refuses an unknown product (404) and an empty or invalid change (400)", async () => {
    expect((await devPost("/products/prd_999", { priceYen: 100 })).status).toBe(404);
    expect((await devPost("/products/prd_001", {})).status).toBe(400);
    expect((await devPost("/products/prd_001", { availability: "sold_out" })).status).toBe(400);
  });

  it("answers 404 for another member's order", async () => {
    expect((await call("POST", "/v1/members/mem_0002/orders/ord_0018/reorder-preview")).status).toBe(404);
  });
});

describe("sandbox merchant › createOrder", () => {
  const order = { items: [{ productId: "prd_001", quantity: 2 }], fulfilment: { type: "delivery" } };

  it("places an order at today's prices with the next number, delivered to the member's address", async () => {
    const response = await createOrder("mem_0001", { ...order, sourceOrderId: "ord_0001", expectedTotalYen: 3240 });
    expect(response.status).toBe(201);
    expect(OrderDetail.parse(await parseContractAnswer("createOrder", response))).toMatchObject({
      orderId: "ord_0023",
      orderNumber: "1024-0023",
      status: "placed",
      totalYen: 3240,
      sourceOrderId: "ord_0001",
      sourceOrderNumber: "1024-0001",
      fulfilment: { type: "delivery", address: "東京都渋谷区宇田川町12-3 こもれびハイツ201", trackingNumber: null },
    });
    expect((await ordersOf("mem_0001"))[0]).toBe("ord_0023");
  });

  it("charges as it quoted: the fees, discount and payment are on the order, and another amount to pay is refused", async () => {
    const changed = await createOrder("mem_0001", { ...order, expectedPayableYen: 3240 });
    expect(changed.status).toBe(422);
    expect(ErrorBody.parse(await changed.json()).error.code).toBe("price_changed");

    const payableYen = 3240 + 550 - 162;
    const placed = await createOrder("mem_0001", { ...order, sourceOrderId: "ord_0002", expectedPayableYen: payableYen });
    expect(placed.status).toBe(201);
    expect(OrderDetail.parse(await parseContractAnswer("createOrder", placed))).toMatchObject({
      totalYen: 3240,
      charges: [
        { kind: "delivery_fee", amountYen: 550 },
        { kind: "discount", amountYen: -162 },
      ],
      payableYen,
      paymentMethod: { kind: "card" },
    });
    const page = OrderPage.parse(await (await call("GET", "/v1/members/mem_0001/orders?limit=1")).json());
    expect(page.orders[0]).toMatchObject({ totalYen: 3240, payableYen, sourceOrderNumber: "1024-0002" });
  });

  it("answers a repeated key with the first answer and places one order; another body with that key is 422", async () => {
    const key = crypto.randomUUID();
    const first = await createOrder("mem_0001", order, key);
    const again = await createOrder("mem_0001", order, key);
    expect(await again.json()).toEqual(await first.json());
    expect((await ordersOf("mem_0001")).filter((id) => id === "ord_0023")).toHaveLength(1);
    expect(await ordersOf("mem_0001")).not.toContain("ord_0024");

    const conflict = await createOrder("mem_0001", { ...order, items: [{ productId: "prd_001", quantity: 3 }] }, key);
    expect(conflict.status).toBe(422);
    expect(ErrorBody.parse(await parseContractAnswer("createOrder", conflict)).error.code).toBe("idempotency_conflict");
  });

  it("refuses unavailable items, listing each, and keeps nothing, so the same key can try again", async () => {
    const key = crypto.randomUUID();
    const refused = await createOrder(
      "mem_0001",
      {
        ...order,
        items: [
          { productId: "prd_005", quantity: 1 },
          { productId: "prd_015", quantity: 1 },
          { productId: "prd_001", quantity: 1 },
        ],
      },
      key,
    );
    expect(refused.status).toBe(422);
    expect(ErrorBody.parse(await parseContractAnswer("createOrder", refused)).error).toMatchObject({
      code: "items_unavailable",
      unavailableItems: [
        { productId: "prd_005", availability: "out_of_stock" },
        { productId: "prd_015", availability: "discontinued" },
      ],
    });
    expect((await createOrder("mem_0001", order, key)).status).toBe(201);
  });

  it("refuses a changed total, a pickup where nobody hands over, and a delivery without an address", async () => {
    const changed = await createOrder("mem_0001", { ...order, expectedTotalYen: 3000 });
    expect(ErrorBody.parse(await changed.json()).error.code).toBe("price_changed");
    const online = await createOrder("mem_0001", { ...order, fulfilment: { type: "pickup", storeId: "store_online" } });
    expect(ErrorBody.parse(await online.json()).error.code).toBe("fulfilment_unavailable");

    const registered = await call("POST", "/v1/members", {
      body: {
        lineUserId: "U0123456789abcdef0123456789abcdef",
        profile: { name: "新規 会員" },
        consents: { terms: true, marketingMessages: false },
      },
    });
    const { memberId } = (await registered.json()) as { memberId: string };
    const noAddress = await createOrder(memberId, order);
    expect(noAddress.status).toBe(422);
    expect(ErrorBody.parse(await noAddress.json()).error.code).toBe("fulfilment_unavailable");
    expect((await createOrder(memberId, { ...order, fulfilment: { type: "pickup", storeId: "store_kichijoji" } })).status).toBe(
      201,
    );
  });

  it("answers 404 for a reorder of another member's order, 400 without a key or with a product twice", async () => {
    expect((await createOrder("mem_0002", { ...order, sourceOrderId: "ord_0001" })).status).toBe(404);
    expect((await createOrder("mem_9999", order)).status).toBe(404);
    expect((await call("POST", "/v1/members/mem_0001/orders", { body: order })).status).toBe(400);
    const twice = await createOrder("mem_0001", { ...order, items: [...order.items, ...order.items] });
    expect(twice.status).toBe(400);
  });
});

describe("sandbox merchant › pickup times", () => {
  it("is ready two hours on, within the shops' hours (10:00 to 19:00 Japan time)", () => {
    expect(pickupReadyAt(new Date("2026-12-01T01:00:00Z"))).toBe("2026-12-01T03:00:00.000Z");
    expect(pickupReadyAt(new Date("2026-12-01T01:10:00Z"))).toBe("2026-12-01T03:30:00.000Z");
    // 19:00 in Japan: tomorrow at 11:00. 05:00: today at 11:00.
    expect(pickupReadyAt(new Date("2026-12-01T10:00:00Z"))).toBe("2026-12-02T02:00:00.000Z");
    expect(pickupReadyAt(new Date("2026-11-30T20:00:00Z"))).toBe("2026-12-01T02:00:00.000Z");
  });
});
