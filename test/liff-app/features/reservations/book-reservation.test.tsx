import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { errorBody, linkedMe, unlinkedMe } from "../../fixtures.ts";
import { fakeSession, json, renderApp, routeBff, TEST_ACCESS_TOKEN } from "../../render-app.tsx";
import {
  booked,
  JUST_AFTER_JAPAN_MIDNIGHT,
  kichijojiServices,
  sentQueries,
  sentWrites,
  shibuyaServices,
  slots,
  slotsAfterLastSeatGone,
  stores,
  storesNearShibuya,
} from "./reservation-fixtures.ts";

type Answer = () => Response | Promise<Response>;

const STORES = "GET /api/reservations/stores";
const SHIBUYA_SLOTS = "GET /api/reservations/stores/store_shibuya/slots";
const BOOK = "POST /api/reservations";

const noConnection: Answer = () => {
  throw new TypeError("Failed to fetch");
};

function bookingBff(overrides: Record<string, Answer | Answer[]> = {}) {
  return routeBff({
    "GET /api/me": () => json(linkedMe),
    [STORES]: () => json(stores),
    "GET /api/reservations/stores/store_shibuya/services": () => json(shibuyaServices),
    "GET /api/reservations/stores/store_kichijoji/services": () => json(kichijojiServices),
    [SHIBUYA_SLOTS]: () => json(slots),
    [BOOK]: () => json(booked(1, null), 201),
    "GET /api/reservations/rsv_0200": () => json(booked(1, null)),
    ...overrides,
  });
}

async function openBooking(session = fakeSession()) {
  renderApp({ path: "/reservations/new", session });
  // The screen's code arrives as its own chunk first: slow on a busy machine.
  await screen.findByRole("heading", { level: 1, name: "来店予約" }, { timeout: 5000 });
  await screen.findAllByTestId("store-option");
}

const storeButton = (name: string) => screen.getByRole("button", { name: new RegExp(name) });
const slotRadio = (time: string) => screen.getByRole("radio", { name: new RegExp(`^${time}`) });

/** 渋谷店 (one service), 11/23, 12:00 (the last seat), then to the confirmation. */
async function chooseLastSeatAndConfirm() {
  await userEvent.click(storeButton("渋谷店"));
  await screen.findAllByTestId("slot-option");
  await userEvent.click(slotRadio("12:00"));
  await userEvent.click(screen.getByRole("button", { name: "次へ" }));
  await userEvent.click(screen.getByRole("button", { name: "次へ" }));
  await screen.findByRole("heading", { level: 2, name: "予約内容の確認" });
}

const submit = () => screen.getByRole("button", { name: /予約を確定する|予約しています/ });

