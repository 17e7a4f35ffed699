// @vitest-environment node
import { describe, expect, it } from "vitest";
import { chooseLanguage } from "../../../liff-app/lib/language.ts";

describe("chooseLanguage", () => {
  it.each([
    ["ja", "ja"],
    ["ja-JP", "ja"],
    ["JA", "ja"],
    ["en", "en"],
    ["en-US", "en"],
    ["zh-TW", "en"],
    ["th", "en"],
  ] as const)("maps the LINE app language %s to %s", (appLanguage, expected) => {
    expect(chooseLanguage({ stored: null, appLanguage })).toBe(expected);
  });

  it("uses English when the app language is unknown", () => {
    expect(chooseLanguage({ stored: null, appLanguage: null })).toBe("en");
    expect(chooseLanguage({ stored: null, appLanguage: "" })).toBe("en");
  });

  it("prefers the user's stored choice over the app language", () => {
    expect(chooseLanguage({ stored: "en", appLanguage: "ja" })).toBe("en");
    expect(chooseLanguage({ stored: "ja", appLanguage: "en-US" })).toBe("ja");
  });

  it("ignores a stored value that is not a supported language", () => {
    expect(chooseLanguage({ stored: "fr", appLanguage: "ja-JP" })).toBe("ja");
  });
});
