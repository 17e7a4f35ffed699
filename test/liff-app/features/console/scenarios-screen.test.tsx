import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Scenario, ScenarioListResponse } from "../../../../shared/console-scenarios.ts";
import { errorBody } from "../../fixtures.ts";
import { json, renderApp, routeBff, sentRequests } from "../../render-app.tsx";

const results = (sent: number, delivered = sent) => ({ sent, delivered, failed: 0, pending: sent - delivered, uniqueClicks: 1 });

const welcome: Scenario = {
  scenarioId: "scn_welcome0001",
  name: "友だち追加のお礼",
  trigger: "followed",
  triggerDays: null,
  state: "running",
  waiting: 12,
  steps: [
    {
      stepId: "stp_first00001",
      delay: { amount: 0, unit: "minutes", from: "trigger" },
      message: { ja: { title: "ありがとうございます", body: "友だち追加ありがとうございます。" } },
      results: results(40),
    },
    {
      stepId: "stp_second0001",
      delay: { amount: 3, unit: "days", from: "trigger", atTime: "10:00" },
      message: { ja: { title: "クーポンのご案内", body: "3日後のご案内です。" }, button: { screen: "/coupons" } },
      results: results(25, 20),
    },
  ],
  createdAt: "2026-11-01T00:00:00.000Z",
  updatedAt: "2026-11-01T00:00:00.000Z",
};

const list = (...scenarios: Scenario[]): ScenarioListResponse => ({ scenarios });
const admin = { "GET /api/console/me": () => json({ name: "高橋 美咲" }) };

