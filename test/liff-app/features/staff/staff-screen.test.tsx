import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { errorBody } from "../../fixtures.ts";
import { fakeSession, json, renderApp, routeBff, sentRequests } from "../../render-app.tsx";
import { nothingToday, scanned, shinjuku, staffOfShibuya, staffOfTwoStores } from "./staff-fixtures.ts";

/** A LINE app with scanCodeV2, whose scanner reads `text` (null: the staff member closed it). */
function scanningSession(text: string | null) {
  const scanQr = vi.fn(async () => text);
  return { session: fakeSession({ scanQr }), scanQr };
}

const scanRequests = (fetchMock: ReturnType<typeof routeBff>) =>
  sentRequests(fetchMock).filter((r) => r.route === "POST /api/staff/scans");

describe("/staff access", () => {
  it("shows everyone who is not staff a neutral page with the way home, and nothing about staff", async () => {
    const fetchMock = routeBff({ "GET /api/staff/me": () => json(errorBody("forbidden", "Forbidden"), 403) });
    renderApp({ path: "/staff" });

    // The first test of a file also loads the screen's code: on a busy machine that takes more than a second.
    const page = await screen.findByTestId("page-unavailable", {}, { timeout: 5000 });
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("このページは表示できません");
    expect(within(page).getByRole("link", { name: "ホームへ戻る" }).getAttribute("href")).toBe("/");
    expect(document.body.textContent).not.toMatch(/スタッフ|staff|店舗|スキャン|読み取|会員証|ポイント/i);
    expect(screen.queryByTestId("staff-screen")).toBeNull();
    expect(sentRequests(fetchMock).map((r) => r.route)).toEqual(["GET /api/staff/me"]);
  });

  it("says nothing about staff while it asks who is there either", async () => {
    routeBff({ "GET /api/staff/me": () => new Promise<Response>(() => {}) });
    renderApp({ path: "/staff" });

    expect(await screen.findByTestId("route-loading")).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/スタッフ|staff|店舗/i);
  });

  it("offers a retry when the staff lookup fails for another reason", async () => {
    const fetchMock = routeBff({
      "GET /api/staff/me": [() => json(errorBody("upstream_unavailable"), 502), () => json(staffOfShibuya)],
      ...nothingToday,
    });
    renderApp({ path: "/staff" });

    await userEvent.click(await screen.findByTestId("retry-button"));

    expect(await screen.findByTestId("staff-screen")).toBeTruthy();
    expect(sentRequests(fetchMock).filter((r) => r.route === "GET /api/staff/me")).toHaveLength(2);
  });

  it("links to the staff screen from the staff panel on home", async () => {
    routeBff({
      "GET /api/me": () =>
        json({ profile: { displayName: "鈴木 一郎", pictureUrl: null }, link: { status: "unlinked" }, staff: staffOfShibuya }),
      "GET /api/staff/me": () => json(staffOfShibuya),
      ...nothingToday,
    });
    renderApp();

    await userEvent.click(await screen.findByRole("link", { name: "スタッフ画面を開く" }));

    expect(await screen.findByRole("heading", { level: 1, name: "スタッフ画面" })).toBeTruthy();
    expect(location.pathname).toBe("/staff");
    expect(screen.getByTestId("staff-name").textContent).toBe("鈴木 一郎さん");
  });
});

describe("/staff store", () => {
  it("shows the one store without a picker when the staff member serves one", async () => {
    routeBff({ "GET /api/staff/me": () => json(staffOfShibuya), ...nothingToday });
    renderApp({ path: "/staff" });

    expect((await screen.findByTestId("staff-store")).textContent).toContain("渋谷店");
    expect(screen.queryByTestId("store-picker")).toBeNull();
    expect(screen.queryAllByRole("radio")).toHaveLength(0);
  });

  it("names the store as the brand config does in the staff member's language, the merchant's name otherwise", async () => {
    const stores = [
      { storeId: "store_kichijoji", name: "吉祥寺店" },
      { storeId: "store_unknown", name: "新宿店" },
    ];
    routeBff({ "GET /api/staff/me": () => json({ name: "鈴木 一郎", stores }), ...nothingToday });
    localStorage.setItem("liff-app:language", "en");
    renderApp({ path: "/staff" });

    const picker = await screen.findByTestId("store-picker");
    expect(within(picker).getByRole("radio", { name: "Kichijoji" })).toBeTruthy();
    expect(within(picker).getByRole("radio", { name: "新宿店" })).toBeTruthy();
  });

  it("offers a store picker for several stores and remembers the choice on the device", async () => {
    routeBff({ "GET /api/staff/me": () => json(staffOfTwoStores), ...nothingToday });
    const first = renderApp({ path: "/staff" });

    const picker = await screen.findByRole("group", { name: "操作する店舗" });
    const radios = within(picker).getAllByRole("radio");
    expect(radios.map((radio) => radio.closest("label")?.textContent)).toEqual(["渋谷店", "新宿店"]);
    expect(radios.every((radio) => !(radio as HTMLInputElement).checked)).toBe(true);

    await userEvent.click(within(picker).getByRole("radio", { name: "新宿店" }));
    first.unmount();
    renderApp({ path: "/staff" });

    const again = await screen.findByRole("group", { name: "操作する店舗" });
    expect(within(again).getByRole("radio", { name: "新宿店" })).toHaveProperty("checked", true);
    expect(localStorage.getItem("liff-app:staff-store")).toBe(shinjuku.storeId);
  });
});

