import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlaceOrderRequest, ReorderPreviewResponse } from "../../../../shared/api.ts";
import { errorBody, errorBodyWith, requestBody, requestUrl } from "../../fixtures.ts";
import {
  fakeSession,
  json,
  renderApp,
  renderAppInLine,
  routeBff,
  sentRequests,
  TEST_ACCESS_TOKEN,
  warmUpScreens,
} from "../../render-app.tsx";
import { placedOrder, preview, quotedPreview, quoteFor, sentOrders, sourceOrder } from "./order-fixtures.ts";

type Answer = () => Response | Promise<Response>;

const PREVIEW = "GET /api/orders/ord_0005/reorder-preview";
const PLACE = "POST /api/orders";

const noConnection: Answer = () => {
  throw new TypeError("Failed to fetch");
};

/** POST /api/orders answering 201 with the order for the cart it was sent. */
function placesOrder(orderId = "ord_0100"): Answer {
  return () => json(placedOrder(lastCart, orderId), 201);
}

// The cart of the POST being answered: routeBff's answers don't see the request, so the fetch
// stub below records it first.
let lastCart: PlaceOrderRequest;

const sourceOrderCart: PlaceOrderRequest = {
  items: [{ productId: "prd_001", quantity: 1 }],
  fulfilment: { type: "pickup", storeId: "store_shibuya" },
  expectedTotalYen: 0,
};

/** The reorder sheet of ord_0005, with these answers for placing the order. */
async function openSheet(
  place: Answer | Answer[],
  previews: Answer | Answer[] = () => json(preview),
  render: () => unknown = () => renderApp({ path: "/orders/ord_0005/reorder" }),
  quote: (items: PlaceOrderRequest["items"]) => Response | Promise<Response> = (items) => json(quoteFor(items)),
) {
  const fetchMock = routeBff({
    [PREVIEW]: previews,
    "GET /api/orders/ord_0005": () => json(sourceOrder),
    [PLACE]: place,
  });
  const stubbed = fetchMock.getMockImplementation()!;
  fetchMock.mockImplementation(async (input, init) => {
    if (init?.method === "POST") lastCart = JSON.parse(requestBody(init)) as PlaceOrderRequest;
    // A quote: the preview asked for the cart as changed (?items=productId:quantity,…).
    const cart = new URL(requestUrl(input), "http://localhost").searchParams.get("items");
    if (cart !== null) return quote(cartItems(cart));
    return stubbed(input, init);
  });
  render();
  await screen.findByRole("heading", { level: 1, name: "再注文の確認" });
  await screen.findAllByTestId("reorder-item");
  return fetchMock;
}

const cartItems = (cart: string): PlaceOrderRequest["items"] =>
  cart.split(",").map((pair) => ({ productId: pair.split(":")[0]!, quantity: Number(pair.split(":")[1]) }));

/** The quotes asked for, as their `items` query. */
const quotesAsked = (fetchMock: ReturnType<typeof routeBff>) =>
  fetchMock.mock.calls
    .map(([input]) => new URL(requestUrl(input), "http://localhost").searchParams.get("items"))
    .filter((cart) => cart !== null);

const item = (productId: string) => screen.getAllByTestId("reorder-item").find((row) => row.dataset.productId === productId)!;

const confirmButton = () => screen.getByRole("button", { name: /注文を確定する|注文しています/ });

