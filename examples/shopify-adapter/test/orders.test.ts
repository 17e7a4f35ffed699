import { describe, expect, it } from "vitest";
import { ErrorBody } from "../../../shared/errors.ts";
import { OrderDetail, OrderPage } from "../../../shared/merchant-contract.ts";
import { parseContractAnswer } from "../../../test/fakes/merchant-contract-answers.ts";
import { adapterPerTest, GOLD_MEMBER, LINKED_MEMBER, NEW_MEMBER } from "./adapter-fixture.ts";

const adapter = adapterPerTest();

// The recorded orders (recordings/orders.json): 1001 and 1002 are GOLD_MEMBER's, 1003 LINKED_MEMBER's.
const GOLD_DELIVERED = "5600000000101";
const GOLD_DISCOUNTED = "5600000000102";
const LINKED_CANCELLED = "5600000000103";

async function orderPage(memberId: string, query = "") {
  const response = await adapter.call("GET", `/v1/members/${memberId}/orders${query}`);
  return OrderPage.parse(await parseContractAnswer("listOrders", response));
}

describe("Shopify adapter › orders", () => {
  it("lists only the member's own Shopify orders, newest first, in the contract's shape", async () => {
    const page = await orderPage(GOLD_MEMBER);
    expect(page.orders.map((order) => [order.orderNumber, order.status, order.payableYen])).toEqual([
      ["1002", "confirmed", 3400],
      ["1001", "delivered", 4750],
    ]);
    expect(page.orders[1]).toMatchObject({
      itemCount: 3,
      firstItemName: "ドリップバッグ 5袋",
      totalYen: 4200,
      fulfilmentType: "delivery",
    });
    expect(page.nextCursor).toBeNull();
    expect((await orderPage(LINKED_MEMBER)).orders.map((order) => [order.orderId, order.status])).toEqual([
      [LINKED_CANCELLED, "cancelled"],
    ]);
    expect((await orderPage(NEW_MEMBER)).orders).toEqual([]);
  });

  it("pages with a cursor of its own, and refuses one it did not issue (400)", async () => {
    const first = await orderPage(GOLD_MEMBER, "?limit=1");
    expect(first.orders.map((order) => order.orderId)).toEqual([GOLD_DISCOUNTED]);
    const second = await orderPage(GOLD_MEMBER, `?limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.orders.map((order) => order.orderId)).toEqual([GOLD_DELIVERED]);
    expect(second.nextCursor).toBeNull();
    const madeUp = await adapter.call("GET", `/v1/members/${GOLD_MEMBER}/orders?cursor=abc`);
    expect(ErrorBody.parse(await parseContractAnswer("listOrders", madeUp)).error.code).toBe("bad_request");
  });

  it("answers one order with its lines, the shipping and the discount as charges, and the tracking", async () => {
    const response = await adapter.call("GET", `/v1/members/${GOLD_MEMBER}/orders/${GOLD_DELIVERED}`);
    const order = OrderDetail.parse(await parseContractAnswer("getOrder", response));
    expect(order).toMatchObject({
      orderNumber: "1001",
      memberId: GOLD_MEMBER,
      status: "delivered",
      totalYen: 4200,
      charges: [{ kind: "delivery_fee", label: "送料", amountYen: 550 }],
      payableYen: 4750,
      fulfilment: { type: "delivery", carrier: "ヤマト運輸", trackingNumber: "123456789012" },
    });
    expect(order.items).toEqual([
      { productId: "45100000000021", name: "ドリップバッグ 5袋", quantity: 2, unitPriceYen: 1200, lineTotalYen: 2400 },
      { productId: "45100000000031", name: "コーヒー豆 ブラジル 200g", quantity: 1, unitPriceYen: 1800, lineTotalYen: 1800 },
    ]);
    const discounted = OrderDetail.parse(
      await parseContractAnswer("getOrder", await adapter.call("GET", `/v1/members/${GOLD_MEMBER}/orders/${GOLD_DISCOUNTED}`)),
    );
    expect(discounted.charges).toContainEqual({ kind: "discount", label: "割引", amountYen: -200 });
    expect(discounted.payableYen).toBe(3400);
  });

  it("never answers one member's order to another: someone else's order is 404, as an unknown one", async () => {
    const someoneElses = await adapter.call("GET", `/v1/members/${GOLD_MEMBER}/orders/${LINKED_CANCELLED}`);
    expect(someoneElses.status).toBe(404);
    expect(ErrorBody.parse(await parseContractAnswer("getOrder", someoneElses)).error.code).toBe("not_found");
    const unknown = await adapter.call("GET", `/v1/members/${GOLD_MEMBER}/orders/5600000000999`);
    expect(unknown.status).toBe(404);
  });

  it("never lists someone else's order even when Shopify ignores the search and answers every order of the shop", async () => {
    adapter.shopify.ignoreNextOrderSearch();
    const page = await orderPage(GOLD_MEMBER);
    expect(page.orders.map((order) => order.orderId)).toEqual([GOLD_DISCOUNTED, GOLD_DELIVERED]);
  });

  it("answers 404 for the orders of an unknown member", async () => {
    const response = await adapter.call("GET", "/v1/members/7309999999999/orders");
    expect(ErrorBody.parse(await parseContractAnswer("listOrders", response)).error.code).toBe("not_found");
  });
});
