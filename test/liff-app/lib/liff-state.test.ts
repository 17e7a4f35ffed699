// @vitest-environment node
import { describe, expect, it } from "vitest";
import { resolveLiffStateDeepLink } from "../../../liff-app/lib/liff-state.ts";

const at = (search: string) => new URL(`https://app.example.com/${search}`);
const withState = (state: string) => at(`?liff.state=${encodeURIComponent(state)}`);

describe("resolveLiffStateDeepLink", () => {
  it("returns the path a liff.state deep link points at", () => {
    expect(resolveLiffStateDeepLink(withState("/member-card"))).toBe("/member-card");
  });

  it("keeps the deep link's query and hash", () => {
    expect(resolveLiffStateDeepLink(withState("/orders/42?tab=items#top"))).toBe("/orders/42?tab=items#top");
  });

  it("returns null when the URL has no liff.state", () => {
    expect(resolveLiffStateDeepLink(at("?foo=bar"))).toBeNull();
    expect(resolveLiffStateDeepLink(at(""))).toBeNull();
    expect(resolveLiffStateDeepLink(at("?liff.state="))).toBeNull();
  });

  it.each([
    ["a protocol-relative URL", "//evil.com/phish"],
    ["a backslash protocol-relative URL", "/\\evil.com"],
    ["an absolute URL", "https://evil.com/"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a data: URL", "data:text/html,hi"],
    ["a relative path without a leading slash", "member-card"],
    ["a query-only state", "?x=1"],
    ["a path with a control character", "/a\nb"],
  ])("rejects %s", (_what, state) => {
    expect(resolveLiffStateDeepLink(withState(state))).toBeNull();
  });

  it("normalizes dot segments without leaving the origin", () => {
    expect(resolveLiffStateDeepLink(withState("/a/../../b"))).toBe("/b");
  });
});

describe("resolveLiffStateDeepLink after normalisation", () => {
  it.each([
    ["dot segments that end protocol-relative", "/..//evil.example"],
    ["encoded dot segments that end protocol-relative", "/.%2e//evil.example/x"],
    ["a single dot segment before a double slash", "/.//evil.example"],
    ["dot segments deeper down", "/a/b/../../..//evil.example?x=1"],
  ])("rejects %s", (_what, state) => {
    expect(resolveLiffStateDeepLink(withState(state))).toBeNull();
  });

  it("returns only paths the browser resolves to this origin", () => {
    for (const state of ["/card", "/a/../card", "/./orders/42?x=1#y", "/%2F%2Fevil.example"]) {
      const path = resolveLiffStateDeepLink(withState(state));
      expect(path).not.toBeNull();
      expect(new URL(path!, "https://app.example.com").origin).toBe("https://app.example.com");
    }
  });
});
