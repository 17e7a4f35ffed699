import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { readTrackedToken } from "../../bff/console/tracked-links.ts";
import { runRichMenuCli } from "../../bff/richmenu/cli.ts";
import { prepareRichMenus } from "../../bff/richmenu/commands.ts";
import { DEFAULT_CONFIG_PATH } from "../../bff/richmenu/cli.ts";
import { configDigest, RichMenuExport } from "../../bff/richmenu/export-format.ts";
import { DEFAULT_EXPORT_PATH } from "../../bff/richmenu/export.ts";
import { TEST_LIFF_ID, testConfig, writeConfig } from "./config-fixtures.ts";

// `npm run richmenu -- export`: the menus the console shows and applies, rendered where resvg
// runs; app and URL areas go through tracked links when the Worker's secret and origin are given.

const secret = randomBytes(32).toString("base64");
const origin = "https://shop-bff.example";
const fastConfig = () => ({ ...testConfig(), theme: { systemFonts: false } });

async function exportOf(config: unknown, env: Record<string, string>) {
  const configPath = writeConfig(config);
  const out = join(dirname(configPath), "export.json");
  const lines: string[] = [];
  const code = await runRichMenuCli(["export", "--config", configPath, "--out", out], {
    env,
    out: (line) => lines.push(line),
    err: (line) => lines.push(line),
  });
  expect({ code, lines }).toMatchObject({ code: 0 });
  return { data: RichMenuExport.parse(JSON.parse(readFileSync(out, "utf8"))), lines };
}

describe("npm run richmenu -- export", () => {
  it("writes each menu's LINE object and image, with untracked links when the secret and origin are missing", async () => {
    const { data, lines } = await exportOf(fastConfig(), { LIFF_ID: TEST_LIFF_ID });
    expect(data.tracked).toBe(false);
    expect(data.liffId).toBe(TEST_LIFF_ID);
    expect(data.configSha256).toBe(await configDigest(fastConfig()));
    expect(data.menus.map((menu) => menu.key)).toEqual(["unlinked", "linked", "linked-news"]);
    const linked = data.menus.find((menu) => menu.key === "linked")!;
    expect(linked.richMenu.areas.map((area) => area.action)).toContainEqual({
      type: "uri",
      label: "会員証",
      uri: `https://liff.line.me/${TEST_LIFF_ID}/card`,
    });
    expect(linked.areas.every((area) => area.sourceId === null)).toBe(true);
    expect(Buffer.from(linked.image.base64, "base64").subarray(1, 4).toString()).toBe("PNG");
    expect(lines.join("\n")).toContain("links not tracked");
  });

  it("sends app and URL areas through tracked links named <menu>:<area>, leaving other actions alone", async () => {
    const { data } = await exportOf(fastConfig(), { LIFF_ID: TEST_LIFF_ID, MEMBER_CARD_SECRET: secret, BFF_PUBLIC_URL: origin });
    expect(data.tracked).toBe(true);
    const linked = data.menus.find((menu) => menu.key === "linked")!;
    // Two tab switches come first, then the three buttons.
    const [, , card, , shop] = linked.richMenu.areas.map((area) => area.action);
    expect(card?.type === "uri" && card.uri.startsWith(`${origin}/t/`)).toBe(true);
    const token = (uri: string) => uri.slice(`${origin}/t/`.length);
    expect(card?.type === "uri" ? await readTrackedToken(secret, token(card.uri)) : null).toEqual({
      kind: "richmenu",
      sourceId: "linked:0",
      target: `https://liff.line.me/${TEST_LIFF_ID}/card`,
    });
    expect(shop?.type === "uri" ? await readTrackedToken(secret, token(shop.uri)) : null).toMatchObject({
      sourceId: "linked:2",
      target: "https://shop.example/",
    });
    expect(linked.areas.map((area) => area.sourceId)).toEqual(["linked:0", "linked:1", "linked:2"]);
    const news = data.menus.find((menu) => menu.key === "linked-news")!;
    expect(news.areas.map((area) => area.sourceId)).toEqual([null, null]);
    // Tracked links are part of what LINE shows: the menu gets another name, so apply replaces it.
    const untracked = await prepareRichMenus({ configPath: writeConfig(fastConfig()), liffId: TEST_LIFF_ID });
    expect(untracked.desired.find((menu) => menu.key === "linked")!.name).not.toBe(linked.name);
  });
});

describe("the committed export (bff/richmenu/richmenu.export.json)", () => {
  it("was made from the committed config: after changing it, run npm run richmenu -- export", async () => {
    const committed = RichMenuExport.parse(JSON.parse(readFileSync(DEFAULT_EXPORT_PATH, "utf8")));
    const config: unknown = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, "utf8"));
    expect(committed.configSha256).toBe(await configDigest(config));
  });
});
