import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { linkedMe } from "../../fixtures.ts";
import { fakeSession, json, renderApp, stubBff } from "../../render-app.tsx";

describe("friendship banner", () => {
  it("offers to add the official account when the user is not a friend", async () => {
    vi.stubEnv("VITE_LINE_OA_ID", "@komorebi-dev");
    stubBff(() => json(linkedMe));
    renderApp({ session: fakeSession({ getFriendship: vi.fn(async () => false) }) });

    const banner = await screen.findByRole("complementary", { name: "公式アカウントを友だち追加してください" });
    expect(banner.textContent).toContain("会員用のメニューやお知らせ");
    expect(screen.getByRole("link", { name: "友だち追加する" }).getAttribute("href")).toBe(
      "https://line.me/R/ti/p/%40komorebi-dev",
    );
  });

  it("can be dismissed, and stays away on the next visit", async () => {
    vi.stubEnv("VITE_LINE_OA_ID", "@komorebi-dev");
    stubBff(() => json(linkedMe));
    const session = fakeSession({ getFriendship: vi.fn(async () => false) });
    const { unmount } = renderApp({ session });

    await userEvent.click(await screen.findByRole("button", { name: "友だち追加のお知らせを閉じる" }));
    expect(screen.queryByTestId("friendship-banner")).toBeNull();

    unmount();
    renderApp({ session });
    await screen.findByTestId("points-balance");
    expect(screen.queryByTestId("friendship-banner")).toBeNull();
  });

  it("uses LINE's add-friend dialog where available, then asks again", async () => {
    stubBff(() => json(linkedMe));
    const getFriendship = vi.fn<() => Promise<boolean | null>>().mockResolvedValueOnce(false).mockResolvedValue(true);
    const requestFriendship = vi.fn(async () => {});
    renderApp({ session: fakeSession({ getFriendship, requestFriendship }) });

    await userEvent.click(await screen.findByRole("button", { name: "友だち追加する" }));

    expect(requestFriendship).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByTestId("friendship-banner")).toBeNull());
    expect(getFriendship).toHaveBeenCalledTimes(2);
  });

  it.each([
    ["a friend", true],
    ["unknown (no profile scope)", null],
  ])("shows nothing when the user is %s", async (_, friendship) => {
    vi.stubEnv("VITE_LINE_OA_ID", "@komorebi-dev");
    stubBff(() => json(linkedMe));
    const getFriendship = vi.fn(async () => friendship);
    renderApp({ session: fakeSession({ getFriendship }) });

    await screen.findByTestId("points-balance");
    await waitFor(() => expect(getFriendship).toHaveBeenCalled());
    expect(screen.queryByTestId("friendship-banner")).toBeNull();
  });

  it("shows nothing when there is no way to add the account (no dialog, no account id)", async () => {
    stubBff(() => json(linkedMe));
    const getFriendship = vi.fn(async () => false);
    renderApp({ session: fakeSession({ getFriendship }) });

    await screen.findByTestId("points-balance");
    await waitFor(() => expect(getFriendship).toHaveBeenCalled());
    expect(screen.queryByTestId("friendship-banner")).toBeNull();
  });
});