describe("/staff scanning", () => {
  it("scans with LINE's scanner (scanCodeV2) and posts the code's text as { token }", async () => {
    const { session, scanQr } = scanningSession("member-card-token");
    const fetchMock = routeBff({
      "GET /api/staff/me": () => json(staffOfShibuya),
      ...nothingToday,
      "POST /api/staff/scans": () => json(scanned(), 201),
    });
    renderApp({ path: "/staff", session });

    await userEvent.click(await screen.findByRole("button", { name: "QRコードを読み取る" }));

    const panel = await screen.findByTestId("staff-member-panel");
    expect(scanQr).toHaveBeenCalledTimes(1);
    expect(scanRequests(fetchMock).map((r) => r.body)).toEqual([{ token: "member-card-token" }]);
    expect(within(panel).getByTestId("staff-member-name").textContent).toBe("山田 太郎 様");
    expect(within(panel).getByTestId("staff-member-rank").textContent).toContain("ゴールド");
    expect(within(panel).getByTestId("staff-member-number").textContent).toBe("1000-0001");
    expect(within(panel).getByTestId("staff-member-balance").textContent).toBe("1,280 pt");
    expect(document.activeElement).toBe(within(panel).getByTestId("staff-member-name"));
    expect(screen.queryByTestId("staff-scan-button")).toBeNull();
  });

  it("says the member details are the last known ones when the store system cannot be reached", async () => {
    const { session } = scanningSession("member-card-token");
    routeBff({
      "GET /api/staff/me": () => json(staffOfShibuya),
      ...nothingToday,
      "POST /api/staff/scans": () => json({ ...scanned(), source: "snapshot", memberAsOf: "2026-12-24T05:05:00.000Z" }, 201),
    });
    renderApp({ path: "/staff", session });

    await userEvent.click(await screen.findByRole("button", { name: "QRコードを読み取る" }));

    const panel = await screen.findByTestId("staff-member-panel");
    const notice = within(panel).getByRole("status");
    expect(notice.textContent).toContain("14:05時点の会員情報（店舗システムに接続できません）");
    expect(notice.textContent).toContain("12月24日");
    expect(within(panel).getByTestId("staff-member-name").textContent).toBe("山田 太郎 様");
  });

  it("shows no outage notice when the merchant answered the scan", async () => {
    const { session } = scanningSession("member-card-token");
    routeBff({
      "GET /api/staff/me": () => json(staffOfShibuya),
      ...nothingToday,
      "POST /api/staff/scans": () => json(scanned(), 201),
    });
    renderApp({ path: "/staff", session });

    await userEvent.click(await screen.findByRole("button", { name: "QRコードを読み取る" }));

    const panel = await screen.findByTestId("staff-member-panel");
    expect(within(panel).queryByTestId("staff-member-snapshot")).toBeNull();
  });

  it("sends nothing when the staff member closes LINE's scanner", async () => {
    const { session } = scanningSession(null);
    const fetchMock = routeBff({ "GET /api/staff/me": () => json(staffOfShibuya), ...nothingToday });
    renderApp({ path: "/staff", session });

    await userEvent.click(await screen.findByRole("button", { name: "QRコードを読み取る" }));

    await waitFor(() => expect(screen.getByTestId("staff-scan-button").getAttribute("aria-disabled")).toBeNull());
    expect(scanRequests(fetchMock)).toHaveLength(0);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says so when LINE's scanner can't start, and keeps manual entry at hand", async () => {
    const session = fakeSession({ scanQr: vi.fn(async () => Promise.reject(new Error("FORBIDDEN"))) });
    routeBff({ "GET /api/staff/me": () => json(staffOfShibuya), ...nothingToday });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    renderApp({ path: "/staff", session });

    await userEvent.click(await screen.findByRole("button", { name: "QRコードを読み取る" }));

    expect((await screen.findByTestId("staff-reader-problem")).textContent).toContain("読み取りを開始できませんでした");
    expect(screen.getByTestId("staff-manual-form")).toBeTruthy();
  });

  it("offers manual entry where LINE's scanner is missing, and the camera only where there is one", async () => {
    routeBff({ "GET /api/staff/me": () => json(staffOfShibuya), ...nothingToday });
    renderApp({ path: "/staff" });

    expect(await screen.findByRole("region", { name: "番号で入力する" })).toBeTruthy();
    expect(screen.queryByTestId("staff-scan-button")).toBeNull();
    // jsdom has no navigator.mediaDevices, like a page served over plain HTTP.
    expect(screen.getByTestId("staff-camera-unavailable").textContent).toContain("カメラで読み取れません");
    expect(screen.getByTestId("staff-manual-code").getAttribute("inputmode")).toBe("numeric");
  });

  it("posts the member number and the code typed in, after checking the code is 6 digits", async () => {
    const fetchMock = routeBff({
      "GET /api/staff/me": () => json(staffOfShibuya),
      ...nothingToday,
      "POST /api/staff/scans": () => json(scanned(), 201),
    });
    renderApp({ path: "/staff" });
    const number = await screen.findByLabelText(/会員番号/);
    const code = screen.getByLabelText(/読み取れないときのコード/);

    await userEvent.type(number, "1000-0001");
    await userEvent.type(code, "12345");
    await userEvent.click(screen.getByRole("button", { name: "確認する" }));

    expect(screen.getByTestId("staff-manual-code-error").textContent).toBe(
      "「読み取れないときのコード」は6桁の数字で入力してください。",
    );
    expect(code.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(code);
    expect(scanRequests(fetchMock)).toHaveLength(0);

    await userEvent.type(code, "6");
    await userEvent.click(screen.getByRole("button", { name: "確認する" }));

    expect(await screen.findByTestId("staff-member-panel")).toBeTruthy();
    expect(scanRequests(fetchMock).map((r) => r.body)).toEqual([{ memberNumber: "1000-0001", code: "123456" }]);
  });

  it("asks for both fields before sending anything", async () => {
    const fetchMock = routeBff({ "GET /api/staff/me": () => json(staffOfShibuya), ...nothingToday });
    renderApp({ path: "/staff" });

    await userEvent.click(await screen.findByRole("button", { name: "確認する" }));

    expect(screen.getByTestId("staff-manual-member-number-error").textContent).toBe("会員番号を入力してください。");
    expect(screen.getByTestId("staff-manual-code-error").textContent).toBe("「読み取れないときのコード」を入力してください。");
    expect(document.activeElement).toBe(screen.getByTestId("staff-manual-member-number"));
    expect(scanRequests(fetchMock)).toHaveLength(0);
  });

  it.each([
    ["card_expired", 410, "有効期限が切れています。お客様に会員証を開き直してもらってください。"],
    ["card_used", 409, "このコードはすでに使われています。お客様に会員証を開き直してもらい、新しいコードを読み取ってください。"],
    [
      "card_invalid",
      422,
      "会員証のコードではないか、会員番号と「読み取れないときのコード」が一致しません。お客様のカード画面をご確認ください。",
    ],
    [
      "member_unlinked",
      422,
      "このお客様は、会員証の表示後に会員連携を解除しています。お客様にもう一度会員連携してもらってください。",
    ],
  ] as const)("explains a %s refusal of a scanned code", async (code, status, message) => {
    const { session } = scanningSession("member-card-token");
    routeBff({
      "GET /api/staff/me": () => json(staffOfShibuya),
      ...nothingToday,
      "POST /api/staff/scans": () => json(errorBody(code), status),
    });
    renderApp({ path: "/staff", session });

    await userEvent.click(await screen.findByRole("button", { name: "QRコードを読み取る" }));

    const alert = await screen.findByTestId("staff-scan-error");
    expect(alert.getAttribute("role")).toBe("alert");
    expect(alert.dataset.errorCode).toBe(code);
    expect(alert.textContent).toBe(message);
    expect(screen.queryByTestId("staff-member-panel")).toBeNull();
  });

  it("keeps what was typed after a refusal, and shows it under the typed code", async () => {
    routeBff({
      "GET /api/staff/me": () => json(staffOfShibuya),
      ...nothingToday,
      "POST /api/staff/scans": () => json(errorBody("card_invalid"), 422),
    });
    renderApp({ path: "/staff" });
    await userEvent.type(await screen.findByTestId("staff-manual-member-number"), "1000-0001");
    await userEvent.type(screen.getByTestId("staff-manual-code"), "654321");

    await userEvent.click(screen.getByRole("button", { name: "確認する" }));

    const refusal = await screen.findByTestId("staff-scan-error");
    expect(refusal.dataset.errorCode).toBe("card_invalid");
    expect(within(screen.getByTestId("staff-manual")).getByTestId("staff-scan-error")).toBe(refusal);
    expect(screen.getByTestId("staff-manual-code")).toHaveProperty("value", "654321");
    expect(screen.getByTestId("staff-manual-member-number")).toHaveProperty("value", "1000-0001");
  });

  it("says a typed code has expired (card_expired), not that it does not match, in both languages", async () => {
    routeBff({
      "GET /api/staff/me": () => json(staffOfShibuya),
      ...nothingToday,
      "POST /api/staff/scans": () => json(errorBody("card_expired"), 410),
    });
    const first = renderApp({ path: "/staff" });
    await userEvent.type(await screen.findByTestId("staff-manual-member-number"), "1000-0001");
    await userEvent.type(screen.getByTestId("staff-manual-code"), "654321");
    await userEvent.click(screen.getByRole("button", { name: "確認する" }));

    expect((await screen.findByTestId("staff-scan-error")).textContent).toBe(
      "コードの有効期限が切れています。お客様にカード画面を開き直してもらい、新しいコードを入力してください。",
    );
    expect(screen.getByTestId("staff-manual-code")).toHaveProperty("value", "654321");

    first.unmount();
    localStorage.setItem("liff-app:language", "en");
    renderApp({ path: "/staff" });
    await userEvent.type(await screen.findByTestId("staff-manual-member-number"), "1000-0001");
    await userEvent.type(screen.getByTestId("staff-manual-code"), "654321");
    await userEvent.click(screen.getByRole("button", { name: "Check" }));
    expect((await screen.findByTestId("staff-scan-error")).textContent).toBe(
      "This code has expired. Ask the customer to open their card screen again, then enter the new code.",
    );
  });

  it("calls the typed code by the customer's own name for it, in both languages", async () => {
    routeBff({ "GET /api/staff/me": () => json(staffOfShibuya), ...nothingToday });
    const first = renderApp({ path: "/staff" });
    expect((await screen.findByTestId("staff-manual")).textContent).toContain("「読み取れないときのコード」（6桁）");
    expect(screen.getByLabelText(/読み取れないときのコード/)).toBeTruthy();
    first.unmount();
    localStorage.setItem("liff-app:language", "en");
    renderApp({ path: "/staff" });
    expect(await screen.findByLabelText(/Code to type in if scanning fails/)).toBeTruthy();
  });

  it("brings the customer's name and rank into view below the sticky header after a scan", async () => {
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    const { session } = scanningSession("member-card-token");
    routeBff({
      "GET /api/staff/me": () => json(staffOfShibuya),
      ...nothingToday,
      "POST /api/staff/scans": () => json(scanned(), 201),
    });
    renderApp({ path: "/staff", session });

    await userEvent.click(await screen.findByRole("button", { name: "QRコードを読み取る" }));

    const panel = await screen.findByTestId("staff-member-panel");
    // jsdom lays nothing out: the browser tests measure where the panel lands (below the header).
    expect(scrolled.mock.contexts).toContain(panel);
    expect(scrolled).toHaveBeenCalledWith({ block: "start" });
    Reflect.deleteProperty(Element.prototype, "scrollIntoView");
  });

  it("scans the next card in one tap (「もう一度スキャン」) and goes back to scanning in one tap (「次のお客様」)", async () => {
    const scanQr = vi.fn(async () => "member-card-token");
    const fetchMock = routeBff({
      "GET /api/staff/me": () => json(staffOfShibuya),
      ...nothingToday,
      "POST /api/staff/scans": [() => json(scanned(), 201), () => json({ ...scanned(), scanId: "scan-2" }, 201)],
    });
    renderApp({ path: "/staff", session: fakeSession({ scanQr }) });
    await userEvent.click(await screen.findByRole("button", { name: "QRコードを読み取る" }));
    await screen.findByTestId("staff-member-panel");

    const bar = screen.getByRole("group", { name: "お客様の切り替え" });
    await userEvent.click(within(bar).getByRole("button", { name: "もう一度スキャン" }));

    await waitFor(() => expect(scanRequests(fetchMock)).toHaveLength(2));
    expect(scanQr).toHaveBeenCalledTimes(2);
    expect(await screen.findByTestId("staff-member-panel")).toBeTruthy();

    await userEvent.click(within(screen.getByTestId("staff-desk-bar")).getByRole("button", { name: "次のお客様" }));
    expect(screen.queryByTestId("staff-member-panel")).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId("staff-scan-button"));
  });

  it("shows the strings in English too", async () => {
    const { session } = scanningSession("member-card-token");
    routeBff({
      "GET /api/staff/me": () => json(staffOfShibuya),
      ...nothingToday,
      "POST /api/staff/scans": () => json(errorBody("card_expired"), 410),
    });
    localStorage.setItem("liff-app:language", "en");
    renderApp({ path: "/staff", session });

    await userEvent.click(await screen.findByRole("button", { name: "Scan QR code" }));

    expect((await screen.findByTestId("staff-scan-error")).textContent).toBe(
      "This code has expired. Ask the customer to open their member card again.",
    );
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Staff");
  });
});
