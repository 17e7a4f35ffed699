import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PlanRefusedError, resyncLinkedMembers } from "../../bff/richmenu/apply.ts";
import { applyRichMenus, MissingGlyphsError, planRichMenuChanges, resyncRichMenus } from "../../bff/richmenu/commands.ts";
import { applyRichMenusToFakes } from "../../bff/richmenu/dev.ts";
import { memoryLedger, type RateLedger } from "../../bff/richmenu/ledger.ts";
import { createRichMenuApi, LineApiError, type RichMenuApi } from "../../bff/richmenu/line-api.ts";
import { changesOf } from "../../bff/richmenu/planner.ts";
import { startLocalFakes, type LocalFakes } from "../fakes/index.ts";
import { startFakeLinePlatform, type FakeLinePlatform, type RecordedCall } from "../fakes/line-platform.ts";
import { devPersona } from "../fakes/personas.ts";
import { TEST_LIFF_ID, testConfig, writeConfig } from "./config-fixtures.ts";

const channelAccessToken = "test-channel-access-token";
const noFonts = { loadSystemFonts: false };
let line: FakeLinePlatform;
let ledger: RateLedger;

beforeAll(async () => {
  line = await startFakeLinePlatform({ channelId: "2000000000", channelAccessToken });
});
afterAll(() => line.close());
beforeEach(() => {
  ledger = memoryLedger();
});

const channelOf = (platform: { url: string }) => ({ apiBase: platform.url, dataApiBase: platform.url, channelAccessToken });
const noWait = { sleep: async () => undefined };

/** Options for apply against `line` with a config of its own (so tests do not share menus). */
function toolOptions(config: unknown, overrides: Record<string, unknown> = {}) {
  return {
    configPath: writeConfig(config),
    line: channelOf(line),
    liffId: TEST_LIFF_ID,
    ledger,
    fonts: noFonts,
    allowMissingGlyphs: true,
    api: noWait,
    ...overrides,
  };
}

/** A config like the test config under its own name prefix. */
function namedConfig(name: string) {
  return { ...testConfig(), name };
}

interface DevView {
  defaultRichMenuId: string | null;
  menus: { richMenuId: string; name: string; aliases: string[]; hasImage: boolean }[];
  hourlyUsage: { create: number; delete: number; aliasDelete: number };
  personas: Record<string, { source: string; richMenuId: string; name: string } | null>;
}

async function devView(platform: { url: string } = line): Promise<DevView> {
  return (await fetch(`${platform.url}/__dev/richmenus/view`)).json() as Promise<DevView>;
}

async function recordedCalls(platform: { url: string } = line): Promise<RecordedCall[]> {
  return ((await (await fetch(`${platform.url}/__dev/calls`)).json()) as { calls: RecordedCall[] }).calls;
}

