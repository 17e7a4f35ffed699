import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { RouteErrorBoundary } from "../../../liff-app/components/route-error-boundary.tsx";
import { I18nProvider } from "../../../liff-app/lib/i18n.tsx";
import { errorBody } from "../fixtures.ts";
import { fakeSession, json, renderApp, sentRequests, stubBff } from "../render-app.tsx";

const merchantDown = () => json(errorBody("upstream_unavailable"), 502);

describe("a failing merchant", () => {
  it("gives home one alert", async () => {
    stubBff(merchantDown);
    renderApp({ path: "/" });
    await screen.findByRole("alert");
    await waitFor(() => expect(screen.getAllByRole("alert")).toHaveLength(1));
  });

  it("gives points one alert for the balance and the history, whose retry asks for both", async () => {
    const fetchMock = stubBff(merchantDown);
    renderApp({ path: "/points" });
    await waitFor(() => expect(screen.getAllByRole("alert")).toHaveLength(1));
    // Both have failed by now: one panel stands for both.
    await waitFor(() =>
      expect(new Set(sentRequests(fetchMock).map((r) => r.route))).toEqual(
        new Set(["GET /api/points", "GET /api/points/history"]),
      ),
    );
    expect(screen.queryByTestId("points-balance-panel")).toBeNull();
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("お店のシステムにつながりませんでした");
    expect(within(alert).getAllByTestId("retry-button")).toHaveLength(1);
    const before = sentRequests(fetchMock).length;

    await userEvent.click(within(alert).getByTestId("retry-button"));

    await waitFor(() =>
      expect(
        sentRequests(fetchMock)
          .slice(before)
          .map((r) => r.route)
          .sort(),
      ).toEqual(["GET /api/points", "GET /api/points/history"]),
    );
    await waitFor(() => expect(screen.getAllByRole("alert")).toHaveLength(1));
  });
});

describe("no connection", () => {
  it("says so with a retry, in English too", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      stubBff(() => Promise.reject(new TypeError("Failed to fetch")));
      renderApp({ path: "/points", session: fakeSession({ appLanguage: "en" }) });
      await vi.advanceTimersByTimeAsync(1000); // the one quiet retry of a request without an answer

      await waitFor(() => expect(screen.getAllByRole("alert")).toHaveLength(1));
      const alert = screen.getByRole("alert");
      expect(alert.textContent).toContain("No connection");
      expect(alert.textContent).not.toContain("Something went wrong");
      expect(within(alert).getByRole("button", { name: "Retry" })).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("a screen whose code cannot be fetched", () => {
  it("says there is no connection when the phone is offline", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    try {
      render(
        <I18nProvider initialLanguage="en">
          <RouteErrorBoundary>
            <Crash error={new TypeError("Failed to fetch dynamically imported module: /assets/points-screen.js")} />
          </RouteErrorBoundary>
        </I18nProvider>,
      );
      const alert = await screen.findByRole("alert");
      expect(alert.textContent).toContain("No connection");
      expect(within(alert).getByTestId("retry-button")).toBeTruthy();
    } finally {
      vi.restoreAllMocks();
    }
  });
});

function Crash({ error }: { error: Error }): never {
  throw error;
}
