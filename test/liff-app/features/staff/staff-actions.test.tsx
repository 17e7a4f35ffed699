import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { errorBody } from "../../fixtures.ts";
import { fakeSession, json, renderApp, routeBff } from "../../render-app.tsx";
import {
  acted,
  nothingToday,
  scanned,
  sentWithKeys,
  shibuya,
  shinjuku,
  staffOfShibuya,
  staffOfTwoStores,
} from "./staff-fixtures.ts";

type Answer = () => Response | Promise<Response>;

const POINTS = "POST /api/staff/scans/scan-1/points";
const CHECK_INS = "POST /api/staff/scans/scan-1/check-ins";

/** The staff screen after a good scan of 山田 太郎 (1,280 pt), with these answers for the actions. */
async function scanTaro(
  actions: Record<string, Answer | Answer[]>,
  { staff = staffOfShibuya, actableForMs }: { staff?: typeof staffOfShibuya; actableForMs?: number } = {},
) {
  const fetchMock = routeBff({
    "GET /api/staff/me": () => json(staff),
    "POST /api/staff/scans": () => json(scanned(actableForMs), 201),
    ...nothingToday,
    ...actions,
  });
  renderApp({ path: "/staff", session: fakeSession({ scanQr: vi.fn(async () => "member-card-token") }) });
  // The first test of a file also loads the screen's code: on a busy machine that takes more than a second.
  await userEvent.click(await screen.findByRole("button", { name: "QRコードを読み取る" }, { timeout: 5000 }));
  await screen.findByTestId("staff-member-panel");
  const sent = (route: string) => sentWithKeys(fetchMock).filter((r) => r.route === route);
  return { fetchMock, sent };
}

/** Types a purchase amount and submits it; `confirm` also answers the one question before sending. */
async function award(yen: string, { confirm = true } = {}) {
  const amount = screen.getByLabelText(/お買い上げ金額/);
  await userEvent.clear(amount);
  await userEvent.type(amount, yen);
  await userEvent.click(screen.getByRole("button", { name: "ポイントを付与する" }));
  if (confirm) await confirmSend("付与する");
}

async function redeem(points: string, { confirm = true } = {}) {
  const input = screen.getByLabelText(/利用するポイント/);
  await userEvent.clear(input);
  await userEvent.type(input, points);
  await userEvent.click(screen.getByRole("button", { name: "ポイントを利用する" }));
  if (confirm) await confirmSend("利用する");
}

async function confirmSend(name: string) {
  const question = await screen.findByTestId("staff-confirm");
  await userEvent.click(within(question).getByRole("button", { name }));
}

