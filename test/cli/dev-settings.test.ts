import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decideDevMode, devHookSecret, loadSettings } from "../../bff/cli/dev-settings.ts";

// What `npm run dev` runs, decided from the environment and .dev.vars, and read the same way by
// `npm run richmenu:dev`, `npm run deliveries` and `npm run doctor`.
const generated = () => "generated-hook-secret";

describe("dev settings", () => {
  it("the environment wins over .dev.vars, and an empty environment value does not hide the file's", () => {
    const directory = mkdtempSync(join(tmpdir(), "dev-settings-"));
    const file = join(directory, ".dev.vars");
    writeFileSync(file, 'MERCHANT_API_BASE=https://file.example\nMERCHANT_API_KEY="file key"\nOPS_TOKEN=file-token\n');
    const settings = loadSettings({ env: { MERCHANT_API_BASE: "https://env.example", OPS_TOKEN: "" }, envFile: file });
    expect(settings.MERCHANT_API_BASE).toBe("https://env.example");
    expect(settings.MERCHANT_API_KEY).toBe("file key");
    expect(settings.OPS_TOKEN).toBe("file-token");
  });

  it("a missing .dev.vars is no settings, not an error", () => {
    expect(loadSettings({ env: {}, envFile: join(tmpdir(), "no-such-dir-here", ".dev.vars") })).toEqual({});
  });

  it("runs the sandbox merchant when no MERCHANT_API_BASE is set", () => {
    expect(decideDevMode({ MERCHANT_API_KEY: "k" }, generated)).toEqual({ kind: "sandbox" });
  });

  it("LOCAL_FAKES=off starts no fakes at all", () => {
    expect(decideDevMode({ LOCAL_FAKES: "off", MERCHANT_API_BASE: "https://m.example" }, generated)).toEqual({
      kind: "no-fakes",
    });
  });

  it("with MERCHANT_API_BASE it runs the fake LINE platform in front of that merchant, with its settings", () => {
    const mode = decideDevMode(
      {
        MERCHANT_API_BASE: "https://m.example/api/",
        MERCHANT_API_KEY: "key",
        MERCHANT_HOOK_SECRET: "shared",
        MERCHANT_ACCOUNT_LINK_URL: "https://m.example/login",
      },
      generated,
    );
    expect(mode).toEqual({
      kind: "own-merchant",
      warnings: [],
      merchant: {
        apiBase: "https://m.example/api",
        apiKey: "key",
        hookSecret: "shared",
        hookSecretGenerated: false,
        accountLinkUrl: "https://m.example/login",
        accountLinkUrlAssumed: false,
      },
    });
  });

  it("generates the hook secret when none is set, and assumes the login page path, saying so", () => {
    const mode = decideDevMode({ MERCHANT_API_BASE: "http://localhost:9000", MERCHANT_API_KEY: "key" }, generated);
    expect(mode.kind === "own-merchant" && mode.merchant).toMatchObject({
      hookSecret: "generated-hook-secret",
      hookSecretGenerated: true,
      accountLinkUrl: "http://localhost:9000/line/account-link",
      accountLinkUrlAssumed: true,
    });
  });

  it("refuses to start without the merchant key or with a base that is not a URL, naming each", () => {
    const mode = decideDevMode({ MERCHANT_API_BASE: "merchant.example" }, generated);
    expect(mode.kind).toBe("invalid");
    expect(mode.kind === "invalid" && mode.problems.join("\n")).toMatch(
      /MERCHANT_API_BASE must be an http\(s\) URL[\s\S]*MERCHANT_API_KEY is not set/,
    );
  });

  it("warns when .dev.vars overrides what the fake LINE platform provides", () => {
    const mode = decideDevMode({ MERCHANT_API_BASE: "https://m.example", MERCHANT_API_KEY: "k", LIFF_ID: "1-x" }, generated);
    expect(mode.kind === "own-merchant" && mode.warnings).toEqual([expect.stringContaining("LIFF_ID is set")]);
  });

  it("keeps a generated hook secret across restarts, so the merchant is configured once", () => {
    const path = join(mkdtempSync(join(tmpdir(), "dev-settings-")), "hook-secret");
    const first = devHookSecret(path);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(devHookSecret(path)).toBe(first);
    expect(readFileSync(path, "utf8").trim()).toBe(first);
  });
});
