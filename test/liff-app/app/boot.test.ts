import { afterEach, describe, expect, it, vi } from "vitest";
import { applyLiffStateDeepLink } from "../../../liff-app/app/boot.ts";

const openAt = (pathAndQuery: string) => history.replaceState(null, "", pathAndQuery);

afterEach(() => {
  vi.restoreAllMocks();
  openAt("/");
});

describe("applyLiffStateDeepLink", () => {
  it("moves to the deep link's path", () => {
    openAt(`/?liff.state=${encodeURIComponent("/orders/42?tab=items")}`);
    applyLiffStateDeepLink();
    expect(`${location.pathname}${location.search}`).toBe("/orders/42?tab=items");
  });

  it("stays on the app, without throwing, for /..//evil.example", () => {
    openAt(`/?liff.state=${encodeURIComponent("/..//evil.example")}`);
    expect(() => applyLiffStateDeepLink()).not.toThrow();
    expect(location.origin).toBe(window.origin);
    expect(location.pathname).toBe("/");
  });

  it("never throws when the browser refuses the new URL", () => {
    openAt(`/?liff.state=${encodeURIComponent("/card")}`);
    vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(history, "replaceState").mockImplementation(() => {
      throw new DOMException("refused", "SecurityError");
    });
    expect(() => applyLiffStateDeepLink()).not.toThrow();
  });
});
