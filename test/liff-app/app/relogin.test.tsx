import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { errorBody, linkedMe } from "../fixtures.ts";
import { fakeSession, json, renderApp, renderAppInLine, stubBff } from "../render-app.tsx";

const unauthorized = () => json(errorBody("unauthorized", "token expired"), 401);

describe("401 → re-login", () => {
  it("re-logs in once and shows the member when the fresh token is accepted", async () => {
    const fetchMock = stubBff(unauthorized, () => json(linkedMe));
    const { session } = renderApp();

    expect((await screen.findByTestId("points-balance")).textContent).toBe("1,280 pt");
    expect(session.relogin).toHaveBeenCalledTimes(1);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("inside LINE, reloads the page to re-log in, and the reloaded app shows the member", async () => {
    const fetchMock = stubBff(unauthorized, () => json(linkedMe));
    const { sessions } = renderAppInLine();

    expect((await screen.findByTestId("points-balance")).textContent).toBe("1,280 pt");
    expect(sessions).toHaveLength(2);
    expect(sessions[0].relogin).toHaveBeenCalledTimes(1);
    expect(sessions[1].relogin).not.toHaveBeenCalled();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("inside LINE, reloads once, not in a loop, when the BFF keeps answering 401", async () => {
    const fetchMock = stubBff(unauthorized);
    const { sessions } = renderAppInLine();

    expect((await screen.findByRole("alert")).textContent).toContain("ログインの有効期限が切れました");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sessions).toHaveLength(2);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("re-logs in exactly once, not in a loop, when the BFF keeps answering 401", async () => {
    const fetchMock = stubBff(unauthorized);
    const { session } = renderApp();

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("ログインの有効期限が切れました");
    // Give a would-be loop room to show itself.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(session.relogin).toHaveBeenCalledTimes(1);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("does not re-log in automatically again within five minutes, even after a reload", async () => {
    sessionStorage.setItem("liff-app:last-relogin-at", String(Date.now() - 60_000));
    const fetchMock = stubBff(unauthorized);
    const { session } = renderApp();

    await screen.findByRole("button", { name: "ログインし直す" });
    expect(session.relogin).not.toHaveBeenCalled();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("lets the user force a re-login from the session-expired message", async () => {
    sessionStorage.setItem("liff-app:last-relogin-at", String(Date.now()));
    stubBff(unauthorized, () => json(linkedMe));
    const { session } = renderApp();

    await userEvent.click(await screen.findByRole("button", { name: "ログインし直す" }));

    expect((await screen.findByTestId("points-balance")).textContent).toBe("1,280 pt");
    expect(session.relogin).toHaveBeenCalledTimes(1);
  });

  it("says it is logging in again while LINE Login takes over the page", async () => {
    stubBff(unauthorized);
    const session = fakeSession({ relogin: vi.fn(async () => "redirecting" as const) });
    renderApp({ session });

    await waitFor(() => expect(screen.getByRole("status", { busy: true }).textContent).toBe("ログインし直しています…"));
    expect(session.relogin).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole("button", { name: "ログインし直す" })).toBeNull();
  });
});
