import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CampaignEstimate, CampaignResults, CampaignSummary } from "../../../../shared/api.ts";
import { errorBody } from "../../fixtures.ts";
import { json, renderApp, routeBff, sentRequests } from "../../render-app.tsx";

const ID = "cmp_0123456789abcdef0123";

const results = (overrides: Partial<CampaignResults> = {}): CampaignResults => ({
  recipients: 1234,
  sent: 1230,
  delivered: 1200,
  pending: 0,
  failed: 30,
  skipped: 4,
  clicks: 310,
  uniqueClicks: 287,
  orders: 41,
  buyers: 38,
  blocks: 6,
  windowEndsAt: "2026-12-08T03:00:00.000Z",
  final: false,
  ...overrides,
});

const campaign = (overrides: Partial<CampaignSummary> = {}): CampaignSummary => ({
  campaignId: ID,
  name: "冬の新作",
  message: { ja: { title: "冬の新作が登場", body: "ほうじ茶ラテが始まりました。" }, button: { screen: "/" } },
  segmentId: null,
  state: "draft",
  scheduledAt: null,
  sendStartedAt: null,
  sentAt: null,
  updatedAt: "2026-12-01T00:00:00.000Z",
  updatedByName: "高橋 美咲",
  lastError: null,
  results: null,
  ...overrides,
});

const estimate = (overrides: Partial<CampaignEstimate> = {}): CampaignEstimate => ({
  recipients: 1234,
  messages: 1234,
  delivery: "multicast",
  quotaLimit: 30000,
  quotaRemaining: 20000,
  fits: true,
  ...overrides,
});

const base = {
  "GET /api/console/me": () => json({ name: "高橋 美咲" }),
  "GET /api/console/campaigns/audiences": () => json({ audiences: [{ segmentId: null, name: "all" }] }),
  "GET /api/console/campaigns/coupons": () =>
    json({
      coupons: [
        {
          couponDefinitionId: "line_only_drink_50",
          title: "LINE限定 ドリンク50円引き",
          kind: "line_only",
          benefit: { type: "amount_off", yen: 50 },
          validDays: 30,
        },
      ],
    }),
};