describe("/staff actions", () => {
  it("offers three actions with numeric amount inputs in yen and pt, and shows how long the scan stays actionable", async () => {
    await scanTaro({});

    const actions = screen.getByRole("group", { name: "操作" });
    expect(within(actions).getByRole("button", { name: "チェックインする" })).toBeTruthy();
    const yen = within(actions).getByLabelText("お買い上げ金額 (円)");
    const points = within(actions).getByLabelText("利用するポイント (pt)");
    expect(yen.getAttribute("inputmode")).toBe("numeric");
    expect(points.getAttribute("inputmode")).toBe("numeric");
    expect(within(actions).getByText("残高 1,280 pt まで使えます。")).toBeTruthy();
    const timeLeft = screen.getByTestId("staff-time-left");
    expect(timeLeft.textContent).toMatch(/操作できる残り時間 (10:00|9:5\d)/);
    expect(screen.getByRole("timer")).toBeTruthy();
  });

  it("awards points for a purchase amount with an Idempotency-Key and shows the new balance", async () => {
    const { sent } = await scanTaro({ [POINTS]: () => json(acted("award", 120, 1400), 201) });

    await award("1200");

    const result = await screen.findByTestId("staff-action-result");
    expect(result.textContent).toBe("120 pt 付与しました。残高 1,400 ptお客様にはLINEでもお知らせします。");
    // Queued, not sent: the customer's LINE message is on its way.
    expect(within(result).getByTestId("staff-action-line-notice").textContent).toBe("お客様にはLINEでもお知らせします。");
    expect(result.closest("[role=status]")).toBeTruthy();
    expect(document.activeElement).toBe(result);
    expect(screen.getByTestId("staff-member-balance").textContent).toBe("1,400 pt");
    expect(screen.getByLabelText(/お買い上げ金額/)).toHaveProperty("value", "");
    const [request] = sent(POINTS);
    expect(request.body).toEqual({ kind: "award", purchaseAmountYen: 1200, storeId: shibuya.storeId });
    expect(request.key).toMatch(/^[0-9a-f]{32}$/);
  });

  it("takes full-width digits and thousands separators in amounts", async () => {
    const { sent } = await scanTaro({ [POINTS]: () => json(acted("award", 120, 1400), 201) });

    await award("１,２００");

    await screen.findByTestId("staff-action-result");
    expect(sent(POINTS)[0].body).toEqual({ kind: "award", purchaseAmountYen: 1200, storeId: shibuya.storeId });
  });

  it("checks in at the staff member's store", async () => {
    const { sent } = await scanTaro({ [CHECK_INS]: () => json(acted("check_in", null, 1280, shibuya.storeId, "none"), 201) });

    await userEvent.click(screen.getByRole("button", { name: "チェックインする" }));

    // No LINE message was queued: nothing is said about LINE.
    expect((await screen.findByTestId("staff-action-result")).textContent).toBe("渋谷店でチェックインしました。残高 1,280 pt");
    const [request] = sent(CHECK_INS);
    expect(request.body).toEqual({ storeId: shibuya.storeId });
    expect(request.key).toMatch(/^[0-9a-f]{32}$/);
  });

  it("checks in once for a double tap whose second tap lands right after the answer, and once per scan", async () => {
    const { sent } = await scanTaro({ [CHECK_INS]: () => json(acted("check_in", null, 1280), 201) });

    await userEvent.dblClick(screen.getByRole("button", { name: "チェックインする" }));
    await screen.findByTestId("staff-action-result");
    await userEvent.click(screen.getByTestId("staff-check-in-button"));

    expect(sent(CHECK_INS)).toHaveLength(1);
    expect(screen.getByTestId("staff-check-in-button").textContent).toBe("チェックイン済み");
    expect(screen.getByTestId("staff-check-in-button").getAttribute("aria-disabled")).toBe("true");
  });

  it("asks once before awarding: a double tap on the form only asks, and a double tap on the answer awards once", async () => {
    const { sent } = await scanTaro({ [POINTS]: () => json(acted("award", 120, 1400), 201) });
    await userEvent.type(screen.getByLabelText(/お買い上げ金額/), "1200");

    await userEvent.dblClick(screen.getByRole("button", { name: "ポイントを付与する" }));

    const question = await screen.findByTestId("staff-confirm");
    expect(within(question).getByTestId("staff-confirm-text").textContent).toBe("¥1,200 のお買い上げでポイントを付与します。");
    expect(question.textContent).toContain("山田 太郎 様（会員番号 1000-0001）");
    expect(sent(POINTS)).toHaveLength(0);

    await userEvent.dblClick(within(question).getByRole("button", { name: "付与する" }));

    await screen.findByTestId("staff-action-result");
    expect(sent(POINTS)).toHaveLength(1);
  });

  it("says the points the merchant's rule gives for the purchase when the BFF can tell", async () => {
    await scanTaro({ "GET /api/staff/scans/scan-1/award-preview": () => json({ points: 36 }) });

    await award("1200", { confirm: false });

    const question = await screen.findByTestId("staff-confirm");
    await waitFor(() =>
      expect(within(question).getByTestId("staff-confirm-text").textContent).toBe("¥1,200 のお買い上げで 36 pt を付与します。"),
    );
  });

  it("shows what a redemption leaves, and sends nothing when staff go back to change the amount", async () => {
    const { sent } = await scanTaro({ [POINTS]: () => json(acted("redeem", -300, 980), 201) });

    await redeem("300", { confirm: false });

    const question = await screen.findByTestId("staff-confirm");
    expect(within(question).getByTestId("staff-confirm-text").textContent).toBe(
      "300 pt を利用します。残高は 980 pt になります。",
    );
    await userEvent.click(within(question).getByRole("button", { name: "修正する" }));

    expect(screen.queryByTestId("staff-confirm")).toBeNull();
    expect(screen.getByLabelText(/利用するポイント/)).toHaveProperty("value", "300");
    expect(sent(POINTS)).toHaveLength(0);
  });

  it("repeats what was done: the purchase amount, the points and the balance", async () => {
    await scanTaro({ [POINTS]: () => json(acted("award", 36, 1316, shibuya.storeId, "none", { purchaseAmountYen: 1200 }), 201) });

    await award("1200");

    expect((await screen.findByTestId("staff-action-result")).textContent).toBe(
      "¥1,200 のお買い上げで 36 pt 付与しました。残高 1,316 pt",
    );
  });

  it("after a network failure, retry sends the same request with the same key; the next action gets a new key", async () => {
    const { sent } = await scanTaro({
      [POINTS]: [
        () => Promise.reject(new TypeError("Failed to fetch")),
        () => json(acted("award", 120, 1400), 201),
        () => json(acted("redeem", -100, 1300), 201),
      ],
    });

    await award("1200");

    const failure = await screen.findByTestId("staff-action-error");
    expect(failure.textContent).toContain("通信できませんでした");
    expect(failure.textContent).toContain("二重に記録されることはありません");
    expect(screen.queryByTestId("staff-action-result")).toBeNull();

    await userEvent.click(screen.getByRole("button", { name: "同じ内容でもう一度送信" }));

    expect((await screen.findByTestId("staff-action-result")).textContent).toBe(
      "120 pt 付与しました。残高 1,400 ptお客様にはLINEでもお知らせします。",
    );

    await redeem("100");

    expect((await screen.findByTestId("staff-action-result")).textContent).toBe(
      "100 pt 利用しました。残高 1,300 ptお客様にはLINEでもお知らせします。",
    );
    const [first, retried, next] = sent(POINTS);
    expect(retried.body).toEqual(first.body);
    expect(retried.key).toBe(first.key);
    expect(next.body).toEqual({ kind: "redeem", points: 100, storeId: shibuya.storeId });
    expect(next.key).not.toBe(first.key);
  });

  it("keeps the key when the same amount is submitted again after a failure without an answer", async () => {
    const { sent } = await scanTaro({
      [POINTS]: [() => json(errorBody("upstream_timeout"), 504), () => json(acted("award", 120, 1400), 201)],
    });

    await award("1200");
    await screen.findByTestId("staff-action-error");
    await userEvent.click(screen.getByRole("button", { name: "ポイントを付与する" }));
    await confirmSend("付与する");

    await screen.findByTestId("staff-action-result");
    const [first, again] = sent(POINTS);
    expect(again.key).toBe(first.key);
  });

  it("uses a new key for a different amount, and for anything after a success", async () => {
    const { sent } = await scanTaro({
      [POINTS]: [
        () => Promise.reject(new TypeError("Failed to fetch")),
        () => json(acted("award", 150, 1430), 201),
        () => json(acted("award", 150, 1580), 201),
      ],
    });

    await award("1200");
    await screen.findByTestId("staff-action-error");
    await award("1500");
    await screen.findByTestId("staff-action-result");
    await award("1500");
    await waitFor(() => expect(sent(POINTS)).toHaveLength(3));

    const keys = sent(POINTS).map((r) => r.key);
    expect(new Set(keys).size).toBe(3);
  });

  it("blocks redeeming more than the balance before sending anything", async () => {
    const { sent } = await scanTaro({});

    await redeem("1300", { confirm: false });

    const input = screen.getByLabelText(/利用するポイント/);
    expect(screen.getByTestId("staff-redeem-amount-error").textContent).toBe("ポイント残高（1,280 pt）を超えています。");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(input);
    expect(sent(POINTS)).toHaveLength(0);
  });

  it("shows the server's insufficient_points refusal, and a new attempt gets a new key", async () => {
    const { sent } = await scanTaro({
      [POINTS]: [() => json(errorBody("insufficient_points"), 422), () => json(acted("redeem", -100, 1180), 201)],
    });

    await redeem("500");

    const refusal = await screen.findByTestId("staff-action-error");
    expect(refusal.dataset.errorCode).toBe("insufficient_points");
    expect(refusal.getAttribute("role")).toBe("alert");
    expect(refusal.textContent).toContain("ポイント残高が足りないため、利用できませんでした");
    expect(screen.queryByRole("button", { name: "同じ内容でもう一度送信" })).toBeNull();

    await redeem("500");
    await screen.findByTestId("staff-action-result");
    const [first, second] = sent(POINTS);
    expect(second.key).not.toBe(first.key);
  });

  it("says plainly when an amount is over the merchant's cap for one action or one scan", async () => {
    await scanTaro({ [POINTS]: () => json(errorBody("over_points_cap"), 422) });
    await redeem("500");
    const refusal = await screen.findByTestId("staff-action-error");
    expect(refusal.dataset.errorCode).toBe("over_points_cap");
    expect(refusal.textContent).toContain("ポイントの上限を超えています");
    expect(screen.queryByRole("button", { name: "同じ内容でもう一度送信" })).toBeNull();
  });

  it("validates the purchase amount", async () => {
    const { sent } = await scanTaro({});

    await userEvent.click(screen.getByRole("button", { name: "ポイントを付与する" }));
    expect(screen.getByTestId("staff-award-amount-error").textContent).toBe("お買い上げ金額を入力してください。");

    await award("0", { confirm: false });
    expect(screen.getByTestId("staff-award-amount-error").textContent).toContain("¥1から¥10,000,000までの整数");

    await award("12.5", { confirm: false });
    expect(screen.getByTestId("staff-award-amount-error").textContent).toContain("整数");
    expect(sent(POINTS)).toHaveLength(0);
  });

  it("sends one request however fast an action is tapped, and holds the others while it is on its way", async () => {
    const { sent } = await scanTaro({ [CHECK_INS]: () => new Promise<Response>(() => {}) });
    const checkIn = screen.getByRole("button", { name: "チェックインする" });

    await userEvent.dblClick(checkIn);

    await waitFor(() => expect(screen.getByTestId("staff-check-in-button").getAttribute("aria-disabled")).toBe("true"));
    expect(screen.getByTestId("staff-check-in-button").textContent).toBe("送信しています…");
    expect(screen.getByTestId("staff-award-submit").getAttribute("aria-disabled")).toBe("true");
    await award("1200", { confirm: false });
    expect(screen.queryByTestId("staff-confirm")).toBeNull();
    expect(sent(CHECK_INS)).toHaveLength(1);
    expect(sent(POINTS)).toHaveLength(0);
  });

  it("asks to scan again when the BFF no longer knows the scan", async () => {
    await scanTaro({ [CHECK_INS]: () => json(errorBody("not_found"), 404) });

    await userEvent.click(screen.getByRole("button", { name: "チェックインする" }));

    expect((await screen.findByTestId("staff-action-error")).textContent).toContain("もう一度スキャンしてください");
  });

  it("stops offering actions when the scan's time is up", async () => {
    await scanTaro({}, { actableForMs: -1000 });

    expect(screen.getByTestId("staff-scan-expired").textContent).toContain("操作できる時間が過ぎました");
    expect(screen.queryByTestId("staff-actions")).toBeNull();
    expect(screen.getByTestId("staff-time-left").textContent).toContain("0:00");
  });

  it("goes back to scanning for the next customer, with the focus on the scan button", async () => {
    await scanTaro({ [POINTS]: () => json(acted("award", 120, 1400), 201) });
    await award("1200");
    await screen.findByTestId("staff-action-result");

    await userEvent.click(screen.getByRole("button", { name: "次のお客様" }));

    expect(screen.queryByTestId("staff-member-panel")).toBeNull();
    expect(screen.queryByTestId("staff-action-result")).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId("staff-scan-button"));
  });

  it("with several stores, asks which store before acting and records the one chosen", async () => {
    const { sent } = await scanTaro(
      { [CHECK_INS]: () => json(acted("check_in", null, 1280, shinjuku.storeId), 201) },
      { staff: staffOfTwoStores },
    );

    await userEvent.click(screen.getByRole("button", { name: "チェックインする" }));

    expect(screen.getByTestId("staff-store-missing").textContent).toBe("操作する店舗を選んでください。");
    expect(document.activeElement).toBe(screen.getByRole("radio", { name: "渋谷店" }));
    expect(sent(CHECK_INS)).toHaveLength(0);

    await userEvent.click(screen.getByRole("radio", { name: "新宿店" }));
    await userEvent.click(screen.getByRole("button", { name: "チェックインする" }));

    expect((await screen.findByTestId("staff-action-result")).textContent).toBe(
      "新宿店でチェックインしました。残高 1,280 ptお客様にはLINEでもお知らせします。",
    );
    expect(sent(CHECK_INS)[0].body).toEqual({ storeId: shinjuku.storeId });
  });
});