describe("rich menu apply › against the fake LINE platform", () => {
  it("on an empty channel creates every menu with its image, an alias per menu and the default; a second apply changes nothing", async () => {
    const options = toolOptions(namedConfig("first"));
    const first = await applyRichMenus(options);
    expect(first.plan.needs).toEqual({ create: 3, delete: 0, aliasDelete: 0 });
    const ids = first.result.richMenuIds;

    const view = await devView();
    const ours = view.menus.filter((menu) => menu.name.startsWith("first:"));
    expect(ours.map((menu) => [menu.name.split(":")[1], menu.aliases, menu.hasImage])).toEqual([
      ["unlinked", ["unlinked"], true],
      ["linked", ["linked"], true],
      ["linked-news", ["linked-news"], true],
    ]);
    expect(view.defaultRichMenuId).toBe(ids.unlinked);
    const switchTab = (await (
      await fetch(`${line.url}/v2/bot/richmenu/${ids.linked}`, { headers: { authorization: `Bearer ${channelAccessToken}` } })
    ).json()) as {
      areas: { action: unknown }[];
    };
    expect(switchTab.areas[1].action).toEqual({
      type: "richmenuswitch",
      label: "お知らせ",
      richMenuAliasId: "linked-news",
      data: "richmenu-tab=linked-news",
    });

    await fetch(`${line.url}/__dev/calls`, { method: "DELETE" });
    const second = await applyRichMenus(options);
    expect(changesOf(second.plan)).toEqual([]);
    expect(second.result.richMenuIds).toEqual(ids);
    expect((await recordedCalls()).filter((call) => call.method !== "GET")).toEqual([]);
    expect(ledger.usedThisHour().create).toBe(3);
  });

  it("for a changed label creates a new menu and repoints its alias; the old menu is deleted only with --delete-stale", async () => {
    const config = namedConfig("changed");
    const before = (await applyRichMenus(toolOptions(config))).result.richMenuIds;

    config.menus.linked.areas[0].label = "デジタル会員証";
    const changed = await applyRichMenus(toolOptions(config));
    expect(changesOf(changed.plan).map((action) => action.kind)).toEqual(["create-menu", "update-alias"]);
    expect(changed.plan.actions).toContainEqual(expect.objectContaining({ kind: "stale-menu", richMenuId: before.linked }));
    const after = changed.result.richMenuIds;
    expect(after.linked).not.toBe(before.linked);
    expect(after.unlinked).toBe(before.unlinked);
    const aliases = (await devView()).menus.filter((menu) => menu.aliases.includes("linked"));
    expect(aliases.map((menu) => menu.richMenuId)).toEqual([after.linked]);
    expect((await devView()).menus.map((menu) => menu.richMenuId)).toContain(before.linked);

    const cleaned = await applyRichMenus(toolOptions(config, { deleteStale: true }));
    expect(changesOf(cleaned.plan)).toEqual([
      { kind: "delete-menu", name: expect.stringMatching(/^changed:linked:/), richMenuId: before.linked },
    ]);
    expect((await devView()).menus.map((menu) => menu.richMenuId)).not.toContain(before.linked);
    expect(changesOf((await planRichMenuChanges(toolOptions(config, { deleteStale: true }))).plan)).toEqual([]);
  });

  it("finishes a menu an interrupted apply created without its image", async () => {
    const options = toolOptions(namedConfig("interrupted"));
    const { desired, api } = await planRichMenuChanges(options);
    const orphan = await api.createMenu(desired[0].richMenu);

    const { plan, result } = await applyRichMenus(options);
    expect(plan.actions[0]).toEqual({ kind: "upload-image", key: "unlinked", name: desired[0].name, richMenuId: orphan });
    expect(result.richMenuIds.unlinked).toBe(orphan);
    expect((await devView()).menus.find((menu) => menu.richMenuId === orphan)?.hasImage).toBe(true);
  });

  it("refuses before writing anything when the hour's creations would pass LINE's 100", async () => {
    for (let index = 0; index < 98; index++) ledger.record("create");
    const options = toolOptions(namedConfig("refused"));
    await expect(applyRichMenus(options)).rejects.toThrow(PlanRefusedError);
    expect((await devView()).menus.filter((menu) => menu.name.startsWith("refused:"))).toEqual([]);
  });

  it("refuses rendered menus whose labels no font can draw, unless told to allow it", async () => {
    await expect(applyRichMenus(toolOptions(namedConfig("glyphs"), { allowMissingGlyphs: false }))).rejects.toThrow(
      MissingGlyphsError,
    );
    expect((await devView()).menus.filter((menu) => menu.name.startsWith("glyphs:"))).toEqual([]);
  });
});

