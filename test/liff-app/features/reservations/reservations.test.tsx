import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ReservationWriteResponse } from "../../../../shared/api.ts";
import { errorBody, requestUrl } from "../../fixtures.ts";
import { json, renderApp, routeBff, TEST_ACCESS_TOKEN } from "../../render-app.tsx";
import { changeable, JUST_AFTER_JAPAN_MIDNIGHT, mine, sentWrites, slots, upcoming } from "./reservation-fixtures.ts";

const DETAIL = "GET /api/reservations/rsv_0101";
const CHANGE = "PATCH /api/reservations/rsv_0101";
const CANCEL = "POST /api/reservations/rsv_0101/cancel";

const movedTo10: ReservationWriteResponse = {
  ...changeable,
  lineNotice: "queued",
  startsAt: slots.slots[0].startsAt,
  endsAt: slots.slots[0].endsAt,
  changeableUntil: "2026-11-22T01:00:00.000Z",
};

async function openReservation(routes: Parameters<typeof routeBff>[0] = {}) {
  const fetchMock = routeBff({
    [DETAIL]: () => json(changeable),
    "GET /api/reservations": () => json(mine),
    "GET /api/reservations/stores/store_shibuya/slots": () => json(slots),
    ...routes,
  });
  renderApp({ path: "/reservations/rsv_0101" });
  await screen.findByTestId("reservation-detail");
  return fetchMock;
}

