import { env } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { OrderDetailResponse, OrdersResponse, ReorderPreviewResponse, type PlaceOrderRequest } from "../../../shared/api.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { recordFriendship } from "../../../bff/webhook/friends.ts";
import { deliveryRetryKey } from "../../../bff/delivery/outbox.ts";
import { merchantIdempotencyKey } from "../../../bff/merchant/idempotency-key.ts";
import { settleDeliveries } from "../delivery/drain.ts";
import {
  callBff,
  chooseLanguage,
  ENGLISH_WORDS,
  freshLineUserId,
  JAPANESE_TEXT,
  linkForThisFile,
  merchantApi,
  mintIdToken,
} from "../helpers.ts";
import { flatten, lineCalls } from "../webhook/helpers.ts";

// 渡辺 由美 (1000-0007) and 小林 さくら (1000-0009) are linked to LINE users of this file's own:
// Alice orders, Bob is the other member whose orders Alice must never reach.
const alice = { lineUserId: freshLineUserId(), memberId: "mem_0007", token: "" };
const bob = { lineUserId: freshLineUserId(), memberId: "mem_0009", token: "" };
const BOBS_ORDER = "ord_0013";
const liffId = `${inject("liffChannelId")}-devmock`;

linkForThisFile(alice, bob);

const code = async (response: Response) => ErrorBody.parse(await response.json()).error.code;

