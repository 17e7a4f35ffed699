import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { RegisterActionView, TodaysActionsResponse, VoidActionResponse } from "../../../../shared/api.ts";
import { errorBody } from "../../fixtures.ts";
import { fakeSession, json, renderApp, routeBff } from "../../render-app.tsx";
import { acted, scanned, sentWithKeys, shibuya, staffOfShibuya } from "./staff-fixtures.ts";

const ACTION_ID = "0b6e7a52-4c1f-4d0e-9a51-3f3a8f6b2c11";
const VOID = `POST /api/staff/actions/${ACTION_ID}/void`;
const TODAY = "GET /api/staff/actions";

// 14:05 and 14:07 in Japan.
const awardAt = "2026-12-01T05:05:00.000Z";
const voidAt = "2026-12-01T05:07:00.000Z";

const awarded: RegisterActionView = {
  actionId: ACTION_ID,
  kind: "award",
  memberNumber: "1000-0001",
  points: 36,
  purchaseAmountYen: 1200,
  occurredAt: awardAt,
  voided: null,
  voidableUntil: new Date(Date.now() + 5 * 60_000).toISOString(),
};
const checkIn: RegisterActionView = {
  ...awarded,
  actionId: "7d1c2b9e-1111-4c1f-9a51-3f3a8f6b2c12",
  kind: "check_in",
  points: null,
  purchaseAmountYen: null,
  occurredAt: "2026-12-01T05:00:00.000Z",
  voidableUntil: null,
};
const voidedAward: RegisterActionView = {
  ...awarded,
  voided: { at: voidAt, points: -36, balance: 1280 },
  voidableUntil: null,
};

const today =
  (...actions: RegisterActionView[]) =>
  () =>
    json({ actions } satisfies TodaysActionsResponse);
const voidAnswer = (): Response => json({ action: voidedAward, lineNotice: "queued" } satisfies VoidActionResponse, 200);

function openDesk(routes: Parameters<typeof routeBff>[0], session = fakeSession()) {
  const fetchMock = routeBff({ "GET /api/staff/me": () => json(staffOfShibuya), ...routes });
  renderApp({ path: "/staff", session });
  return { sent: (route: string) => sentWithKeys(fetchMock).filter((r) => r.route === route) };
}

