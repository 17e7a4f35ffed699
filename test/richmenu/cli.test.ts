import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnvFile, resolveSettings, runRichMenuCli } from "../../bff/richmenu/cli.ts";
import { writeDevFakesFile } from "../../bff/richmenu/dev.ts";
import { startLocalFakes, type LocalFakes } from "../fakes/index.ts";
import { TEST_LIFF_ID, testConfig, writeConfig } from "./config-fixtures.ts";

let fakes: LocalFakes;
let directory: string;

beforeAll(async () => {
  fakes = await startLocalFakes();
  directory = mkdtempSync(join(tmpdir(), "richmenu-cli-"));
});
afterAll(() => fakes.close());

/** The test config without system fonts: fast, and the same on every machine. */
function cliConfig(name: string) {
  return { ...testConfig(), name, theme: { systemFonts: false } };
}

async function run(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRichMenuCli([...argv, "--ledger", join(directory, "ledger.json")], {
    env,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function envFile(): string {
  const path = join(directory, ".dev.vars");
  writeFileSync(
    path,
    [
      "# LINE (the fake)",
      `LINE_CHANNEL_ACCESS_TOKEN="${fakes.channelAccessToken}"`,
      `export LINE_API_BASE=${fakes.line.url}`,
      `LINE_API_DATA_BASE='${fakes.line.url}'`,
      `LIFF_ID=${TEST_LIFF_ID}   # the test LIFF app`,
    ].join("\n"),
  );
  return path;
}

describe("richmenu CLI", () => {
  it("plan shows what apply creates, apply makes it so, and plan then has nothing to change", async () => {
    const args = ["--config", writeConfig(cliConfig("cli")), "--env-file", envFile(), "--allow-missing-glyphs"];
    const planned = await run(["plan", ...args]);
    expect(planned.code).toBe(0);
    expect(planned.out).toMatch(/^Rich menus of "cli" on http:\/\/127\.0\.0\.1:\d+ \(plan, nothing written\):/);
    expect(planned.out).toMatch(/create {3}cli:unlinked:[0-9a-f]{12} {2}\(1200×405 PNG, \d+ kB, rendered\)/);
    expect(planned.out).toContain("alias    linked → new linked menu (new alias)");
    expect(planned.out).toContain("default  unlinked → new unlinked menu (was none)");
    expect(planned.out).toMatch(/7 changes; run apply to make them\.$/);

    const applied = await run(["apply", ...args]);
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/done: create {3}cli:linked-news:/);
    expect(applied.out).toMatch(/Applied 7 changes\.$/);

    const again = await run(["plan", ...args]);
    expect(again.out).toMatch(/keep {5}cli:linked:[0-9a-f]{12} {2}richmenu-[0-9a-f]{32}/);
    expect(again.out).toMatch(/Nothing to change\.$/);
  });

  it("with --dev reaches the fakes of npm run dev, and apply --resync links the merchant's linked members", async () => {
    const devFakes = join(directory, "dev-fakes.json");
    writeDevFakesFile(
      {
        lineUrl: fakes.line.url,
        channelAccessToken: fakes.channelAccessToken,
        merchantUrl: fakes.merchant.url,
        merchantApiKey: fakes.merchantApiKey,
        liffId: TEST_LIFF_ID,
      },
      devFakes,
    );
    const config = cliConfig("clidev");
    // --dev also reads .dev.vars; an empty file keeps a developer's own settings out of this test.
    const noSettings = join(directory, "empty.vars");
    writeFileSync(noSettings, "");
    const args = [
      "--config",
      writeConfig(config),
      "--dev",
      "--dev-fakes-file",
      devFakes,
      "--allow-missing-glyphs",
      "--env-file",
      noSettings,
    ];
    const applied = await run(["apply", "--resync", ...args]);
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/Linked \d+ members? to richmenu-[0-9a-f]{32} in 1 bulk call \(1 page from the merchant\)\.$/);

    config.menus.linked.areas[0].label = "デジタル会員証";
    const changed = await run(["apply", ...args.slice(0, 1), writeConfig(config), ...args.slice(2)]);
    expect(changed.out).toMatch(
      /stale {4}clidev:linked:[0-9a-f]{12} {2}richmenu-[0-9a-f]{32} \(kept; --delete-stale deletes it\)/,
    );
    expect(changed.out).toContain(
      "Members linked before this apply still see the previous linked menu: run resync to move them.",
    );
  });

  it("names the bad field of a config, and answers usage errors with exit code 2", async () => {
    const config = cliConfig("broken");
    config.menus.linked.areas[2].action = { type: "uri", uri: "http://shop.example/" };
    const invalid = await run(["plan", "--config", writeConfig(config), "--env-file", envFile()]);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain("menus.linked.areas[2].action.uri: must be https");

    expect((await run(["deploy"])).code).toBe(2);
    const noToken = await run(["plan", "--config", writeConfig(cliConfig("notoken"))]);
    expect([noToken.code, noToken.err]).toEqual([2, expect.stringMatching(/^LINE_CHANNEL_ACCESS_TOKEN is not set/)]);
    const noMerchant = await run(["resync", "--env-file", envFile()]);
    expect([noMerchant.code, noMerchant.err]).toEqual([
      2,
      expect.stringMatching(/^resync needs MERCHANT_API_BASE and MERCHANT_API_KEY/),
    ]);
    expect((await run(["--help"])).out).toMatch(/^Usage: tsx bff\/richmenu\/cli\.ts <plan\|apply\|resync\|export>/);
  });
});

describe("richmenu CLI › settings", () => {
  it("reads .dev.vars-style files: comments, export, quotes, trailing comments", () => {
    expect(parseEnvFile("# c\nexport A=1\nB=\"two words\"\nC='x#y'\nD=plain # note\n\nnot a line\n")).toEqual({
      A: "1",
      B: "two words",
      C: "x#y",
      D: "plain",
    });
  });

  it("defaults to LINE's hosts, and the environment wins over the env file", async () => {
    expect(resolveSettings({ LINE_CHANNEL_ACCESS_TOKEN: "token" })).toEqual({
      line: { apiBase: "https://api.line.me", dataApiBase: "https://api-data.line.me", channelAccessToken: "token" },
      liffId: undefined,
      merchant: undefined,
    });
    const fromEnvironment = await run(["plan", "--config", writeConfig(cliConfig("envwins")), "--env-file", envFile()], {
      LINE_CHANNEL_ACCESS_TOKEN: "not-the-fakes-token",
    });
    expect(fromEnvironment.code).toBe(1);
    expect(fromEnvironment.err).toMatch(/LINE answered 401 to getRichMenuList/);
  });

  it("--dev reaches the fake LINE platform of npm run dev, and resyncs from the merchant named in the settings", () => {
    const devFakes = {
      lineUrl: "http://127.0.0.1:9001",
      channelAccessToken: "fake-token",
      merchantUrl: "http://127.0.0.1:9002",
      merchantApiKey: "sandbox-key",
      liffId: "2000000000-devmock",
    };
    expect(resolveSettings({}, devFakes).merchant).toEqual({ apiBase: "http://127.0.0.1:9002", apiKey: "sandbox-key" });
    const own = resolveSettings({ MERCHANT_API_BASE: "https://own.example", MERCHANT_API_KEY: "own-key" }, devFakes);
    expect(own.merchant).toEqual({ apiBase: "https://own.example", apiKey: "own-key" });
    expect(own.line).toEqual({ apiBase: devFakes.lineUrl, dataApiBase: devFakes.lineUrl, channelAccessToken: "fake-token" });
  });
});
