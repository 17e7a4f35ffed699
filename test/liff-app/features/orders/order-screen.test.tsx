import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { errorBody } from "../../fixtures.ts";
import { json, renderApp, routeBff, sentRequests } from "../../render-app.tsx";
import { pickupOrder, shippedOrder } from "./order-fixtures.ts";

describe("/orders/:orderId", () => {
  it("opens an order from its deep link: items, quantities, prices, total and status", async () => {
    routeBff({ "GET /api/orders/ord_0018": () => json(pickupOrder) });
    renderApp({ path: "/orders/ord_0018" });

    expect(await screen.findByRole("heading", { level: 1, name: "ご注文の詳細" })).toBeTruthy();
    expect((await screen.findByTestId("order-number")).textContent).toBe("1024-3718");
    expect(screen.getByTestId("order-ordered-at").textContent).toBe("11月21日(土) 12:40");
    expect(screen.getByTestId("order-status").textContent).toBe("受け取り可能");
    const items = screen.getByRole("region", { name: "ご注文の商品" });
    const lines = within(items).getAllByTestId("order-item");
    expect(lines.map((line) => line.textContent)).toEqual([
      "発酵バターのクロワッサン¥300 × 4¥1,200",
      "シナモンロール¥380 × 2¥760",
    ]);
    expect(within(items).getByTestId("order-total").textContent).toBe("¥1,960");
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
  });

  it("shows the merchant's order numbers, never the internal ids", async () => {
    routeBff({ "GET /api/orders/ord_0017": () => json(shippedOrder) });
    renderApp({ path: "/orders/ord_0017" });

    expect((await screen.findByTestId("order-number")).textContent).toMatch(/^\d{4}-\d{4}$/);
    expect(screen.getByTestId("order-number").textContent).toBe("1024-3717");
    expect(screen.getByTestId("order-source-link").textContent).toContain("1024-3702");
    expect(document.body.textContent).not.toContain("ord_");
  });

  it("names the pickup store for a store pickup", async () => {
    routeBff({ "GET /api/orders/ord_0018": () => json(pickupOrder) });
    renderApp({ path: "/orders/ord_0018" });

    const fulfilment = await screen.findByRole("region", { name: "お受け取り方法" });
    expect(fulfilment.textContent).toContain("店舗受け取り");
    expect(within(fulfilment).getByTestId("order-pickup-store").textContent).toBe("渋谷店");
    expect(within(fulfilment).queryByTestId("order-tracking-number")).toBeNull();
  });

  it("shows the address, carrier and tracking number of a shipped delivery, and the order it repeats", async () => {
    routeBff({ "GET /api/orders/ord_0017": () => json(shippedOrder) });
    renderApp({ path: "/orders/ord_0017" });

    const fulfilment = await screen.findByRole("region", { name: "お受け取り方法" });
    expect(fulfilment.textContent).toContain("配送");
    expect(within(fulfilment).getByTestId("order-address").textContent).toBe("東京都渋谷区神南1-2-3");
    expect(within(fulfilment).getByTestId("order-carrier").textContent).toBe("ヤマト運輸");
    expect(within(fulfilment).getByTestId("order-tracking-number").textContent).toBe("4012-3456-0017");
    expect(screen.getByTestId("order-status").textContent).toBe("発送済み");
    expect(screen.getByRole("link", { name: "再注文（元のご注文: 1024-3702）" }).getAttribute("href")).toBe("/orders/ord_0002");
  });

  it("links the tracking number to the carrier's page, outside the app", async () => {
    routeBff({ "GET /api/orders/ord_0017": () => json(shippedOrder) });
    renderApp({ path: "/orders/ord_0017" });

    const track = await screen.findByRole("link", { name: /^配送状況を見る\s*（配送業者のページが開きます）$/ });
    expect(track.getAttribute("href")).toBe("https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id=401234560017");
    expect(track.getAttribute("target")).toBe("_blank");
    expect(track.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("shows the charges, the amount paid and how, as the merchant charged them", async () => {
    routeBff({ "GET /api/orders/ord_0017": () => json(shippedOrder) });
    renderApp({ path: "/orders/ord_0017" });

    const items = await screen.findByRole("region", { name: "ご注文の商品" });
    expect(within(items).getByTestId("order-total-subtotal").textContent).toBe("¥3,564");
    expect(
      within(items)
        .getAllByTestId("order-total-charge")
        .map((row) => row.textContent),
    ).toEqual(["送料¥550", "ゴールド会員割引 5%−¥178"]);
    expect(within(items).getByText("合計（税込）")).toBeTruthy();
    expect(within(items).getByTestId("order-total").textContent).toBe("¥3,936");
    expect(within(items).getByTestId("order-payment").textContent).toBe("クレジットカード（VISA •••• 4242）");
  });

  it("offers ordering the same again", async () => {
    routeBff({ "GET /api/orders/ord_0018": () => json(pickupOrder) });
    renderApp({ path: "/orders/ord_0018" });

    expect((await screen.findByRole("link", { name: "もう一度注文する" })).getAttribute("href")).toBe("/orders/ord_0018/reorder");
  });

  it("says only 'not found' for an order that is not the member's, without a hint that it exists", async () => {
    routeBff({ "GET /api/orders/ord_0006": () => json(errorBody("not_found", "No such order"), 404) });
    renderApp({ path: "/orders/ord_0006" });

    expect(await screen.findByRole("heading", { level: 1, name: "ご注文が見つかりません" })).toBeTruthy();
    const panel = screen.getByTestId("order-not-found");
    expect(panel.textContent).toBe("このご注文は表示できません。注文履歴からお選びください。注文履歴へ");
    expect(screen.queryByRole("link", { name: "もう一度注文する" })).toBeNull();
    expect(screen.queryByRole("button", { name: "再読み込み" })).toBeNull();
  });

  it("treats an id that can't be an order's as not found", async () => {
    const fetchMock = routeBff({ "GET /api/orders/no%20such": () => json(errorBody("bad_request"), 400) });
    renderApp({ path: "/orders/no such" });

    expect(await screen.findByTestId("order-not-found")).toBeTruthy();
    expect(sentRequests(fetchMock).map((request) => request.route)).toEqual(["GET /api/orders/no%20such"]);
  });

  it("offers a retry when the order can't be loaded", async () => {
    routeBff({
      "GET /api/orders/ord_0018": [() => json(errorBody("upstream_unavailable"), 502), () => json(pickupOrder)],
    });
    renderApp({ path: "/orders/ord_0018" });

    await userEvent.click(within(await screen.findByRole("alert")).getByRole("button", { name: "再読み込み" }));
    expect((await screen.findByTestId("order-number")).textContent).toBe("1024-3718");
  });

  it("shows the order's place while it loads", async () => {
    routeBff({ "GET /api/orders/ord_0018": () => new Promise<Response>(() => {}) });
    renderApp({ path: "/orders/ord_0018" });

    expect(await screen.findByTestId("order-skeleton")).toBeTruthy();
    expect(screen.getByTestId("order-screen").getAttribute("aria-busy")).toBe("true");
  });
});