describe("/reservations/new", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: JUST_AFTER_JAPAN_MIDNIGHT });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lists the stores, and after 「現在地から近い順に並べる」 asks again with the position, nearest first", async () => {
    const fetchMock = bookingBff({ [STORES]: [() => json(stores), () => json(storesNearShibuya)] });
    const getCurrentPosition = vi.fn((success: PositionCallback) =>
      success({ coords: { latitude: 35.66, longitude: 139.7 } } as GeolocationPosition),
    );
    vi.stubGlobal("navigator", Object.create(navigator, { geolocation: { value: { getCurrentPosition } } }));
    await openBooking();

    expect(screen.getAllByTestId("store-option").map((store) => store.dataset.storeId)).toEqual([
      "store_kichijoji",
      "store_shibuya",
    ]);
    expect(getCurrentPosition).not.toHaveBeenCalled();
    expect(sentQueries(fetchMock, "/api/reservations/stores")[0].has("lat")).toBe(false);

    await userEvent.click(screen.getByRole("button", { name: "現在地から近い順に並べる" }));

    await waitFor(() =>
      expect(screen.getAllByTestId("store-option").map((store) => store.dataset.storeId)).toEqual([
        "store_shibuya",
        "store_kichijoji",
      ]),
    );
    const [, nearest] = sentQueries(fetchMock, "/api/reservations/stores");
    expect([nearest.get("lat"), nearest.get("lng")]).toEqual(["35.66", "139.7"]);
    expect(screen.getAllByTestId("store-distance")[0].textContent).toContain("約0.4 km");
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
  });

  it("keeps the list as it was and says so when the location is refused", async () => {
    const fetchMock = bookingBff();
    const getCurrentPosition = vi.fn((_: PositionCallback, failure: PositionErrorCallback) =>
      failure({ code: 1, message: "denied" } as GeolocationPositionError),
    );
    vi.stubGlobal("navigator", Object.create(navigator, { geolocation: { value: { getCurrentPosition } } }));
    await openBooking();

    await userEvent.click(screen.getByRole("button", { name: "現在地から近い順に並べる" }));

    expect((await screen.findByTestId("location-denied")).textContent).toContain("一覧からお選びください");
    expect(screen.getAllByTestId("store-option")).toHaveLength(2);
    expect(sentQueries(fetchMock, "/api/reservations/stores")).toHaveLength(1);
  });

  it("skips the service step for a store with one service, and offers the choice for a store with several", async () => {
    bookingBff();
    await openBooking();

    await userEvent.click(storeButton("渋谷店"));
    expect(await screen.findByRole("heading", { level: 2, name: "日時を選ぶ" })).toBeTruthy();
    expect(screen.getByTestId("chosen-service").textContent).toBe("渋谷店 ・ テイスティング席");
    expect(screen.queryByTestId("service-list")).toBeNull();

    await userEvent.click(screen.getByRole("button", { name: "前に戻る" }));
    await userEvent.click(storeButton("吉祥寺店"));
    const services = await screen.findByTestId("service-list");
    expect(
      within(services)
        .getAllByTestId("service-option")
        .map((option) => option.dataset.serviceId),
    ).toEqual(["svc_kichijoji_class", "svc_kichijoji_tasting"]);
    expect(
      within(services)
        .getAllByTestId("service-facts")
        .map((facts) => facts.textContent),
    ).toEqual(["90分 ・ お一人様 ¥3,300", "60分"]);
  });

  it("tells an unlinked customer at the start that booking needs linking, with the way to link", async () => {
    const fetchMock = bookingBff({ "GET /api/me": () => json(unlinkedMe) });
    renderApp({ path: "/reservations/new" });

    const unlinked = await screen.findByTestId("reservations-unlinked", {}, { timeout: 5000 });
    expect(unlinked.textContent).toContain("予約するには、会員連携が必要です。");
    expect(within(unlinked).getByRole("link", { name: "会員連携する" }).getAttribute("href")).toBe("/link");
    expect(screen.queryByTestId("store-list")).toBeNull();
    expect(sentWrites(fetchMock, "POST", "/api/reservations")).toHaveLength(0);
  });

  it("says that a slot inside the change window can't be changed once booked, before going on", async () => {
    bookingBff();
    await openBooking();
    await userEvent.click(storeButton("渋谷店"));
    await screen.findAllByTestId("slot-option");
    expect(screen.queryByTestId("slot-inside-window")).toBeNull();

    await userEvent.click(slotRadio("12:00"));

    expect(screen.getByTestId("slot-inside-window").textContent).toBe(
      "この時間は開始まで24時間を切っているため、予約後の変更・キャンセルはアプリからできません。",
    );
  });

  it("offers 14 days from today in Japan time, and asks for that Japan date's slots", async () => {
    const fetchMock = bookingBff();
    await openBooking();
    await userEvent.click(storeButton("渋谷店"));

    const dates = within(await screen.findByTestId("reservation-dates")).getAllByRole("radio");
    expect(dates).toHaveLength(14);
    // 00:30 on 11/23 in Japan is still 11/22 in UTC: the list starts at the Japanese day.
    expect(screen.getAllByTestId("date-option")[0].dataset.date).toBe("2026-11-23");
    expect(screen.getAllByTestId("date-option")[13].dataset.date).toBe("2026-12-06");
    expect(dates[0]).toHaveProperty("checked", true);
    expect(screen.getAllByTestId("date-option")[0].textContent).toBe("11月23日(月)");
    await screen.findAllByTestId("slot-option");
    expect(sentQueries(fetchMock, "/api/reservations/stores/store_shibuya/slots")[0].get("date")).toBe("2026-11-23");

    await userEvent.click(screen.getByRole("radio", { name: "11月24日(火)" }));
    await waitFor(() =>
      expect(sentQueries(fetchMock, "/api/reservations/stores/store_shibuya/slots").map((query) => query.get("date"))).toEqual([
        "2026-11-23",
        "2026-11-24",
      ]),
    );
  });

  it("shows each slot's free seats in Japan time, and full slots can't be chosen", async () => {
    bookingBff();
    await openBooking();
    await userEvent.click(storeButton("渋谷店"));

    const group = await screen.findByRole("group", { name: "11月23日(月)の時間" });
    await within(group).findAllByTestId("slot-option");
    expect(
      within(group)
        .getAllByTestId("slot-option")
        .map((slot) => slot.textContent),
    ).toEqual(["10:00残り3席", "11:00満席", "12:00残り1席"]);
    expect(slotRadio("11:00")).toHaveProperty("disabled", true);
    expect(slotRadio("10:00")).toHaveProperty("disabled", false);
  });

  it("books with an Idempotency-Key, the party size and the note, and opens the reservation", async () => {
    const fetchMock = bookingBff({ [BOOK]: () => json(booked(2, "窓際希望"), 201) });
    await openBooking();
    await userEvent.click(storeButton("渋谷店"));
    await screen.findAllByTestId("slot-option");
    await userEvent.click(slotRadio("10:00"));
    await userEvent.click(screen.getByRole("button", { name: "次へ" }));

    const partySize = screen.getByRole("combobox", { name: "人数" });
    // 10:00 has 3 seats left, the service takes up to 4: three is the most, and the hint says why.
    expect(
      within(partySize)
        .getAllByRole("option")
        .map((option) => option.textContent),
    ).toEqual(["1名", "2名", "3名"]);
    expect(screen.getByTestId("party-size-hint").textContent).toBe("この時間の空きは残り3席のため、3名までご予約いただけます。");
    await userEvent.selectOptions(partySize, "2");
    await userEvent.type(screen.getByRole("textbox", { name: /ご要望/ }), "窓際希望");
    await userEvent.click(screen.getByRole("button", { name: "次へ" }));

    expect(screen.getByTestId("summary-party-size").textContent).toBe("2名");
    expect(screen.getByTestId("summary-starts-at").textContent).toContain("10:00\u2060–\u206011:00");
    expect(screen.getByTestId("summary-price").textContent).toBe("お一人様 ¥1,500");
    // 10:00 today is less than 24 hours away: said before confirming, with the store's phone.
    const notice = screen.getByTestId("book-final-notice");
    expect(notice.textContent).toContain("確定後に変更・キャンセルできません");
    expect(
      within(notice)
        .getByRole("link", { name: /渋谷店に電話する/ })
        .getAttribute("href"),
    ).toBe("tel:0312345601");
    await userEvent.click(submit());

    expect(await screen.findByTestId("reservation-outcome")).toBeTruthy();
    expect(screen.getByTestId("reservation-outcome").textContent).toBe("予約が確定しました。 LINEでもお知らせします。");
    expect(location.pathname).toBe("/reservations/rsv_0200");
    const [sent] = sentWrites(fetchMock, "POST", "/api/reservations");
    expect(sent.key).toMatch(/^[0-9a-f]{32}$/);
    // For the BFF's LINE MINI App service messages; the reads go without it.
    expect(sent.accessToken).toBe(TEST_ACCESS_TOKEN);
    expect(fetchMock.mock.calls.filter(([, init]) => new Headers(init?.headers).has("x-liff-access-token"))).toHaveLength(1);
    expect(sent.body).toEqual({
      serviceId: "svc_shibuya_tasting",
      startsAt: "2026-11-23T01:00:00.000Z",
      partySize: 2,
      note: "窓際希望",
    });
  });

  it("books once for a double tap whose second tap lands right after the answer", async () => {
    const fetchMock = bookingBff();
    await openBooking();
    await chooseLastSeatAndConfirm();

    await userEvent.dblClick(submit());

    await screen.findByTestId("reservation-outcome");
    expect(sentWrites(fetchMock, "POST", "/api/reservations")).toHaveLength(1);
  });

  it("books without x-liff-access-token when the session has no access token", async () => {
    const fetchMock = bookingBff();
    await openBooking(fakeSession({ getAccessToken: () => null }));
    await chooseLastSeatAndConfirm();

    await userEvent.click(submit());

    await screen.findByTestId("reservation-outcome");
    const [sent] = sentWrites(fetchMock, "POST", "/api/reservations");
    expect(sent.key).toMatch(/^[0-9a-f]{32}$/);
    expect(sent.accessToken).toBeNull();
  });

  it("keeps the Idempotency-Key on a retry that carries a fresh access token", async () => {
    const fetchMock = bookingBff({ [BOOK]: [noConnection, () => json(booked(1, null), 201)] });
    let accessToken = "access-token-1";
    await openBooking(fakeSession({ getAccessToken: () => accessToken }));
    await chooseLastSeatAndConfirm();

    await userEvent.click(submit());
    await screen.findByTestId("reservation-error");
    accessToken = "access-token-2";
    await userEvent.click(submit());

    await screen.findByTestId("reservation-outcome");
    const [first, retry] = sentWrites(fetchMock, "POST", "/api/reservations");
    expect([first.accessToken, retry.accessToken]).toEqual(["access-token-1", "access-token-2"]);
    expect(retry.key).toBe(first.key);
    expect(retry.body).toEqual(first.body);
  });

  it("sends the same Idempotency-Key again after a network error, so a retry can't book twice", async () => {
    const fetchMock = bookingBff({ [BOOK]: [noConnection, () => json(booked(1, null), 201)] });
    await openBooking();
    await chooseLastSeatAndConfirm();

    await userEvent.click(submit());
    const error = await screen.findByTestId("reservation-error");
    expect(error.dataset.errorCode).toBe("network");
    expect(screen.getByText(/予約が二重になることはありません/)).toBeTruthy();

    await userEvent.click(submit());
    await screen.findByTestId("reservation-outcome");
    const [first, retry] = sentWrites(fetchMock, "POST", "/api/reservations");
    expect(retry.key).toBe(first.key);
    expect(retry.body).toEqual(first.body);
  });

  it("says the last seat has gone on 409 slot_full, shows the refreshed slots, and books another under a new key", async () => {
    const fetchMock = bookingBff({
      [SHIBUYA_SLOTS]: [() => json(slots), () => json(slotsAfterLastSeatGone)],
      [BOOK]: [() => json(errorBody("slot_full"), 409), () => json(booked(1, null), 201)],
    });
    await openBooking();
    await chooseLastSeatAndConfirm();

    await userEvent.click(submit());

    const error = await screen.findByTestId("reservation-error");
    expect(error.dataset.errorCode).toBe("slot_full");
    expect(error.textContent).toContain("この時間はたった今満席になりました");
    expect(screen.getByRole("heading", { level: 2, name: "日時を選ぶ" })).toBeTruthy();
    await waitFor(() => expect(slotRadio("12:00")).toHaveProperty("disabled", true));
    expect(screen.getAllByTestId("slot-option")[2].textContent).toBe("12:00満席");
    expect(sentQueries(fetchMock, "/api/reservations/stores/store_shibuya/slots")).toHaveLength(2);

    await userEvent.click(slotRadio("10:00"));
    await userEvent.click(screen.getByRole("button", { name: "次へ" }));
    await userEvent.click(screen.getByRole("button", { name: "次へ" }));
    await userEvent.click(submit());
    await screen.findByTestId("reservation-outcome");
    const [first, second] = sentWrites(fetchMock, "POST", "/api/reservations");
    expect(second.body?.startsAt).toBe("2026-11-23T01:00:00.000Z");
    expect(second.key).not.toBe(first.key);
  });
});
