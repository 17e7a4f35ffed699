import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { linkedMe } from "../fixtures.ts";
import { json, renderApp, stubBff } from "../render-app.tsx";

describe("routes", () => {
  it("shows a not-found screen with a link home for an unknown path", async () => {
    stubBff(() => json(linkedMe));
    renderApp({ path: "/no-such-page" });

    expect(screen.getByRole("heading", { level: 1, name: "ページが見つかりません" })).toBeTruthy();
    await userEvent.click(screen.getByRole("link", { name: "ホームへ戻る" }));

    expect(await screen.findByTestId("points-balance")).toBeTruthy();
    expect(location.pathname).toBe("/");
  });

  it("has header and main landmarks", () => {
    stubBff(() => json(linkedMe));
    renderApp();

    expect(screen.getByRole("banner")).toBeTruthy();
    expect(screen.getByRole("main")).toBeTruthy();
  });
});
