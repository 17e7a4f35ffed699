import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "../../../liff-app/app/app.tsx";
import { flashNoticeState } from "../../../liff-app/lib/flash-notice.ts";
import { unlinkedMe } from "../fixtures.ts";
import { fakeSession, json, routeBff } from "../render-app.tsx";

/** The app booting on an entry whose history state carries a notice, as after navigate(…, { state }). */
function bootWithHistoryState(state: unknown) {
  history.replaceState(state, "", "/");
  return render(<App session={fakeSession()} tellsLanguageAtStart={false} />);
}

function bff() {
  return routeBff({
    "GET /api/me": () => json(unlinkedMe),
    "GET /api/link/rich-menu": () => json({ menu: "default", state: "applied" }),
  });
}

const unlinkedEntry = {
  usr: { ...flashNoticeState({ kind: "unlinked", richMenu: "pending" }), from: "settings" },
  key: "k1",
  idx: 0,
};

describe("flash notice", () => {
  it("shows once: the history entry loses it, so a reload shows nothing", async () => {
    bff();
    const first = bootWithHistoryState(unlinkedEntry);

    const notice = await screen.findByTestId("flash-notice");
    expect(notice.textContent).toContain("解除しました");
    await waitFor(() => expect((history.state as { usr: unknown }).usr).toEqual({ from: "settings" }));
    // Still on screen, its menu line still answering the BFF's polls.
    await waitFor(() => expect(within(notice).getByTestId("rich-menu-status").dataset.state).toBe("applied"));
    expect(screen.getByTestId("flash-notice")).toBe(notice);

    // A reload: the app boots again on the same entry, whose state the browser kept.
    const kept: unknown = history.state;
    act(() => first.unmount());
    bootWithHistoryState(kept);
    await screen.findByRole("heading", { level: 1 });
    expect(screen.queryByTestId("flash-notice")).toBeNull();
  });

  it("goes when dismissed", async () => {
    bff();
    bootWithHistoryState(unlinkedEntry);
    const notice = await screen.findByTestId("flash-notice");
    await userEvent.click(within(notice).getByRole("button", { name: "閉じる" }));
    expect(screen.queryByTestId("flash-notice")).toBeNull();
  });

  it("leaves when the user navigates away", async () => {
    bff();
    bootWithHistoryState(unlinkedEntry);
    await screen.findByTestId("flash-notice");
    await waitFor(() => expect((history.state as { usr: unknown }).usr).toEqual({ from: "settings" }));
    act(() => {
      history.pushState(null, "", "/");
      dispatchEvent(new PopStateEvent("popstate"));
    });
    await waitFor(() => expect(screen.queryByTestId("flash-notice")).toBeNull());
  });
});