describe("/console/scenarios", () => {
  it("lists scenarios with their trigger, state and sends per step, and shows a step's results with the timing in words", async () => {
    routeBff({ ...admin, "GET /api/console/scenarios": () => json(list(welcome)) });
    renderApp({ path: "/console/scenarios" });
    const row = await screen.findByTestId("scenario-row", {}, { timeout: 5000 });
    expect(row.textContent).toMatch(/友だち追加のお礼.*友だち追加.*配信中.*12人.*1通目 40件.*2通目 25件/);

    await userEvent.click(within(row).getByRole("button", { name: "結果を見る" }));
    const results = await screen.findByTestId("scenario-results");
    expect(within(results).getByRole("heading").textContent).toBe("「友だち追加のお礼」の結果");
    const rows = within(results).getAllByRole("row").slice(1);
    expect(rows[0]?.textContent).toContain("友だち追加の直後");
    expect(rows[1]?.textContent).toMatch(/友だち追加から3日後の10:00.*25.*20.*0.*5.*1/);
  });

  it("offers a retry when the list cannot be loaded", async () => {
    let calls = 0;
    routeBff({
      ...admin,
      "GET /api/console/scenarios": () => (++calls === 1 ? json(errorBody("internal", "boom"), 500) : json(list())),
    });
    renderApp({ path: "/console/scenarios" });
    await userEvent.click(await screen.findByRole("button", { name: /もう一度|再読み込み|再試行/ }, { timeout: 5000 }));
    expect(await screen.findByText("まだシナリオはありません。最初のシナリオを作りましょう。")).toBeTruthy();
  });

  it("pauses a running scenario", async () => {
    const fetchMock = routeBff({
      ...admin,
      "GET /api/console/scenarios": [() => json(list(welcome)), () => json(list({ ...welcome, state: "paused" }))],
      "POST /api/console/scenarios/scn_welcome0001/pause": () => json({ ...welcome, state: "paused" }),
    });
    renderApp({ path: "/console/scenarios" });
    await userEvent.click(await screen.findByRole("button", { name: "停止" }, { timeout: 5000 }));
    await waitFor(() => expect(screen.getByTestId("scenario-row").textContent).toContain("停止中"));
    expect(screen.getByRole("button", { name: "再開" })).toBeTruthy();
    expect(sentRequests(fetchMock).map((request) => request.route)).toContain(
      "POST /api/console/scenarios/scn_welcome0001/pause",
    );
  });

  it("creates a scenario: checks the required Japanese fields first, then sends the steps in the order arranged", async () => {
    const fetchMock = routeBff({
      ...admin,
      "GET /api/console/scenarios": () => json(list()),
      "POST /api/console/scenarios": () => json(welcome, 201),
    });
    renderApp({ path: "/console/scenarios" });
    await userEvent.click(await screen.findByRole("button", { name: "シナリオを作成" }, { timeout: 5000 }));
    const editor = await screen.findByTestId("scenario-editor");

    await userEvent.click(within(editor).getByRole("button", { name: "保存" }));
    expect((await within(editor).findByRole("alert")).textContent).toBe("保存できませんでした。入力内容を確かめてください。");
    expect(within(editor).getByTestId("scenario-name").getAttribute("aria-invalid")).toBe("true");
    expect(sentRequests(fetchMock).some((request) => request.route === "POST /api/console/scenarios")).toBe(false);

    await userEvent.type(within(editor).getByLabelText("シナリオ名"), "はじめてのステップ");
    await userEvent.type(within(editor).getByTestId("step-1-ja-title"), "ようこそ");
    await userEvent.type(within(editor).getByTestId("step-1-ja-body"), "友だち追加ありがとうございます。");
    await userEvent.click(within(editor).getByRole("button", { name: "ステップを追加" }));
    const amount = within(editor).getByTestId("step-2-amount");
    await userEvent.clear(amount);
    await userEvent.type(amount, "3");
    await userEvent.type(within(editor).getByTestId("step-2-at-time"), "10:00");
    await userEvent.type(within(editor).getByTestId("step-2-ja-title"), "3日後");
    await userEvent.type(within(editor).getByTestId("step-2-ja-body"), "その後いかがですか。");
    await userEvent.selectOptions(within(editor).getByTestId("step-2-screen"), "/coupons");
    // The second step moves to the front.
    await userEvent.click(within(editor).getByRole("button", { name: "2通目を上へ" }));
    await userEvent.click(within(editor).getByRole("button", { name: "保存" }));

    await waitFor(() => expect(screen.queryByTestId("scenario-editor")).toBeNull());
    expect(screen.getByTestId("scenario-saved").textContent).toBe("シナリオを保存しました");
    const sent = sentRequests(fetchMock).find((request) => request.route === "POST /api/console/scenarios");
    expect(sent?.body).toEqual({
      name: "はじめてのステップ",
      trigger: "followed",
      steps: [
        {
          delay: { amount: 3, unit: "days", from: "previous", atTime: "10:00" },
          message: { ja: { title: "3日後", body: "その後いかがですか。" }, button: { screen: "/coupons" } },
        },
        {
          delay: { amount: 0, unit: "days", from: "trigger" },
          message: { ja: { title: "ようこそ", body: "友だち追加ありがとうございます。" } },
        },
      ],
    });
  });

  it("edits a scenario keeping its step ids, and asks for the days of a purchase gap trigger", async () => {
    const fetchMock = routeBff({
      ...admin,
      "GET /api/console/scenarios": () => json(list(welcome)),
      "PUT /api/console/scenarios/scn_welcome0001": () => json(welcome),
    });
    renderApp({ path: "/console/scenarios" });
    await userEvent.click(await screen.findByRole("button", { name: "編集" }, { timeout: 5000 }));
    const editor = await screen.findByTestId("scenario-editor");
    await userEvent.selectOptions(within(editor).getByTestId("scenario-trigger"), "no_purchase");
    const days = within(editor).getByTestId("scenario-trigger-days");
    await userEvent.clear(days);
    await userEvent.type(days, "45");
    await userEvent.click(within(editor).getByRole("button", { name: "1通目を削除" }));
    await userEvent.click(within(editor).getByRole("button", { name: "保存" }));
    await waitFor(() => expect(screen.queryByTestId("scenario-editor")).toBeNull());
    const sent = sentRequests(fetchMock).find((request) => request.route === "PUT /api/console/scenarios/scn_welcome0001");
    expect(sent?.body).toMatchObject({ trigger: "no_purchase", triggerDays: 45, steps: [{ stepId: "stp_second0001" }] });
  });
});