describe("rich menu apply › LINE's answers", () => {
  let limited: FakeLinePlatform;
  beforeEach(async () => {
    limited = await startFakeLinePlatform({ channelId: "2000000000", channelAccessToken });
  });
  afterEach(() => limited.close());

  const arm = (fault: Record<string, unknown>) =>
    fetch(`${limited.url}/__dev/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(fault),
    });

  it("retries LINE's 429 and 500 answers a bounded number of times", async () => {
    await arm({ mode: "rate_limit", times: 2, retryAfterSeconds: 1 });
    const retries: string[] = [];
    const options = toolOptions(namedConfig("retried"), {
      line: channelOf(limited),
      api: { ...noWait, onRetry: (_operation: string, status: number | null) => retries.push(String(status)) },
    });
    const { result } = await applyRichMenus(options);
    expect(retries).toEqual(["429", "429"]);
    expect(Object.keys(result.richMenuIds)).toHaveLength(3);

    await arm({ mode: "server_error" });
    const failure = await planRichMenuChanges(options).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LineApiError);
    expect((failure as LineApiError).status).toBe(500);
    expect(retries.filter((status) => status === "500").length).toBeGreaterThanOrEqual(3);
  });

  it("after a 500 to a creation, looks the menu up by name before creating it again", async () => {
    const options = toolOptions(namedConfig("once"), { line: channelOf(limited) });
    const { desired } = await planRichMenuChanges(options);
    const api = createRichMenuApi({ ...channelOf(limited), ...noWait });
    await arm({ mode: "server_error", times: 1 });
    const richMenuId = await api.createMenu(desired[0].richMenu);
    expect((await devView(limited)).menus.map((menu) => [menu.richMenuId, menu.name])).toEqual([[richMenuId, desired[0].name]]);
  });

  it("stops with LINE's reason when LINE's own hourly limit answers 429, instead of waiting an hour", async () => {
    const spend = Array.from({ length: 100 }, () =>
      fetch(`${limited.url}/v2/bot/richmenu`, {
        method: "POST",
        headers: { authorization: `Bearer ${channelAccessToken}` },
        body: "{}",
      }),
    );
    await Promise.all(spend);
    const failure = await applyRichMenus(toolOptions(namedConfig("limited"), { line: channelOf(limited) })).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(LineApiError);
    expect((failure as LineApiError).status).toBe(429);
    expect((failure as Error).message).toMatch(/createRichMenu: The API rate limit has been exceeded.*LINE asks to wait \d+ s/);
  });
});

describe("rich menu resync", () => {
  it("bulk-links members in calls of at most 500, across merchant pages of another size", async () => {
    const calls: number[] = [];
    const api = {
      aliasTarget: async () => "richmenu-linked",
      linkMenuToUsers: async (_id: string, userIds: string[]) => void calls.push(userIds.length),
    };
    const members = Array.from({ length: 1234 }, (_, index) => `U${index}`);
    const result = await resyncLinkedMembers(api as unknown as RichMenuApi, async (cursor) => {
      const start = Number(cursor ?? 0);
      return {
        lineUserIds: members.slice(start, start + 300),
        nextCursor: start + 300 < members.length ? String(start + 300) : null,
      };
    });
    expect(calls).toEqual([500, 500, 234]);
    expect(result).toEqual({ richMenuId: "richmenu-linked", pages: 5, members: 1234, bulkLinkCalls: 3 });
  });

  describe("end to end, with the sandbox merchant", () => {
    let fakes: LocalFakes;
    beforeAll(async () => {
      fakes = await startLocalFakes();
    });
    afterAll(() => fakes.close());

    it("links every member linked at the merchant to the linked menu; other friends keep the default", async () => {
      const registered = Array.from({ length: 3 }, () => `U${randomBytes(16).toString("hex")}`);
      for (const lineUserId of registered) {
        const response = await fetch(`${fakes.merchant.url}/v1/members`, {
          method: "POST",
          headers: { authorization: `Bearer ${fakes.merchantApiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ lineUserId, profile: { name: "テスト" }, consents: { terms: true, marketingMessages: false } }),
        });
        expect(response.status).toBe(201);
      }
      const lineChannel = { apiBase: fakes.line.url, dataApiBase: fakes.line.url, channelAccessToken: fakes.channelAccessToken };
      const merchant = { apiBase: fakes.merchant.url, apiKey: fakes.merchantApiKey };
      await expect(resyncRichMenus({ line: lineChannel, merchant })).rejects.toThrow(/no "linked" rich menu alias yet/);

      const { result } = await applyRichMenus({ ...toolOptions(testConfig()), line: lineChannel });
      const resync = await resyncRichMenus({ line: lineChannel, merchant, pageSize: 2 });
      expect(resync.richMenuId).toBe(result.richMenuIds.linked);
      expect(resync.members).toBeGreaterThanOrEqual(4);
      expect(resync.bulkLinkCalls).toBe(1);

      const view = await devView(fakes.line);
      expect(view.personas[devPersona("linked").lineUserId]).toMatchObject({
        source: "user",
        richMenuId: result.richMenuIds.linked,
      });
      expect(view.personas[devPersona("unlinked").lineUserId]).toMatchObject({
        source: "default",
        richMenuId: result.richMenuIds.unlinked,
      });
      const bulk = (await recordedCalls(fakes.line)).filter((call) => call.path === "/v2/bot/richmenu/bulk/link");
      expect(bulk).toHaveLength(1);
      expect((bulk[0].body as { userIds: string[] }).userIds).toEqual(
        expect.arrayContaining([...registered, devPersona("linked").lineUserId]),
      );
    });

    it("applyRichMenusToFakes (npm run dev) applies the config and gives linked personas the linked menu, and never throws", async () => {
      const logs: string[] = [];
      const applied = await applyRichMenusToFakes({
        lineUrl: fakes.line.url,
        channelAccessToken: fakes.channelAccessToken,
        liffId: TEST_LIFF_ID,
        merchantUrl: fakes.merchant.url,
        merchantApiKey: fakes.merchantApiKey,
        configPath: writeConfig(namedConfig("dev")),
        fonts: noFonts,
        log: (entry) => logs.push(entry),
      });
      expect(applied).toBe(true);
      expect(logs[0]).toMatch(/^\[rich menus\] \d+ changes applied to the fake LINE platform \(no Japanese font found/);
      const view = await devView(fakes.line);
      expect(view.personas[devPersona("linked").lineUserId]?.name).toMatch(/^dev:linked:/);
      expect(view.personas[devPersona("staff").lineUserId]?.name).toMatch(/^dev:unlinked:/);

      const broken = await applyRichMenusToFakes({
        lineUrl: fakes.line.url,
        channelAccessToken: fakes.channelAccessToken,
        liffId: TEST_LIFF_ID,
        configPath: writeConfig({ name: "broken", menus: {} }),
        log: (entry) => logs.push(entry),
      });
      expect(broken).toBe(false);
      expect(logs.at(-1)).toMatch(/not applied to the fakes: .*menus: must have a menu "unlinked"/s);
    });
  });
});

describe("rich menu API client", () => {
  it("treats a 404 on alias lookup and on delete as an answer, not a failure", async () => {
    const api = createRichMenuApi({ ...channelOf(line), ...noWait });
    expect(await api.aliasTarget("no-such-alias")).toBeNull();
    await expect(api.deleteMenu("richmenu-00000000000000000000000000000000")).resolves.toBeUndefined();
    await expect(api.createAlias("no-menu", "richmenu-00000000000000000000000000000000")).rejects.toThrow(/richmenu not found/);
  });
});