describe("my reservations", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: JUST_AFTER_JAPAN_MIDNIGHT });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lists upcoming and past reservations in Japan time, each linking to itself", async () => {
    routeBff({ "GET /api/reservations": () => json(mine) });
    renderApp({ path: "/reservations" });

    const upcomingGroup = await screen.findByRole("region", { name: "これからの予約" });
    const [row] = within(upcomingGroup).getAllByTestId("reservation-row");
    expect(row.getAttribute("href")).toBe("/reservations/rsv_0101");
    expect(row.textContent).toContain("11月30日(月) 10:00");
    expect(row.textContent).toContain("渋谷店 ・ テイスティング席");
    expect(row.textContent).toContain("2名");
    const pastGroup = screen.getByRole("region", { name: "過去・キャンセルした予約" });
    expect(
      within(pastGroup)
        .getAllByTestId("reservation-row")
        .map((r) => r.dataset.reservationId),
    ).toEqual(["rsv_0050"]);
    expect(screen.getByRole("link", { name: "新しく予約する" }).getAttribute("href")).toBe("/reservations/new");
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
  });

  it("asks an unlinked customer to link first", async () => {
    routeBff({ "GET /api/reservations": () => json(errorBody("not_linked"), 404) });
    renderApp({ path: "/reservations" });

    expect((await screen.findByTestId("reservations-unlinked")).textContent).toContain("連携が必要です");
  });

  it("shows a failed list with a retry", async () => {
    routeBff({ "GET /api/reservations": [() => json(errorBody("upstream_unavailable"), 503), () => json(mine)] });
    renderApp({ path: "/reservations" });

    await userEvent.click(await screen.findByTestId("retry-button"));
    expect(await screen.findAllByTestId("reservation-row")).toHaveLength(2);
  });

  it("changes the time to a free slot with an Idempotency-Key", async () => {
    const fetchMock = await openReservation({ [CHANGE]: () => json(movedTo10) });
    expect(screen.getByTestId("reservation-changeable-until").textContent).toContain("11月29日(日) 10:00");

    await userEvent.click(screen.getByRole("button", { name: "時間を変更する" }));
    // The date of the reservation (Japan) is chosen; 12:00 has one seat, too few for two people.
    expect(screen.getByRole("radio", { name: "11月30日(月)" })).toHaveProperty("checked", true);
    await screen.findAllByTestId("slot-option");
    expect(screen.getByRole("radio", { name: /^12:00/ })).toHaveProperty("disabled", true);
    await userEvent.click(screen.getByRole("radio", { name: /^10:00/ }));
    await userEvent.click(screen.getByRole("button", { name: "この時間に変更する" }));

    expect((await screen.findByTestId("reservation-outcome")).textContent).toBe(
      "予約の時間を変更しました。 LINEでもお知らせします。",
    );
    expect(screen.getByTestId("reservation-starts-at").textContent).toContain("11月23日(月) 10:00\u2060–\u206011:00");
    const [sent] = sentWrites(fetchMock, "PATCH", "/api/reservations/rsv_0101");
    expect(sent.body).toEqual({ startsAt: "2026-11-23T01:00:00.000Z" });
    expect(sent.key).toMatch(/^[0-9a-f]{32}$/);
    expect(sent.accessToken).toBe(TEST_ACCESS_TOKEN);
  });

  it("changes the time once for a double tap whose second tap lands right after the answer", async () => {
    const fetchMock = await openReservation({ [CHANGE]: () => json(movedTo10) });
    await userEvent.click(screen.getByRole("button", { name: "時間を変更する" }));
    await screen.findAllByTestId("slot-option");
    await userEvent.click(screen.getByRole("radio", { name: /^10:00/ }));

    await userEvent.dblClick(screen.getByRole("button", { name: "この時間に変更する" }));

    await screen.findByTestId("reservation-outcome");
    expect(sentWrites(fetchMock, "PATCH", "/api/reservations/rsv_0101")).toHaveLength(1);
  });

  it("says the slot has just gone on 409 slot_full and refreshes the slots", async () => {
    const fetchMock = await openReservation({ [CHANGE]: () => json(errorBody("slot_full"), 409) });
    await userEvent.click(screen.getByRole("button", { name: "時間を変更する" }));
    await screen.findAllByTestId("slot-option");
    await userEvent.click(screen.getByRole("radio", { name: /^10:00/ }));
    await userEvent.click(screen.getByRole("button", { name: "この時間に変更する" }));

    expect((await screen.findByTestId("reservation-error")).textContent).toContain("満席になりました");
    await waitFor(() => expect(fetchMock.mock.calls.filter(([input]) => requestUrl(input).includes("/slots"))).toHaveLength(2));
    expect(screen.getByRole("radio", { name: /^10:00/ })).toHaveProperty("checked", false);
  });

  it("cancels only after the customer confirms, and says so", async () => {
    const fetchMock = await openReservation({
      [CANCEL]: () => json({ ...changeable, status: "cancelled", lineNotice: "none" } satisfies ReservationWriteResponse),
    });

    await userEvent.click(screen.getByRole("button", { name: "予約をキャンセルする" }));
    const dialog = screen.getByRole("alertdialog", { name: "この予約をキャンセルしますか？" });
    await userEvent.click(within(dialog).getByRole("button", { name: "やめる" }));
    expect(sentWrites(fetchMock, "POST", "/api/reservations/rsv_0101/cancel")).toHaveLength(0);

    await userEvent.click(screen.getByRole("button", { name: "予約をキャンセルする" }));
    await userEvent.click(screen.getByRole("button", { name: "キャンセルする" }));

    // No LINE message was queued: the screen says nothing about LINE.
    expect((await screen.findByTestId("reservation-outcome")).textContent).toBe("予約をキャンセルしました。");
    expect(screen.getByTestId("reservation-status").textContent).toBe("キャンセル済み");
    expect(screen.queryByRole("button", { name: "予約をキャンセルする" })).toBeNull();
    const [sent] = sentWrites(fetchMock, "POST", "/api/reservations/rsv_0101/cancel");
    expect(sent.key).toMatch(/^[0-9a-f]{32}$/);
    expect(sent.accessToken).toBe(TEST_ACCESS_TOKEN);
  });

  it("cancels once for a double tap whose second tap lands right after the answer", async () => {
    const fetchMock = await openReservation({ [CANCEL]: () => json({ ...changeable, status: "cancelled" }) });
    await userEvent.click(screen.getByRole("button", { name: "予約をキャンセルする" }));

    await userEvent.dblClick(screen.getByRole("button", { name: "キャンセルする" }));

    await screen.findByTestId("reservation-outcome");
    expect(sentWrites(fetchMock, "POST", "/api/reservations/rsv_0101/cancel")).toHaveLength(1);
  });

  it("tells the customer to contact the store on 422 cancellation_window_closed", async () => {
    await openReservation({ [CANCEL]: () => json(errorBody("cancellation_window_closed"), 422) });

    await userEvent.click(screen.getByRole("button", { name: "予約をキャンセルする" }));
    await userEvent.click(screen.getByRole("button", { name: "キャンセルする" }));

    const error = await screen.findByTestId("reservation-error");
    expect(error.dataset.errorCode).toBe("cancellation_window_closed");
    expect(error.textContent).toContain("店舗へお電話ください");
    expect(screen.queryByRole("button", { name: "予約をキャンセルする" })).toBeNull();
    // The notice that the window has closed offers the call, once.
    const call = within(await screen.findByTestId("reservation-window-closed")).getByRole("link", {
      name: /渋谷店に電話する/,
    });
    expect(call.getAttribute("href")).toBe("tel:0312345601");
    expect(screen.getAllByTestId("store-phone")).toHaveLength(1);
  });

  it("offers no change or cancellation once the window has closed, and says whom to ask", async () => {
    routeBff({ "GET /api/reservations/rsv_0100": () => json(upcoming) });
    renderApp({ path: "/reservations/rsv_0100" });

    const closed = await screen.findByTestId("reservation-window-closed");
    expect(closed.textContent).toContain("店舗へお電話ください");
    expect(
      within(closed)
        .getByRole("link", { name: /渋谷店に電話する/ })
        .getAttribute("href"),
    ).toBe("tel:0312345601");
    expect(screen.queryByRole("button", { name: "時間を変更する" })).toBeNull();
    expect(screen.queryByRole("button", { name: "予約をキャンセルする" })).toBeNull();
  });

  it("shows the store's address, hours, map and phone (one tap) on the reservation", async () => {
    await openReservation();

    const store = screen.getByRole("region", { name: "渋谷店" });
    expect(store.textContent).toContain("東京都渋谷区神南1-2-3");
    expect(store.textContent).toContain("8:00〜20:00（無休）");
    expect(within(store).getByRole("link", { name: "地図を開く" }).getAttribute("href")).toMatch(/^https:\/\//);
    const call = within(store).getByRole("link", { name: /渋谷店に電話する/ });
    expect(call.getAttribute("href")).toBe("tel:0312345601");
    expect(call.textContent).toContain("03-1234-5601");
  });

  it("lists a cancelled reservation under past and cancelled, never under upcoming", async () => {
    const cancelledLater = { ...changeable, reservationId: "rsv_0102", status: "cancelled" as const };
    routeBff({ "GET /api/reservations": () => json({ upcoming: [changeable], past: [cancelledLater, mine.past[0]] }) });
    renderApp({ path: "/reservations" });

    const upcomingGroup = await screen.findByRole("region", { name: "これからの予約" });
    expect(
      within(upcomingGroup)
        .getAllByTestId("reservation-row")
        .map((r) => r.dataset.reservationId),
    ).toEqual(["rsv_0101"]);
    const pastGroup = screen.getByRole("region", { name: "過去・キャンセルした予約" });
    const cancelledRow = within(pastGroup).getAllByTestId("reservation-row")[0];
    expect(cancelledRow.dataset.reservationId).toBe("rsv_0102");
    expect(cancelledRow.textContent).toContain("キャンセル済み");
  });

  it("keeps the reservation's date chosen and named on the change screen, even beyond the two weeks offered", async () => {
    const farAhead = {
      ...changeable,
      startsAt: "2026-12-20T01:00:00.000Z",
      endsAt: "2026-12-20T02:00:00.000Z",
      changeableUntil: "2026-12-19T01:00:00.000Z",
    };
    await openReservation({ [DETAIL]: () => json(farAhead) });

    await userEvent.click(screen.getByRole("button", { name: "時間を変更する" }));

    const dates = screen.getByRole("group", { name: "日付" });
    const checked = within(dates).getByRole("radio", { checked: true });
    expect(checked.closest("label")?.textContent).toBe("12月20日(日)");
    expect(screen.getByRole("group", { name: "12月20日(日)の時間" })).toBeTruthy();
  });

  it("says before changing that a time inside the window can't be changed again", async () => {
    await openReservation();
    await userEvent.click(screen.getByRole("button", { name: "時間を変更する" }));
    await userEvent.click(screen.getByRole("radio", { name: "11月23日(月)" }));
    await userEvent.click(await screen.findByRole("radio", { name: /^10:00/ }));

    expect((await screen.findByTestId("slot-inside-window")).textContent).toContain(
      "開始まで24時間を切っているため、予約後の変更・キャンセルはアプリからできません",
    );
  });
});