function placeOrder(body: unknown, key: string, { token = alice.token, requestId }: { token?: string; requestId?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", "idempotency-key": key };
  if (requestId) headers["x-request-id"] = requestId;
  return callBff("/api/orders", { token, method: "POST", headers, body: JSON.stringify(body) });
}

/** Every order of the caller, through all pages. */
async function allOrders(token = alice.token) {
  const orders: OrdersResponse["orders"] = [];
  let cursor: string | null = null;
  do {
    const response = await callBff(`/api/orders?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token });
    expect(response.status).toBe(200);
    const page = OrdersResponse.parse(await response.json());
    orders.push(...page.orders);
    cursor = page.nextCursor;
  } while (cursor);
  return orders;
}

/** The contract calls the sandbox merchant received for one BFF request. */
async function merchantCallsFor(requestId: string) {
  const log = (await (await fetch(`${inject("merchantUrl")}/__dev/requests`)).json()) as {
    requests: Array<{ requestId: string | null }>;
  };
  return log.requests.filter((request) => request.requestId === requestId);
}

async function setProduct(productId: string, change: { availability?: string; priceYen?: number }) {
  const response = await fetch(`${inject("merchantUrl")}/__dev/products/${productId}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(change),
  });
  expect(response.status).toBe(200);
}

/** The retry key of the confirmation of the order a key placed (one per order, however often it was placed). */
async function confirmationRetryKey(key: string): Promise<string> {
  const record = await env.DB.prepare(
    "SELECT response_json FROM idempotency_records WHERE scope = 'orders.create' AND idempotency_key = ?1",
  )
    .bind(key)
    .first<{ response_json: string }>();
  const orderId = (JSON.parse(record!.response_json) as { orderId: string }).orderId;
  return deliveryRetryKey(`order:${orderId}:confirmation`);
}

async function pushesWithRetryKey(retryKey: string) {
  return (await lineCalls()).filter((call) => call.path === "/v2/bot/message/push" && call.retryKey === retryKey);
}

const newKey = () => crypto.randomUUID();
const simpleOrder = (productId = "prd_001", quantity = 1): PlaceOrderRequest => ({
  items: [{ productId, quantity }],
  fulfilment: { type: "delivery" },
});

describe("GET /api/orders", () => {
  it("lists the member's orders newest first, a page at a time", async () => {
    const orders = await allOrders();
    const seeded = orders.map((order) => order.orderId).filter((id) => ["ord_0012", "ord_0021", "ord_0022"].includes(id));
    expect(seeded).toEqual(["ord_0021", "ord_0012", "ord_0022"]);
    const times = orders.map((order) => order.orderedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(orders.find((order) => order.orderId === "ord_0012")).toEqual({
      orderId: "ord_0012",
      orderNumber: "1024-0012",
      orderedAt: "2026-08-08T04:13:00.000Z",
      status: "delivered",
      totalYen: 4280,
      itemCount: 4,
      firstItemName: "こもれびブレンド 200g",
      fulfilmentType: "pickup",
      storeName: "二子玉川店",
      sourceOrderNumber: null,
    });
  });

  it("tells a reorder apart by the number of the order it repeats", async () => {
    const placed = await placeOrder({ ...simpleOrder("prd_002"), sourceOrderId: "ord_0021" }, newKey());
    expect(placed.status).toBe(201);
    const { orderId } = OrderDetailResponse.parse(await placed.json());
    const listed = (await allOrders()).find((order) => order.orderId === orderId);
    expect(listed).toMatchObject({ sourceOrderNumber: "1024-0021", totalYen: 1680, payableYen: 1680 + 550 });
  });

  it("never shows one member another member's orders", async () => {
    const [alices, bobs] = await Promise.all([allOrders(alice.token), allOrders(bob.token)]);
    expect(alices.map((order) => order.orderId)).not.toContain(BOBS_ORDER);
    expect(bobs.map((order) => order.orderId)).toEqual([BOBS_ORDER]);
  });

  it("answers 404 not_linked to a LINE user without a membership, 401 without a token", async () => {
    const stranger = await mintIdToken({ sub: freshLineUserId() });
    const response = await callBff("/api/orders", { token: stranger });
    expect(response.status).toBe(404);
    expect(await code(response)).toBe("not_linked");
    expect((await callBff("/api/orders")).status).toBe(401);
  });

  it("answers 400 for a cursor the merchant never issued and for a limit out of range", async () => {
    for (const query of ["cursor=bm90LWEtY3Vyc29y", "limit=0", "limit=51", "limit=ten"]) {
      const response = await callBff(`/api/orders?${query}`, { token: alice.token });
      expect(response.status, query).toBe(400);
      expect(await code(response)).toBe("bad_request");
    }
  });
});

describe("GET /api/orders/:orderId", () => {
  it("shows the items, quantities, prices, status and pickup store of an order", async () => {
    const response = await callBff("/api/orders/ord_0012", { token: alice.token });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).not.toHaveProperty("memberId");
    expect(OrderDetailResponse.parse(body)).toMatchObject({
      orderId: "ord_0012",
      orderNumber: "1024-0012",
      status: "delivered",
      items: [
        { productId: "prd_001", name: "こもれびブレンド 200g", quantity: 2, unitPriceYen: 1620, lineTotalYen: 3240 },
        { productId: "prd_014", name: "バスクチーズケーキ", quantity: 2, unitPriceYen: 520, lineTotalYen: 1040 },
      ],
      totalYen: 4280,
      fulfilment: { type: "pickup", storeId: "store_futakotamagawa", storeName: "二子玉川店" },
      sourceOrderId: null,
    });
  });

  it("shows where a delivery goes and how to track it", async () => {
    const response = await callBff("/api/orders/ord_0021", { token: alice.token });
    expect(OrderDetailResponse.parse(await response.json())).toMatchObject({
      status: "shipped",
      fulfilment: {
        type: "delivery",
        address: "東京都世田谷区瀬田5-6-1",
        carrier: "ヤマト運輸",
        trackingNumber: "4821-0937-0021",
        // The merchant has no page for it: the BFF links ヤマト運輸's own search for the number.
        trackingUrl: "https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id=482109370021",
      },
    });
  });

  it("answers another member's order exactly as an order that does not exist: 404, no hint", async () => {
    const [foreign, missing] = await Promise.all([
      callBff(`/api/orders/${BOBS_ORDER}`, { token: alice.token }),
      callBff("/api/orders/ord_9999", { token: alice.token }),
    ]);
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    const withoutRequestId = async (response: Response) => {
      const { error } = ErrorBody.parse(await response.json());
      return { ...error, requestId: undefined };
    };
    expect(await withoutRequestId(foreign)).toEqual(await withoutRequestId(missing));
    expect((await callBff(`/api/orders/${BOBS_ORDER}`, { token: bob.token })).status).toBe(200);
  });

  it("answers 400 for an order id that cannot be one", async () => {
    expect((await callBff("/api/orders/ord%200012", { token: alice.token })).status).toBe(400);
  });
});

describe("GET /api/orders/:orderId/reorder-preview", () => {
  it("shows the order as it would be ordered now: today's prices, unavailable items marked and left out of the total", async () => {
    await setProduct("prd_002", { priceYen: 1780 });
    try {
      const response = await callBff("/api/orders/ord_0021/reorder-preview", { token: alice.token });
      expect(response.status).toBe(200);
      const preview = ReorderPreviewResponse.parse(await response.json());
      expect(preview).toEqual({
        sourceOrderId: "ord_0021",
        sourceOrderNumber: "1024-0021",
        items: [
          expect.objectContaining({
            productId: "prd_002",
            quantity: 1,
            previousUnitPriceYen: 1680,
            unitPriceYen: 1780,
            lineTotalYen: 1780,
            availability: "available",
          }),
          expect.objectContaining({ productId: "prd_007", availability: "discontinued", lineTotalYen: 0 }),
          expect.objectContaining({ productId: "prd_009", availability: "available", lineTotalYen: 1680 }),
        ],
        totalYen: 3460,
        fulfilment: { type: "delivery" },
        // 渡辺 由美 is silver (no discount); under ¥5,000 of items delivery costs ¥550.
        charges: [{ kind: "delivery_fee", label: "送料", amountYen: 550 }],
        payableYen: 4010,
        paymentMethod: { kind: "card", label: "VISA •••• 4242" },
        deliveryAddress: "東京都世田谷区瀬田5-6-1",
      });
    } finally {
      await setProduct("prd_002", { priceYen: 1680 });
    }
    const pickup = ReorderPreviewResponse.parse(
      await (await callBff("/api/orders/ord_0012/reorder-preview", { token: alice.token })).json(),
    );
    expect(pickup.items.map((item) => item.availability)).toEqual(["available", "out_of_stock"]);
    expect(pickup.fulfilment).toEqual({ type: "pickup", storeId: "store_futakotamagawa" });
  });

  it("quotes the quantities the member chose: the merchant's charges and amount to pay for that cart", async () => {
    const response = await callBff("/api/orders/ord_0021/reorder-preview?items=prd_002:2,prd_009:1", { token: alice.token });
    expect(response.status).toBe(200);
    const preview = ReorderPreviewResponse.parse(await response.json());
    expect(preview.items.map((item) => [item.productId, item.quantity])).toEqual([
      ["prd_002", 2],
      ["prd_009", 1],
    ]);
    // 1680 × 3 = 5040: from ¥5,000 of items the merchant delivers for free.
    expect(preview).toMatchObject({ totalYen: 5040, charges: [{ kind: "delivery_fee", amountYen: 0 }], payableYen: 5040 });
  });

  it("shows no charges when the merchant answered for other quantities than asked", async () => {
    // prd_001 is not in the order: the merchant leaves it out, so its quote is not for this cart.
    const response = await callBff("/api/orders/ord_0021/reorder-preview?items=prd_002:1,prd_001:1", {
      token: alice.token,
    });
    expect(response.status).toBe(200);
    const preview = ReorderPreviewResponse.parse(await response.json());
    expect(preview).not.toHaveProperty("charges");
    expect(preview).not.toHaveProperty("payableYen");
  });

  it("answers 400 for a cart that cannot be one, before calling the merchant", async () => {
    for (const items of ["prd_002:0", "prd_002:1,prd_002:2", "prd_002", "prd 002:1", "prd_002:100"]) {
      const requestId = `bad-cart-${crypto.randomUUID()}`;
      const response = await callBff(`/api/orders/ord_0021/reorder-preview?items=${encodeURIComponent(items)}`, {
        token: alice.token,
        headers: { "x-request-id": requestId },
      });
      expect(response.status, items).toBe(400);
      expect(await merchantCallsFor(requestId)).toEqual([]);
    }
  });

  it("answers 404 for another member's order", async () => {
    const response = await callBff(`/api/orders/${BOBS_ORDER}/reorder-preview`, { token: alice.token });
    expect(response.status).toBe(404);
    expect(await code(response)).toBe("not_found");
  });
});

describe("POST /api/orders", () => {
  it("places a reorder at today's prices and confirms it in LINE with the items, charges, amount to pay and a link to the order", async () => {
    const preview = ReorderPreviewResponse.parse(
      await (await callBff("/api/orders/ord_0021/reorder-preview", { token: alice.token })).json(),
    );
    const request: PlaceOrderRequest = {
      items: preview.items
        .filter((item) => item.availability === "available")
        .map(({ productId, quantity }) => ({ productId, quantity })),
      fulfilment: preview.fulfilment,
      sourceOrderId: preview.sourceOrderId,
      expectedTotalYen: preview.totalYen,
      expectedPayableYen: preview.payableYen,
    };
    const key = newKey();
    const response = await placeOrder(request, key);
    expect(response.status).toBe(201);
    const order = OrderDetailResponse.parse(await response.json());
    expect(order).toMatchObject({
      status: "placed",
      totalYen: 3360,
      charges: [{ kind: "delivery_fee", amountYen: 550 }],
      payableYen: 3910,
      paymentMethod: { kind: "card" },
      sourceOrderId: "ord_0021",
      fulfilment: { type: "delivery", address: "東京都世田谷区瀬田5-6-1", trackingNumber: null },
      items: [
        { productId: "prd_002", quantity: 1, unitPriceYen: 1680, lineTotalYen: 1680 },
        { productId: "prd_009", quantity: 1, unitPriceYen: 1680, lineTotalYen: 1680 },
      ],
    });
    expect((await allOrders())[0].orderId).toBe(order.orderId);
    const detail = await callBff(`/api/orders/${order.orderId}`, { token: alice.token });
    expect(OrderDetailResponse.parse(await detail.json())).toEqual(order);

    const pushes = await pushesWithRetryKey(await confirmationRetryKey(key));
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ delivered: true, body: { to: alice.lineUserId } });
    const { texts, actions } = flatten(pushes[0].body?.messages);
    expect(texts).toEqual(
      expect.arrayContaining([
        "ご注文ありがとうございます",
        "森のしずく 深煎りブレンド 200g × 1",
        "商品合計",
        "¥3,360",
        "送料",
        "¥550",
      ]),
    );
    // The total is what the member pays, the delivery fee included.
    expect(texts.slice(-2)).toEqual(["合計（税込）", "¥3,910"]);
    expect(actions).toEqual([
      { type: "uri", label: "注文を確認", uri: `https://liff.line.me/${liffId}/orders/${order.orderId}` },
    ]);
  });

  it("confirms in the member's language only: English words for an English user, no English sentence for a Japanese one", async () => {
    const confirmation = async () => {
      const key = newKey();
      expect((await placeOrder(simpleOrder("prd_001", 2), key)).status).toBe(201);
      const [push] = await pushesWithRetryKey(await confirmationRetryKey(key));
      const messages = push?.body?.messages as Array<{ altText: string }>;
      const { texts, actions } = flatten(messages);
      // Item rows carry the merchant's product names, which stay as the merchant wrote them.
      const ownWords = [messages[0]!.altText, ...texts.filter((text) => !text.includes(" × ")), ...actions.map((a) => a.label)];
      return { ownWords, texts };
    };
    await chooseLanguage(alice.lineUserId, "en");
    try {
      const english = await confirmation();
      expect(english.texts).toEqual(expect.arrayContaining(["Thank you for your order", "Total (tax included)"]));
      for (const text of english.ownWords) expect(text).not.toMatch(JAPANESE_TEXT);
    } finally {
      await chooseLanguage(alice.lineUserId, "ja");
    }
    const japanese = await confirmation();
    expect(japanese.texts).toContain("ご注文ありがとうございます");
    for (const text of japanese.ownWords) expect(text).not.toMatch(ENGLISH_WORDS);
  });

  it("answers a repeated key with the first answer, without calling the merchant or ordering again", async () => {
    const key = newKey();
    const first = await placeOrder(simpleOrder("prd_001", 2), key);
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const ordersAfterFirst = (await allOrders()).length;

    const requestId = `replay-${crypto.randomUUID()}`;
    const repeat = await placeOrder(simpleOrder("prd_001", 2), key, { requestId });
    expect(repeat.status).toBe(201);
    expect(repeat.headers.get("idempotent-replayed")).toBe("true");
    expect(await repeat.json()).toEqual(firstBody);
    expect(await merchantCallsFor(requestId)).toEqual([]);
    expect((await allOrders()).length).toBe(ordersAfterFirst);
    expect(await pushesWithRetryKey(await confirmationRetryKey(key))).toHaveLength(1);
  });

  it("refuses the same key with another body (422), without calling the merchant", async () => {
    const key = newKey();
    expect((await placeOrder(simpleOrder("prd_001", 1), key)).status).toBe(201);
    const ordersBefore = (await allOrders()).length;
    const requestId = `conflict-${crypto.randomUUID()}`;
    const reused = await placeOrder(simpleOrder("prd_001", 3), key, { requestId });
    expect(reused.status).toBe(422);
    expect(await code(reused)).toBe("idempotency_conflict");
    expect(await merchantCallsFor(requestId)).toEqual([]);
    expect((await allOrders()).length).toBe(ordersBefore);
  });

  it("makes one order of two simultaneous requests with one key; the other is told to repeat", async () => {
    const key = newKey();
    const ordersBefore = (await allOrders()).length;
    const answers = await Promise.all([placeOrder(simpleOrder("prd_011", 2), key), placeOrder(simpleOrder("prd_011", 2), key)]);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses).toContain(201);
    for (const answer of answers.filter((candidate) => candidate.status !== 201)) {
      expect(answer.status).toBe(409);
      expect(answer.headers.get("retry-after")).toBe("1");
      expect(await code(answer)).toBe("request_in_progress");
    }
    const placed = OrderDetailResponse.parse(await answers.find((answer) => answer.status === 201)!.json());
    const repeat = await placeOrder(simpleOrder("prd_011", 2), key);
    expect(OrderDetailResponse.parse(await repeat.json()).orderId).toBe(placed.orderId);
    expect((await allOrders()).length).toBe(ordersBefore + 1);
    expect(await pushesWithRetryKey(await confirmationRetryKey(key))).toHaveLength(1);
  });

  it("makes one order when the merchant placed it but its answer never reached the BFF: the key goes end to end", async () => {
    const key = newKey();
    const request = simpleOrder("prd_013", 4);
    // The merchant got the request (from a BFF attempt that then timed out, say) and placed it,
    // under the key the BFF derives from this customer's key.
    const direct = await merchantApi(`/v1/members/${alice.memberId}/orders`, {
      method: "POST",
      headers: { "idempotency-key": await merchantIdempotencyKey(alice.lineUserId, key) },
      body: JSON.stringify(request),
    });
    expect(direct.status).toBe(201);
    const { orderId } = (await direct.json()) as { orderId: string };
    const ordersBefore = (await allOrders()).length;

    const retried = await placeOrder(request, key);
    expect(retried.status).toBe(201);
    expect(OrderDetailResponse.parse(await retried.json()).orderId).toBe(orderId);
    expect((await allOrders()).length).toBe(ordersBefore);
  });

  it("refuses unavailable items with 422 naming each, orders nothing, and lets the edited order reuse the key", async () => {
    const key = newKey();
    const ordersBefore = (await allOrders()).length;
    const refused = await placeOrder(
      {
        items: [
          { productId: "prd_001", quantity: 1 },
          { productId: "prd_014", quantity: 2 },
          { productId: "prd_007", quantity: 1 },
          { productId: "prd_999", quantity: 1 },
        ],
        fulfilment: { type: "delivery" },
      },
      key,
    );
    expect(refused.status).toBe(422);
    const { error } = ErrorBody.parse(await refused.json());
    expect(error.code).toBe("items_unavailable");
    expect(error.unavailableItems).toEqual([
      { productId: "prd_014", availability: "out_of_stock" },
      { productId: "prd_007", availability: "discontinued" },
      { productId: "prd_999", availability: "discontinued" },
    ]);
    expect((await allOrders()).length).toBe(ordersBefore);

    const edited = await placeOrder(simpleOrder("prd_001", 1), key);
    expect(edited.status).toBe(201);
  });

  it("refuses an item that went out of stock after the preview", async () => {
    await setProduct("prd_016", { availability: "out_of_stock" });
    try {
      const response = await placeOrder(simpleOrder("prd_016", 1), newKey());
      expect(response.status).toBe(422);
      expect(ErrorBody.parse(await response.json()).error.unavailableItems).toEqual([
        { productId: "prd_016", availability: "out_of_stock" },
      ]);
    } finally {
      await setProduct("prd_016", { availability: "available" });
    }
  });

  it("refuses a total that changed since the member confirmed it (price_changed)", async () => {
    const response = await placeOrder({ ...simpleOrder("prd_001", 1), expectedTotalYen: 1500 }, newKey());
    expect(response.status).toBe(422);
    expect(await code(response)).toBe("price_changed");
  });

  it("collects at a shop, and refuses to collect where nobody can hand it over", async () => {
    const pickup = await placeOrder(
      { items: [{ productId: "prd_012", quantity: 2 }], fulfilment: { type: "pickup", storeId: "store_shibuya" } },
      newKey(),
    );
    expect(pickup.status).toBe(201);
    expect(OrderDetailResponse.parse(await pickup.json()).fulfilment).toEqual({
      type: "pickup",
      storeId: "store_shibuya",
      storeName: "渋谷店",
    });
    const online = await placeOrder(
      { items: [{ productId: "prd_012", quantity: 2 }], fulfilment: { type: "pickup", storeId: "store_online" } },
      newKey(),
    );
    expect(online.status).toBe(422);
    expect(await code(online)).toBe("fulfilment_unavailable");
  });

  it("refuses to reorder another member's order (404) and orders nothing for anyone", async () => {
    const [alicesBefore, bobsBefore] = [(await allOrders(alice.token)).length, (await allOrders(bob.token)).length];
    const response = await placeOrder({ ...simpleOrder("prd_009", 2), sourceOrderId: BOBS_ORDER }, newKey());
    expect(response.status).toBe(404);
    expect(await code(response)).toBe("not_found");
    expect((await allOrders(alice.token)).length).toBe(alicesBefore);
    expect((await allOrders(bob.token)).length).toBe(bobsBefore);
  });

  it("answers 400 before calling the merchant for a missing key, a quantity out of 1–99, or a product twice", async () => {
    const requestId = `invalid-${crypto.randomUUID()}`;
    const missingKey = await callBff("/api/orders", {
      token: alice.token,
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": requestId },
      body: JSON.stringify(simpleOrder()),
    });
    expect(missingKey.status).toBe(400);
    const invalid = [
      simpleOrder("prd_001", 0),
      simpleOrder("prd_001", 100),
      {
        items: [
          { productId: "prd_001", quantity: 1 },
          { productId: "prd_001", quantity: 2 },
        ],
        fulfilment: { type: "delivery" },
      },
      { items: [], fulfilment: { type: "delivery" } },
      { items: [{ productId: "prd_001", quantity: 1 }], fulfilment: { type: "drone" } },
    ];
    for (const body of invalid) {
      const response = await placeOrder(body, newKey(), { requestId });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await code(response)).toBe("bad_request");
    }
    expect(await merchantCallsFor(requestId)).toEqual([]);
  });

  it("answers 404 not_linked to a LINE user without a membership, and keeps no record of the key", async () => {
    const stranger = freshLineUserId();
    const key = newKey();
    const response = await placeOrder(simpleOrder(), key, { token: await mintIdToken({ sub: stranger }) });
    expect(response.status).toBe(404);
    expect(await code(response)).toBe("not_linked");
    const records = await env.DB.prepare("SELECT COUNT(*) AS count FROM idempotency_records WHERE idempotency_key = ?1")
      .bind(key)
      .first<{ count: number }>();
    expect(records?.count).toBe(0);
  });

  it("sends no confirmation to a member who blocked the account", async () => {
    await recordFriendship(env.DB, alice.lineUserId, { followed: false, at: Date.now() });
    try {
      const key = newKey();
      expect((await placeOrder(simpleOrder(), key)).status).toBe(201);
      expect(await pushesWithRetryKey(await confirmationRetryKey(key))).toEqual([]);
    } finally {
      await recordFriendship(env.DB, alice.lineUserId, { followed: true, at: Date.now() + 1 });
    }
  });

  it("delivers exactly one confirmation when LINE answers 500 first", async () => {
    const armed = await fetch(`${inject("fakeLineUrl")}/__dev/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mode: "server_error", times: 1, userId: alice.lineUserId }),
    });
    expect(armed.status).toBe(200);
    const key = newKey();
    expect((await placeOrder(simpleOrder(), key)).status).toBe(201);
    await settleDeliveries();
    const pushes = await pushesWithRetryKey(await confirmationRetryKey(key));
    expect(pushes.map((push) => push.status)).toEqual([500, 200]);
    expect(pushes.filter((push) => push.delivered)).toHaveLength(1);
  });
});
