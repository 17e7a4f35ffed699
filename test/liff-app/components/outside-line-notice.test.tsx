import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { linkedMe } from "../fixtures.ts";
import { fakeSession, json, renderApp, stubBff, TEST_LIFF_ID } from "../render-app.tsx";

afterEach(() => sessionStorage.clear());

describe("opened outside the LINE app", () => {
  it("says which features need LINE and offers the same screen in LINE", async () => {
    stubBff(() => json(linkedMe));
    renderApp({ path: "/?tab=points", session: fakeSession({ inClient: false }) });

    const notice = await screen.findByTestId("outside-line-notice");
    expect(notice.textContent).toContain("LINEアプリの外で開いています");
    expect(notice.textContent).toContain("QRコードの読み取り");
    expect(notice.textContent).toContain("友だち追加");
    expect(screen.getByRole("link", { name: "LINEで開く" }).getAttribute("href")).toBe(
      `https://liff.line.me/${TEST_LIFF_ID}/?tab=points`,
    );
    // The app itself goes on: the user is signed in with LINE Login.
    expect(await screen.findByRole("heading", { level: 1, name: "山田 太郎さん、こんにちは" })).toBeTruthy();
  });

  it("opens in LINE on the screen the user is on, in English too", async () => {
    stubBff(() => json(linkedMe));
    renderApp({ path: "/settings", session: fakeSession({ inClient: false, appLanguage: "en" }) });
    expect((await screen.findByRole("link", { name: "Open in LINE" })).getAttribute("href")).toBe(
      `https://liff.line.me/${TEST_LIFF_ID}/settings`,
    );
  });

  it("can be closed for the rest of the visit", async () => {
    stubBff(() => json(linkedMe));
    const { unmount } = renderApp({ session: fakeSession({ inClient: false }) });
    await userEvent.click(await screen.findByRole("button", { name: "LINEアプリの外で開いているお知らせを閉じる" }));
    expect(screen.queryByTestId("outside-line-notice")).toBeNull();
    unmount();
    renderApp({ session: fakeSession({ inClient: false }) });
    await screen.findByRole("heading", { level: 1 });
    expect(screen.queryByTestId("outside-line-notice")).toBeNull();
  });

  it("shows nothing inside the LINE app", async () => {
    stubBff(() => json(linkedMe));
    renderApp();
    await screen.findByRole("heading", { level: 1, name: "山田 太郎さん、こんにちは" });
    expect(screen.queryByTestId("outside-line-notice")).toBeNull();
  });
});
