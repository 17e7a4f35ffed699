import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { OrdersResponse } from "../../../../shared/api.ts";
import { errorBody, requestUrl } from "../../fixtures.ts";
import { json, renderApp, routeBff } from "../../render-app.tsx";
import { olderOrder, pickupOrder, shippedOrder, summaryOf } from "./order-fixtures.ts";

const firstPage: OrdersResponse = {
  orders: [summaryOf(pickupOrder), summaryOf(shippedOrder), olderOrder(5)],
  nextCursor: "cursor-2",
};
const secondPage: OrdersResponse = { orders: [olderOrder(3), olderOrder(1)], nextCursor: null };

const rowIds = () => screen.getAllByTestId("order-row").map((row) => row.dataset.orderId);

describe("/orders", () => {
  it("lists past orders newest first with date in Japan time, status, fulfilment, item count and total", async () => {
    routeBff({ "GET /api/orders": () => json(firstPage) });
    renderApp({ path: "/orders" });

    expect(await screen.findByRole("heading", { level: 1, name: "注文履歴" })).toBeTruthy();
    await screen.findAllByTestId("order-row");
    expect(rowIds()).toEqual(["ord_0018", "ord_0017", "ord_0005"]);
    const [newest, shipped] = screen.getAllByTestId("order-row");
    expect(newest.getAttribute("href")).toBe("/orders/ord_0018");
    expect(newest.textContent).toContain("11月21日(土) 12:40");
    expect(within(newest).getByTestId("order-status").textContent).toBe("受け取り可能");
    expect(newest.textContent).toContain("発酵バターのクロワッサン");
    expect(newest.textContent).toContain("渋谷店で受け取り");
    expect(newest.textContent).toContain("6点");
    expect(within(newest).getByTestId("order-row-total").textContent).toBe("¥1,960");
    expect(within(shipped).getByTestId("order-status").textContent).toBe("発送済み");
    expect(shipped.textContent).toContain("配送");
    // A repeat order says so and which order it repeats; its total is what was paid, charges included.
    expect(within(shipped).getByTestId("order-row-reorder").textContent).toBe("再注文元のご注文 1024-3702");
    expect(within(newest).queryByTestId("order-row-reorder")).toBeNull();
    expect(within(shipped).getByTestId("order-row-total").textContent).toBe("¥3,936");
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
  });

  it("tells a repeat order apart in English too, with the amount paid", async () => {
    routeBff({ "GET /api/orders": () => json(firstPage) });
    localStorage.setItem("liff-app:language", "en");
    renderApp({ path: "/orders" });

    expect(await screen.findByRole("heading", { level: 1, name: "Your orders" })).toBeTruthy();
    const shipped = (await screen.findAllByTestId("order-row"))[1]!;
    expect(within(shipped).getByTestId("order-row-reorder").textContent).toBe("Reorderof order 1024-3702");
    expect(within(shipped).getByTestId("order-row-total").textContent).toBe("¥3,936");
  });

  it("asks for the next page with the cursor on もっと見る and adds it below, until the last page", async () => {
    const fetchMock = routeBff({ "GET /api/orders": [() => json(firstPage), () => json(secondPage)] });
    renderApp({ path: "/orders" });

    await userEvent.click(await screen.findByRole("button", { name: "もっと見る" }));

    await waitFor(() => expect(rowIds()).toEqual(["ord_0018", "ord_0017", "ord_0005", "ord_0003", "ord_0001"]));
    const urls = fetchMock.mock.calls.map(([url]) => new URL(requestUrl(url), "http://localhost"));
    expect(urls[0].searchParams.get("cursor")).toBeNull();
    expect(urls[1].searchParams.get("cursor")).toBe("cursor-2");
    expect(screen.queryByRole("button", { name: "もっと見る" })).toBeNull();
    expect(screen.getByText("5件の注文を表示しています")).toBeTruthy();
  });

  it("keeps the orders it has when the next page fails, and the same button tries again", async () => {
    routeBff({
      "GET /api/orders": [() => json(firstPage), () => json(errorBody("upstream_timeout"), 504), () => json(secondPage)],
    });
    renderApp({ path: "/orders" });

    await userEvent.click(await screen.findByRole("button", { name: "もっと見る" }));
    expect((await screen.findByRole("alert")).textContent).toContain("応答が遅れています");
    expect(rowIds()).toHaveLength(3);

    await userEvent.click(screen.getByRole("button", { name: "もっと見る" }));
    await waitFor(() => expect(rowIds()).toHaveLength(5));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows its place while loading, then a retry when the list can't be loaded", async () => {
    let fail: (response: Response) => void = () => {};
    routeBff({
      "GET /api/orders": [() => new Promise<Response>((resolve) => (fail = resolve)), () => json(firstPage)],
    });
    renderApp({ path: "/orders" });

    expect(await screen.findByTestId("orders-skeleton")).toBeTruthy();
    expect(screen.getByTestId("orders-screen").getAttribute("aria-busy")).toBe("true");
    fail(json(errorBody("upstream_unavailable"), 502));

    await userEvent.click(within(await screen.findByRole("alert")).getByRole("button", { name: "再読み込み" }));
    expect(await screen.findAllByTestId("order-row")).toHaveLength(3);
  });

  it("says so when there are no orders yet", async () => {
    routeBff({ "GET /api/orders": () => json({ orders: [], nextCursor: null }) });
    renderApp({ path: "/orders" });

    expect((await screen.findByTestId("orders-empty")).textContent).toBe("まだご注文はありません。");
  });

  it("offers linking to an account that is not linked", async () => {
    routeBff({ "GET /api/orders": () => json(errorBody("not_linked"), 404) });
    renderApp({ path: "/orders" });

    const panel = await screen.findByTestId("orders-unlinked");
    expect(within(panel).getByRole("link", { name: "会員連携する" }).getAttribute("href")).toBe("/link");
  });
});