describe("/orders/:orderId/reorder", () => {
  // Each screen's first mount suspends on its lazy import; see warmUpScreens.
  beforeAll(() => warmUpScreens("/orders/ord_0005/reorder", "/orders/ord_0100/placed"));

  it("shows the items at today's prices, and marks and leaves out what is out of stock or no longer sold", async () => {
    await openSheet(placesOrder());

    const blend = item("prd_001");
    expect(blend.textContent).toContain("¥1,620");
    expect(within(blend).getByTestId("reorder-item-previous-price").textContent).toBe("前回 ¥1,580");
    const scones = item("prd_013");
    expect(scones.querySelector("s")?.textContent).toBe("珈琲スコーン");
    expect(within(scones).getByTestId("reorder-item-reason").textContent).toBe("在庫切れ今回のご注文には含まれません");
    expect(within(scones).queryByRole("group")).toBeNull();
    const muffin = item("prd_015");
    expect(muffin.querySelector("s")?.textContent).toBe("栗のマフィン");
    expect(within(muffin).getByTestId("reorder-item-reason").textContent).toContain("販売終了");
    expect(screen.getByTestId("reorder-total").textContent).toBe("¥1,940");
    expect(screen.getByTestId("reorder-total-count").textContent).toBe("2点");
    expect(screen.getByTestId("reorder-fulfilment").textContent).toBe("渋谷店で受け取り");
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
  });

  it("recalculates the line and the total as quantities change, from 1 to 99", async () => {
    await openSheet(placesOrder());

    const blend = item("prd_001");
    expect(within(blend).getByRole("group", { name: "こもれびブレンド 200gの数量" })).toBeTruthy();
    await userEvent.click(within(blend).getByRole("button", { name: "こもれびブレンド 200gを1つ増やす" }));
    await userEvent.click(within(blend).getByRole("button", { name: "こもれびブレンド 200gを1つ増やす" }));

    expect(within(blend).getByTestId("reorder-quantity-value").textContent).toBe("3");
    expect(within(blend).getByTestId("reorder-item-total").textContent).toBe("¥4,860");
    expect(screen.getByTestId("reorder-total").textContent).toBe("¥5,180");
    expect(screen.getByTestId("reorder-total-count").textContent).toBe("4点");

    const croissant = item("prd_011");
    const fewer = within(croissant).getByRole("button", { name: "発酵バターのクロワッサンを1つ減らす" });
    expect(fewer.getAttribute("aria-disabled")).toBe("true");
    await userEvent.click(fewer);
    expect(within(croissant).getByTestId("reorder-quantity-value").textContent).toBe("1");
  });

  it("removes an item with a way back: the total follows, the focus moves to the undo, and a status says so", async () => {
    await openSheet(placesOrder());

    await userEvent.click(within(item("prd_011")).getByRole("button", { name: "発酵バターのクロワッサンを今回の注文から削除" }));

    const croissant = item("prd_011");
    expect(croissant.dataset.removed).toBe("true");
    expect(croissant.querySelector("s")?.textContent).toBe("発酵バターのクロワッサン");
    expect(within(croissant).queryByRole("group")).toBeNull();
    const undo = within(croissant).getByRole("button", { name: "発酵バターのクロワッサンの削除を元に戻す" });
    await waitFor(() => expect(document.activeElement).toBe(undo));
    expect(screen.getByTestId("reorder-announcement").textContent).toBe("発酵バターのクロワッサンを削除しました");
    expect(screen.getByTestId("reorder-total").textContent).toBe("¥1,620");
    expect(screen.getByTestId("reorder-total-count").textContent).toBe("1点");

    await userEvent.click(undo);
    expect(item("prd_011").dataset.removed).toBeUndefined();
    expect(screen.getByTestId("reorder-total").textContent).toBe("¥1,940");
    await waitFor(() =>
      expect(document.activeElement).toBe(
        within(item("prd_011")).getByRole("button", { name: "発酵バターのクロワッサンを今回の注文から削除" }),
      ),
    );
  });

  it("orders only what is left after a removal", async () => {
    const fetchMock = await openSheet(placesOrder());
    await userEvent.click(within(item("prd_001")).getByRole("button", { name: /を今回の注文から削除$/ }));
    await userEvent.click(confirmButton());
    await screen.findByTestId("order-placed");
    const [sent] = sentOrders(fetchMock);
    expect(sent.body.items).toEqual([{ productId: "prd_011", quantity: 1 }]);
    expect(sent.body.expectedTotalYen).toBe(320);
  });

  it("says there is nothing to order once every item is removed, with a way to put them back, never a ¥0 total", async () => {
    await openSheet(placesOrder());
    for (const productId of ["prd_001", "prd_011"]) {
      await userEvent.click(within(item(productId)).getByRole("button", { name: /を今回の注文から削除$/ }));
    }

    expect(screen.getByTestId("reorder-all-removed").textContent).toContain("すべての商品を削除したため");
    expect(screen.queryByTestId("reorder-total")).toBeNull();
    expect(screen.queryByRole("button", { name: "注文を確定する" })).toBeNull();

    await userEvent.click(screen.getByRole("button", { name: "すべて元に戻す" }));
    expect(screen.getByTestId("reorder-total").textContent).toBe("¥1,940");
    expect(confirmButton()).toBeTruthy();
  });

  it("shows the merchant's charges, payment and delivery address, and confirms the amount to pay", async () => {
    const fetchMock = await openSheet(placesOrder(), () => json(quotedPreview));

    expect(screen.getByTestId("reorder-total-subtotal").textContent).toBe("¥1,940");
    const charges = screen.getAllByTestId("reorder-total-charge").map((row) => row.textContent);
    expect(charges).toEqual(["送料¥550", "ゴールド会員割引 5%−¥97"]);
    expect(screen.getByTestId("reorder-total").textContent).toBe("¥2,393");
    expect(screen.getByTestId("reorder-address").textContent).toBe("東京都渋谷区宇田川町12-3 こもれびハイツ201");
    expect(screen.getByTestId("reorder-payment").textContent).toBe("クレジットカード（VISA •••• 4242）");

    await userEvent.click(confirmButton());
    await screen.findByTestId("order-placed");
    const [sent] = sentOrders(fetchMock);
    expect(sent.body).toMatchObject({ expectedTotalYen: 1940, expectedPayableYen: 2393 });
    // The sheet as it opened was the preview's own quote: nothing more was asked.
    expect(quotesAsked(fetchMock)).toEqual([]);
  });

  it("asks the merchant again for a changed cart, and confirms only once its charges are in", async () => {
    const fetchMock = await openSheet(placesOrder(), () => json(quotedPreview));
    const more = within(item("prd_001")).getByRole("button", { name: "こもれびブレンド 200gを1つ増やす" });
    await userEvent.click(more);
    await userEvent.click(more);

    // While the charges are worked out, the sheet shows no amount to pay and confirms nothing.
    expect(screen.getByTestId("reorder-quote").dataset.state).toBe("calculating");
    expect(screen.getByTestId("reorder-subtotal").textContent).toBe("¥5,180");
    expect(confirmButton().getAttribute("aria-disabled")).toBe("true");

    // From ¥5,000 delivery is free; one quote for both taps.
    await waitFor(() => expect(screen.getByTestId("reorder-total").textContent).toBe("¥4,921"));
    expect(screen.getAllByTestId("reorder-total-charge")[0]!.textContent).toBe("送料無料");
    expect(quotesAsked(fetchMock)).toEqual(["prd_001:3,prd_011:1"]);

    await userEvent.click(confirmButton());
    await screen.findByTestId("order-placed");
    expect(sentOrders(fetchMock)[0]!.body).toMatchObject({ expectedTotalYen: 5180, expectedPayableYen: 4921 });
  });

  it("says when the charges could not be checked, and asks again on request", async () => {
    let failing = true;
    await openSheet(
      placesOrder(),
      () => json(quotedPreview),
      undefined,
      (items) => (failing ? json(errorBody("upstream_unavailable"), 503) : json(quoteFor(items))),
    );
    await userEvent.click(within(item("prd_011")).getByRole("button", { name: /を今回の注文から削除$/ }));

    const retry = await screen.findByRole("button", { name: "もう一度確認する" }, { timeout: 3000 });
    expect(screen.getByRole("alert").textContent).toContain("送料と割引を確認できませんでした。");
    expect(confirmButton().getAttribute("aria-disabled")).toBe("true");
    failing = false;
    await userEvent.click(retry);
    await waitFor(() => expect(screen.getByTestId("reorder-total").textContent).toBe("¥2,089"));
  });

  it("stops at 99", async () => {
    const many: ReorderPreviewResponse = {
      ...preview,
      items: [{ ...preview.items[0], quantity: 98 }],
    };
    await openSheet(placesOrder(), () => json(many));

    const more = screen.getByRole("button", { name: "こもれびブレンド 200gを1つ増やす" });
    await userEvent.click(more);
    await userEvent.click(more);
    expect(screen.getByTestId("reorder-quantity-value").textContent).toBe("99");
    expect(more.getAttribute("aria-disabled")).toBe("true");
  });

  it("places the order with an Idempotency-Key, the cart as shown and its total, then confirms it", async () => {
    const fetchMock = await openSheet(placesOrder());
    await userEvent.click(within(item("prd_001")).getByRole("button", { name: /を1つ増やす/ }));

    await userEvent.click(confirmButton());

    expect(await screen.findByRole("heading", { level: 1, name: "ご注文ありがとうございます" })).toBeTruthy();
    const [sent] = sentOrders(fetchMock);
    expect(sent.key).toMatch(/^[0-9a-f]{32}$/);
    // For the BFF's LINE MINI App service messages; the reads go without it.
    expect(sent.accessToken).toBe(TEST_ACCESS_TOKEN);
    expect(fetchMock.mock.calls.filter(([, init]) => new Headers(init?.headers).has("x-liff-access-token"))).toHaveLength(1);
    expect(sent.body).toEqual({
      items: [
        { productId: "prd_001", quantity: 2 },
        { productId: "prd_011", quantity: 1 },
      ],
      fulfilment: { type: "pickup", storeId: "store_shibuya" },
      sourceOrderId: "ord_0005",
      expectedTotalYen: 3560,
    });
    expect(location.pathname).toBe("/orders/ord_0100/placed");
  });

  it("shows a confirmation with the order number, items, total and the LINE message, and links to the order and home", async () => {
    const fetchMock = await openSheet(placesOrder());
    await userEvent.click(confirmButton());

    const placed = await screen.findByTestId("order-placed");
    expect(within(placed).getByTestId("order-placed-number").textContent).toBe("1024-3800");
    // Queued, not sent: nothing has reached LINE when the BFF answers.
    expect(within(placed).getByTestId("order-placed-line-message").textContent).toBe("LINEでもお知らせします。");
    expect(placed.textContent).not.toContain("お送りしました");
    const items = screen.getByRole("region", { name: "ご注文の商品" });
    expect(
      within(items)
        .getAllByTestId("order-item")
        .map((line) => line.dataset.productId),
    ).toEqual(["prd_001", "prd_011"]);
    expect(within(items).getByTestId("order-total").textContent).toBe("¥1,940");
    expect(screen.getByRole("link", { name: "ご注文の詳細を見る" }).getAttribute("href")).toBe("/orders/ord_0100");
    expect(screen.getByRole("link", { name: "ホームへ戻る" }).getAttribute("href")).toBe("/");
    expect(document.activeElement).toBe(screen.getByRole("heading", { level: 1 }));
    // The placed order came with the answer: no second request for it.
    expect(sentRequests(fetchMock).some((request) => request.route === "GET /api/orders/ord_0100")).toBe(false);
  });

  it("says nothing about LINE when the BFF queued no LINE message", async () => {
    await openSheet(() => json(placedOrder(lastCart, "ord_0100", "none"), 201));
    await userEvent.click(confirmButton());

    const placed = await screen.findByTestId("order-placed");
    expect(within(placed).getByTestId("order-placed-number").textContent).toBe("1024-3800");
    expect(within(placed).queryByTestId("order-placed-line-message")).toBeNull();
    expect(placed.textContent).not.toContain("LINE");
  });

  it("says nothing about LINE when the confirmation is reloaded: only the placing's answer knew", async () => {
    routeBff({ "GET /api/orders/ord_0100": () => json(placedOrder(sourceOrderCart, "ord_0100", "none")) });
    renderApp({ path: "/orders/ord_0100/placed" });

    const placed = await screen.findByTestId("order-placed");
    expect(within(placed).queryByTestId("order-placed-line-message")).toBeNull();
  });

  it.each([
    ["no connection", noConnection, "通信できませんでした"],
    ["a 503", () => json(errorBody("upstream_unavailable"), 503), "お店のシステムにつながりませんでした"],
    ["still in progress", () => json(errorBodyWith("request_in_progress", { retryAfterSeconds: 1 }), 409), "処理しています"],
  ])("sends the same Idempotency-Key again after %s, so a retry can't order twice", async (_, failure, message) => {
    const fetchMock = await openSheet([failure, placesOrder()]);

    await userEvent.click(confirmButton());
    const error = await screen.findByTestId("reorder-error");
    expect(error.textContent).toContain(message);
    expect(error.textContent).toContain("注文が二重になることはありません");

    await userEvent.click(confirmButton());
    await screen.findByTestId("order-placed");
    const [first, retry] = sentOrders(fetchMock);
    expect(retry.key).toBe(first.key);
    expect(retry.body).toEqual(first.body);
  });

  it("places the order without x-liff-access-token when the session has no access token", async () => {
    const fetchMock = await openSheet(placesOrder(), undefined, () =>
      renderApp({ path: "/orders/ord_0005/reorder", session: fakeSession({ getAccessToken: () => null }) }),
    );

    await userEvent.click(confirmButton());

    await screen.findByTestId("order-placed");
    const [sent] = sentOrders(fetchMock);
    expect(sent.key).toMatch(/^[0-9a-f]{32}$/);
    expect(sent.accessToken).toBeNull();
  });

  it("keeps the Idempotency-Key on a retry that carries a fresh access token", async () => {
    let accessToken = "access-token-1";
    const fetchMock = await openSheet([noConnection, placesOrder()], undefined, () =>
      renderApp({ path: "/orders/ord_0005/reorder", session: fakeSession({ getAccessToken: () => accessToken }) }),
    );

    await userEvent.click(confirmButton());
    await screen.findByTestId("reorder-error");
    accessToken = "access-token-2";
    await userEvent.click(confirmButton());

    await screen.findByTestId("order-placed");
    const [first, retry] = sentOrders(fetchMock);
    expect([first.accessToken, retry.accessToken]).toEqual(["access-token-1", "access-token-2"]);
    expect(retry.key).toBe(first.key);
    expect(retry.body).toEqual(first.body);
  });

  it("gives a changed cart a new key after a failed send", async () => {
    const fetchMock = await openSheet([noConnection, placesOrder()]);

    await userEvent.click(confirmButton());
    await screen.findByTestId("reorder-error");
    await userEvent.click(within(item("prd_011")).getByRole("button", { name: /を1つ増やす/ }));
    await userEvent.click(confirmButton());

    await screen.findByTestId("order-placed");
    const [first, changed] = sentOrders(fetchMock);
    expect(changed.body.items).toEqual([
      { productId: "prd_001", quantity: 1 },
      { productId: "prd_011", quantity: 2 },
    ]);
    expect(changed.key).not.toBe(first.key);
  });

  it("sends one request for a double tap, and shows the button busy meanwhile", async () => {
    let answer: (response: Response) => void = () => {};
    const fetchMock = await openSheet(() => new Promise<Response>((resolve) => (answer = resolve)));

    // Two taps within one frame, before React has shown the button busy, then more once it has.
    fireEvent.click(confirmButton());
    fireEvent.click(confirmButton());
    await userEvent.dblClick(confirmButton());

    expect(sentOrders(fetchMock)).toHaveLength(1);
    expect(confirmButton().getAttribute("aria-disabled")).toBe("true");
    expect(confirmButton().textContent).toBe("注文しています…");
    answer(json(placedOrder(lastCart), 201));
    await screen.findByTestId("order-placed");
    expect(sentOrders(fetchMock)).toHaveLength(1);
  });

  it("places one order for a double tap whose second tap lands right after the answer", async () => {
    const fetchMock = await openSheet(placesOrder());

    // The answer comes at once: the second tap finds the sheet still showing, the order placed.
    await userEvent.dblClick(confirmButton());

    await screen.findByTestId("order-placed");
    expect(sentOrders(fetchMock)).toHaveLength(1);
  });

  it("sends the same Idempotency-Key after a 401 whose re-login reloads the page inside LINE", async () => {
    const unauthorized: Answer = () => json(errorBody("unauthorized", "token expired"), 401);
    let sessions: { relogin: unknown }[] = [];
    const fetchMock = await openSheet(
      [unauthorized, placesOrder()],
      () => json(preview),
      () => {
        sessions = renderAppInLine({ path: "/orders/ord_0005/reorder" }).sessions;
      },
    );

    await userEvent.click(confirmButton());
    // The reload: a second app boots on the same sheet, and the customer confirms again.
    await waitFor(() => expect(sessions).toHaveLength(2));
    await screen.findAllByTestId("reorder-item");
    await userEvent.click(confirmButton());

    await screen.findByTestId("order-placed");
    const [first, retry] = sentOrders(fetchMock);
    expect(first.key).toMatch(/^[0-9a-f]{32}$/);
    expect(retry.key).toBe(first.key);
    expect(retry.body).toEqual(first.body);
  });

  it("refreshes the sheet when items became unavailable, says which, and orders the rest under a new key", async () => {
    const croissantGone: ReorderPreviewResponse = {
      ...preview,
      items: preview.items.map((line) =>
        line.productId === "prd_011" ? { ...line, availability: "out_of_stock", lineTotalYen: 0 } : line,
      ),
      totalYen: 1620,
    };
    const refused = () =>
      json(
        errorBodyWith("items_unavailable", { unavailableItems: [{ productId: "prd_011", availability: "out_of_stock" }] }),
        422,
      );
    const fetchMock = await openSheet([refused, placesOrder()], [() => json(preview), () => json(croissantGone)]);

    await userEvent.click(confirmButton());

    const error = await screen.findByTestId("reorder-error");
    expect(error.dataset.errorCode).toBe("items_unavailable");
    expect(error.textContent).toContain("一部の商品がご注文いただけなくなりました（発酵バターのクロワッサン）");
    await waitFor(() => expect(item("prd_011").querySelector("s")).not.toBeNull());
    expect(screen.getByTestId("reorder-total").textContent).toBe("¥1,620");
    expect(sentRequests(fetchMock).filter((request) => request.route === PREVIEW)).toHaveLength(2);

    await userEvent.click(confirmButton());
    await screen.findByTestId("order-placed");
    const [first, second] = sentOrders(fetchMock);
    expect(second.body.items).toEqual([{ productId: "prd_001", quantity: 1 }]);
    expect(second.body.expectedTotalYen).toBe(1620);
    expect(second.key).not.toBe(first.key);
  });

  it("shows today's prices again when they changed before the order was placed", async () => {
    const dearer: ReorderPreviewResponse = {
      ...preview,
      items: preview.items.map((line) =>
        line.productId === "prd_011" ? { ...line, unitPriceYen: 340, lineTotalYen: 340 } : line,
      ),
      totalYen: 1960,
    };
    await openSheet(() => json(errorBody("price_changed"), 422), [() => json(preview), () => json(dearer)]);

    await userEvent.click(confirmButton());

    expect((await screen.findByTestId("reorder-error")).textContent).toContain("価格が変わりました");
    await waitFor(() => expect(screen.getByTestId("reorder-total").textContent).toBe("¥1,960"));
  });

  it("has nothing to confirm when none of the items can be ordered", async () => {
    const noneLeft: ReorderPreviewResponse = {
      ...preview,
      items: preview.items.filter((line) => line.availability !== "available"),
      totalYen: 0,
    };
    await openSheet(placesOrder(), () => json(noneLeft));

    const nothing = screen.getByRole("region", { name: "今回はご注文いただけません" });
    expect(nothing.textContent).toContain("いずれも在庫切れか販売終了のため");
    // Somewhere to go instead: another order to repeat, or the shop, one tap away.
    expect(within(nothing).getByRole("link", { name: "注文履歴から選ぶ" }).getAttribute("href")).toBe("/orders");
    expect(within(nothing).getByRole("link", { name: "電話 03-1234-5678" }).getAttribute("href")).toBe("tel:0312345678");
    expect(within(nothing).getByRole("link", { name: "お問い合わせフォーム" }).getAttribute("target")).toBe("_blank");
    // No ¥0 sheet: no total, no fulfilment, nothing to confirm.
    expect(screen.queryByTestId("reorder-total")).toBeNull();
    expect(screen.queryByTestId("reorder-details")).toBeNull();
    expect(screen.queryByRole("button", { name: "注文を確定する" })).toBeNull();
  });

  it("says only 'not found' for an order that is not the member's", async () => {
    routeBff({
      [PREVIEW]: () => json(errorBody("not_found"), 404),
      "GET /api/orders/ord_0005": () => json(errorBody("not_found"), 404),
    });
    renderApp({ path: "/orders/ord_0005/reorder" });

    expect(await screen.findByRole("heading", { level: 1, name: "ご注文が見つかりません" })).toBeTruthy();
    expect(screen.getByTestId("order-not-found")).toBeTruthy();
  });
});