describe("/console/campaigns", () => {
  it("lists campaigns with their state and headline numbers, with a retry when the list fails", async () => {
    routeBff({
      ...base,
      "GET /api/console/campaigns": [
        () => json(errorBody("internal", "boom"), 500),
        () =>
          json({
            campaigns: [
              campaign({ state: "sent", sendStartedAt: "2026-12-01T03:00:00.000Z", results: results() }),
              campaign({ campaignId: "cmp_aaaaaaaaaaaaaaaaaaaa", name: "下書きの配信" }),
            ],
          }),
      ],
    });
    renderApp({ path: "/console/campaigns" });
    await userEvent.click(await screen.findByRole("button", { name: "再読み込み" }, { timeout: 5000 }));
    const table = await screen.findByTestId("campaign-table");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]?.textContent).toMatch(/冬の新作.*送信済み.*12月1日.*12:00.*1,234.*1,200.*287.*41/);
    expect(rows[1]?.textContent).toMatch(/下書きの配信.*下書き/);
  });

  it("composes a message with a live LINE-style preview and saves it as a draft", async () => {
    const fetchMock = routeBff({
      ...base,
      "POST /api/console/campaigns": () => json({ campaign: campaign() }, 201),
      [`GET /api/console/campaigns/${ID}`]: () => json({ campaign: campaign() }),
    });
    renderApp({ path: "/console/campaigns/new" });
    await screen.findByTestId("campaign-compose", {}, { timeout: 5000 });
    await userEvent.type(screen.getByLabelText(/配信の名前/), "冬の新作");
    await userEvent.type(screen.getByLabelText("見出し"), "冬の新作が登場");
    await userEvent.type(screen.getByLabelText("本文"), "ほうじ茶ラテが始まりました。");
    await userEvent.selectOptions(screen.getByLabelText("ボタンで開く画面"), "/");
    await waitFor(() => expect(screen.getByTestId("campaign-coupon")).toHaveProperty("disabled", false));
    await userEvent.selectOptions(screen.getByLabelText("クーポンを付ける"), "line_only_drink_50");

    const preview = screen.getByTestId("campaign-preview");
    expect(preview.textContent).toContain("冬の新作が登場");
    expect(preview.textContent).toContain("ほうじ茶ラテが始まりました。");
    expect(within(preview).getByTestId("campaign-preview-coupon").textContent).toMatch(/50円引き/);
    expect(preview.textContent).toContain("クーポンを使う");
    expect(preview.textContent).toContain("アプリを開く");

    await userEvent.click(screen.getByRole("button", { name: "下書きを保存" }));
    await waitFor(() =>
      expect(sentRequests(fetchMock).find((request) => request.route === "POST /api/console/campaigns")?.body).toEqual({
        name: "冬の新作",
        message: {
          ja: { title: "冬の新作が登場", body: "ほうじ茶ラテが始まりました。" },
          button: { screen: "/" },
          couponDefinitionId: "line_only_drink_50",
        },
        segmentId: null,
      }),
    );
  });

  it("does not save without a title and a message, and says what is missing", async () => {
    const fetchMock = routeBff({ ...base });
    renderApp({ path: "/console/campaigns/new" });
    await screen.findByTestId("campaign-compose", {}, { timeout: 5000 });
    await userEvent.click(screen.getByRole("button", { name: "下書きを保存" }));
    expect(screen.getAllByText("入力してください").length).toBeGreaterThanOrEqual(2);
    expect(sentRequests(fetchMock).some((request) => request.route === "POST /api/console/campaigns")).toBe(false);
  });

  it("says a test is on its way, not delivered", async () => {
    routeBff({
      ...base,
      [`GET /api/console/campaigns/${ID}`]: () => json({ campaign: campaign() }),
      [`POST /api/console/campaigns/${ID}/test`]: () => json({ campaign: campaign(), test: "queued" }, 202),
    });
    renderApp({ path: `/console/campaigns/${ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "テスト送信" }, { timeout: 5000 }));
    const notice = await screen.findByTestId("campaign-test-notice");
    expect(notice.textContent).toMatch(/受け付けました/);
    expect(notice.textContent).toMatch(/まだ届いてはいません/);
  });

  it("confirms a send with the recipients, the messages it uses and what the month has left, then sends", async () => {
    const sending = campaign({
      state: "sending",
      sendStartedAt: "2026-12-01T03:00:00.000Z",
      results: results({ pending: 1234 }),
    });
    const fetchMock = routeBff({
      ...base,
      // After the send, the campaign reads as sending.
      [`GET /api/console/campaigns/${ID}`]: [() => json({ campaign: campaign() }), () => json({ campaign: sending })],
      [`GET /api/console/campaigns/${ID}/estimate`]: () => json(estimate()),
      [`POST /api/console/campaigns/${ID}/send`]: () => json({ campaign: sending }, 202),
    });
    renderApp({ path: `/console/campaigns/${ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "今すぐ送信" }, { timeout: 5000 }));
    const dialog = await screen.findByRole("dialog", { name: "送信内容の確認" });
    expect((await within(dialog).findByTestId("campaign-confirm-summary")).textContent).toBe(
      "1,234人に今すぐ送信します。メッセージを1,234通使います。",
    );
    expect(within(dialog).getByTestId("campaign-confirm-quota").textContent).toBe("今月の残り：20,000通（上限30,000通）");
    expect(sentRequests(fetchMock).some((request) => request.route.endsWith("/send"))).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "1,234人に送信する" }));
    await waitFor(() => expect(sentRequests(fetchMock).some((request) => request.route.endsWith("/send"))).toBe(true));
    expect(await screen.findByTestId("campaign-status")).toHaveProperty("textContent", "12月1日(火) 12:00から送信中");
  });

  it("will not send past the month's quota", async () => {
    const fetchMock = routeBff({
      ...base,
      [`GET /api/console/campaigns/${ID}`]: () => json({ campaign: campaign() }),
      [`GET /api/console/campaigns/${ID}/estimate`]: () => json(estimate({ quotaRemaining: 100, fits: false })),
    });
    renderApp({ path: `/console/campaigns/${ID}` });
    await userEvent.click(await screen.findByRole("button", { name: "今すぐ送信" }, { timeout: 5000 }));
    const dialog = await screen.findByRole("dialog");
    expect((await within(dialog).findByRole("alert")).textContent).toMatch(/超える/);
    expect(within(dialog).getByTestId("campaign-confirm-go")).toHaveProperty("disabled", true);
    expect(sentRequests(fetchMock).some((request) => request.route.endsWith("/send"))).toBe(false);
  });

  it("schedules at a Japan time", async () => {
    const scheduled = campaign({ state: "scheduled", scheduledAt: "2026-12-24T09:00:00.000Z" });
    const fetchMock = routeBff({
      ...base,
      [`GET /api/console/campaigns/${ID}`]: [() => json({ campaign: campaign() }), () => json({ campaign: scheduled })],
      [`GET /api/console/campaigns/${ID}/estimate`]: () => json(estimate({ recipients: 10, messages: 10 })),
      [`POST /api/console/campaigns/${ID}/schedule`]: () => json({ campaign: scheduled }),
    });
    renderApp({ path: `/console/campaigns/${ID}` });
    const at = await screen.findByLabelText("送信日時（日本時間）", {}, { timeout: 5000 });
    fireEvent.input(at, { target: { value: "2026-12-24T18:00" } }); // as a date picker reports a choice
    await userEvent.click(screen.getByRole("button", { name: "日時を指定して送信" }));
    const dialog = await screen.findByRole("dialog");
    expect((await within(dialog).findByTestId("campaign-confirm-summary")).textContent).toBe(
      "12月24日(木) 18:00に10人へ送信します。メッセージを10通使います。",
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "予約する" }));
    await waitFor(() =>
      expect(sentRequests(fetchMock).find((request) => request.route.endsWith("/schedule"))?.body).toEqual({
        at: "2026-12-24T18:00:00+09:00",
      }),
    );
    expect(await screen.findByTestId("campaign-status")).toHaveProperty("textContent", "12月24日(木) 18:00に送信予定");
  });

  it("shows a sent campaign's results", async () => {
    routeBff({
      ...base,
      [`GET /api/console/campaigns/${ID}`]: () =>
        json({ campaign: campaign({ state: "sent", sendStartedAt: "2026-12-01T03:00:00.000Z", results: results() }) }),
    });
    renderApp({ path: `/console/campaigns/${ID}` });
    const numbers = await screen.findByTestId("campaign-results-numbers", {}, { timeout: 5000 });
    expect(numbers.textContent).toMatch(/配信済み（LINEが受け付けた数）1,200/);
    expect(numbers.textContent).toMatch(/クリックした人287/);
    expect(numbers.textContent).toMatch(/7日以内の注文41/);
    expect(numbers.textContent).toMatch(/7日以内のブロック6/);
    expect(screen.getByRole("button", { name: "CSVでダウンロード" })).toBeTruthy();
  });
});