describe("/staff today's actions", () => {
  it("lists what this staff member did today: Japan time, member number, what and how much, newest first", async () => {
    openDesk({ [TODAY]: today(voidedAward, checkIn) });

    // The first test of a file also loads the screen's code: on a busy machine that takes more than a second.
    const list = await screen.findByTestId("staff-today-list", {}, { timeout: 5000 });
    const entries = within(list).getAllByTestId("staff-today-entry");
    expect(entries.map((entry) => entry.dataset.kind)).toEqual(["void", "award", "check_in"]);
    expect(entries[0].textContent).toBe("14:07ポイント付与を取り消し会員番号 1000-0001−36 pt");
    expect(entries[1].textContent).toBe("14:05ポイント付与取り消し済み会員番号 1000-0001¥1,200 → +36 pt");
    expect(entries[2].textContent).toBe("14:00チェックイン会員番号 1000-0001");
    expect(document.body.textContent).not.toContain(ACTION_ID);
    expect(within(list).queryByRole("button", { name: "取り消す" })).toBeNull();
  });

  it("says when nothing was done yet, and offers a retry when the list can't be read", async () => {
    openDesk({ [TODAY]: [() => json(errorBody("upstream_unavailable"), 502), today()] });

    await userEvent.click(await screen.findByTestId("retry-button"));

    expect(await screen.findByText("今日の操作はまだありません。")).toBeTruthy();
  });

  it("voids an entry still inside its window after one question, once however it is tapped, and reads the list again", async () => {
    const { sent } = openDesk({ [TODAY]: [today(awarded), today(voidedAward)], [VOID]: voidAnswer });
    const list = await screen.findByTestId("staff-today-list");

    await userEvent.click(within(list).getByRole("button", { name: "取り消す" }));
    const ask = within(list).getByTestId("staff-void-ask");
    expect(ask.textContent).toContain(
      "14:05 の 36 pt の付与を取り消しますか？付与したポイントを差し引きます。会員番号 1000-0001",
    );
    expect(sent(VOID)).toHaveLength(0);
    await userEvent.dblClick(within(ask).getByRole("button", { name: "取り消す" }));

    const done = await screen.findByTestId("staff-void-done");
    expect(done.textContent).toBe("36 pt の付与を取り消しました。残高 1,280 ptお客様にはLINEでもお知らせします。");
    expect(sent(VOID)).toHaveLength(1);
    expect(sent(VOID)[0].key).toMatch(/^[0-9a-f]{32}$/);
    await waitFor(() => expect(sent(TODAY)).toHaveLength(2));
    expect(await screen.findByTestId("staff-today-voided")).toBeTruthy();
  });

  it("asks nothing more and sends nothing when staff keep the action", async () => {
    const { sent } = openDesk({ [TODAY]: today(awarded), [VOID]: voidAnswer });
    const list = await screen.findByTestId("staff-today-list");

    await userEvent.click(within(list).getByRole("button", { name: "取り消す" }));
    await userEvent.click(within(list).getByRole("button", { name: "やめる" }));

    expect(within(list).queryByTestId("staff-void-ask")).toBeNull();
    expect(sent(VOID)).toHaveLength(0);
  });

  it.each([
    ["void_window_closed", "取り消せる時間（読み取りから10分）を過ぎました。"],
    ["insufficient_points", "お客様がすでにポイントを使ったため、取り消せませんでした。"],
  ] as const)("explains a %s refusal where the void was asked", async (code, words) => {
    openDesk({ [TODAY]: today(awarded), [VOID]: () => json(errorBody(code), 422) });
    const list = await screen.findByTestId("staff-today-list");

    await userEvent.click(within(list).getByRole("button", { name: "取り消す" }));
    await userEvent.click(within(list).getByTestId("staff-void-confirm"));

    const error = await within(list).findByTestId("staff-void-error");
    expect(error.textContent).toContain(words);
    expect(within(error).getByRole("alert")).toBeTruthy();
  });

  it("sends the same void again with the same key when the first got no answer", async () => {
    const { sent } = openDesk({
      [TODAY]: today(awarded),
      [VOID]: [() => Promise.reject(new TypeError("Failed to fetch")), voidAnswer],
    });
    const list = await screen.findByTestId("staff-today-list");
    await userEvent.click(within(list).getByRole("button", { name: "取り消す" }));
    await userEvent.click(within(list).getByTestId("staff-void-confirm"));

    await userEvent.click(await within(list).findByTestId("staff-void-retry"));

    await screen.findByTestId("staff-void-done");
    const [first, retried] = sent(VOID);
    expect(retried.key).toBe(first.key);
  });

  it("shows the list in English too, with a 12-hour clock", async () => {
    localStorage.setItem("liff-app:language", "en");
    openDesk({ [TODAY]: today(voidedAward) });

    const list = await screen.findByTestId("staff-today-list");
    expect(screen.getByRole("heading", { name: "Today's actions" })).toBeTruthy();
    const [voidEntry, awardEntry] = within(list).getAllByTestId("staff-today-entry");
    expect(voidEntry.textContent).toBe("2:07\u00a0PMAward voidedMember no. 1000-0001−36 pt");
    expect(awardEntry.textContent).toContain("¥1,200 → +36 pt");
  });
});

describe("/staff voiding the last action", () => {
  it("voids the award just made from its result, after one question, and shows the balance it leaves", async () => {
    const scanQr = vi.fn(async () => "member-card-token");
    const answer = acted("award", 36, 1316, shibuya.storeId, "queued", {
      actionId: ACTION_ID,
      purchaseAmountYen: 1200,
      occurredAt: awardAt,
    });
    const { sent } = openDesk(
      {
        [TODAY]: today(),
        "POST /api/staff/scans": () => json(scanned(), 201),
        "POST /api/staff/scans/scan-1/points": () => json(answer, 201),
        [VOID]: voidAnswer,
      },
      fakeSession({ scanQr }),
    );
    await userEvent.click(await screen.findByRole("button", { name: "QRコードを読み取る" }));
    await userEvent.type(await screen.findByLabelText(/お買い上げ金額/), "1200");
    await userEvent.click(screen.getByRole("button", { name: "ポイントを付与する" }));
    await userEvent.click(within(await screen.findByTestId("staff-confirm")).getByRole("button", { name: "付与する" }));
    await screen.findByTestId("staff-action-result");
    expect(screen.getByTestId("staff-member-balance").textContent).toBe("1,316 pt");

    const result = screen.getByTestId("staff-action-result").closest(".staff-live") as HTMLElement;
    await userEvent.click(within(result).getByRole("button", { name: "取り消す" }));
    await userEvent.click(within(result).getByTestId("staff-void-confirm"));

    expect((await within(result).findByTestId("staff-void-done")).textContent).toContain("36 pt の付与を取り消しました。");
    expect(within(result).getByTestId("staff-result-voided")).toBeTruthy();
    expect(within(result).queryByRole("button", { name: "取り消す" })).toBeNull();
    expect(screen.getByTestId("staff-member-balance").textContent).toBe("1,280 pt");
    expect(sent(VOID)).toHaveLength(1);
  });
});
