import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { linkedMe } from "../fixtures.ts";
import { fakeSession, json, renderApp, stubBff } from "../render-app.tsx";

describe("language", () => {
  it("follows the LINE app language at first and sets <html lang>", async () => {
    stubBff(() => json(linkedMe));
    renderApp({ session: fakeSession({ appLanguage: "en-US" }) });

    await screen.findByRole("heading", { level: 1, name: "Hello, 山田 太郎" });
    expect(document.documentElement.lang).toBe("en");
    expect(screen.getByRole("button", { name: "English" }).getAttribute("aria-pressed")).toBe("true");
  });

  it("switches text, number formatting context and <html lang> from the header, and remembers it", async () => {
    stubBff(() => json(linkedMe));
    const { unmount } = renderApp({ session: fakeSession({ appLanguage: "ja" }) });
    await screen.findByRole("heading", { level: 1, name: "山田 太郎さん、こんにちは" });
    expect(document.documentElement.lang).toBe("ja");

    await userEvent.click(screen.getByRole("button", { name: "English" }));

    expect(screen.getByRole("heading", { level: 1, name: "Hello, 山田 太郎" })).toBeTruthy();
    expect(screen.getByText("Points balance")).toBeTruthy();
    expect(screen.getByTestId("points-balance").textContent).toBe("1,280 pt");
    expect(screen.getByRole("group", { name: "Language" })).toBeTruthy();
    expect(document.documentElement.lang).toBe("en");

    unmount();
    renderApp({ session: fakeSession({ appLanguage: "ja" }) });
    await screen.findByRole("heading", { level: 1, name: "Hello, 山田 太郎" });
  });

  it("switches back to Japanese", async () => {
    stubBff(() => json(linkedMe));
    renderApp({ session: fakeSession({ appLanguage: "en" }) });
    await screen.findByRole("heading", { level: 1, name: "Hello, 山田 太郎" });

    await userEvent.click(screen.getByRole("button", { name: "日本語" }));

    expect(screen.getByRole("heading", { level: 1, name: "山田 太郎さん、こんにちは" })).toBeTruthy();
    expect(document.documentElement.lang).toBe("ja");
  });
});
