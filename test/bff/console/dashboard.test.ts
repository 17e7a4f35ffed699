import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  countMerchantLinks,
  MERCHANT_LINK_PAGES_PER_TICK,
  readDashboard,
  recordAppPlacement,
  runDashboardJob,
  takeDailySnapshot,
} from "../../../bff/console/dashboard.ts";
import { createLogger } from "../../../bff/lib/log.ts";
import { createMerchantClient } from "../../../bff/merchant/client.ts";
import { ConsoleDashboardResponse } from "../../../shared/api.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { callBff, freshLineUserId, mintIdToken } from "../helpers.ts";

// The dashboard's numbers from seeded D1 rows. "Now" is 12:00 on 10 December 2026 in Japan
// (03:00 UTC); every daily bucket is a Japan day.

const NOW = Date.parse("2026-12-10T03:00:00Z");
const at = (iso: string) => Date.parse(iso);

async function clear() {
  await env.DB.batch(
    [
      "DELETE FROM line_friends",
      "DELETE FROM member_links",
      "DELETE FROM link_events",
      "DELETE FROM console_daily_stats",
      "DELETE FROM message_counts",
      "DELETE FROM job_state WHERE name = 'line_quota'",
      "DELETE FROM app_placements",
      "DELETE FROM job_state WHERE name IN ('merchant_link_count', 'merchant_links_total')",
    ].map((sql) => env.DB.prepare(sql)),
  );
}

async function friend(followedAt: number | null, blockedAt?: number) {
  const id = freshLineUserId();
  await env.DB.prepare(
    "INSERT INTO line_friends (line_user_id, followed, unfollowed_at, changed_at, followed_at) VALUES (?1, ?2, ?3, ?4, ?5)",
  )
    .bind(
      id,
      blockedAt === undefined ? 1 : 0,
      blockedAt === undefined ? null : new Date(blockedAt).toISOString(),
      blockedAt ?? followedAt ?? 0,
      followedAt,
    )
    .run();
  return id;
}

async function link(route: "app" | "register" | "account_link", linkedAt: number) {
  const id = freshLineUserId();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO member_links (line_user_id, member_id, route, linked_at) VALUES (?1, ?2, ?3, ?4)").bind(
      id,
      `mem_${id.slice(1, 9)}`,
      route,
      linkedAt,
    ),
    env.DB.prepare("INSERT INTO link_events (line_user_id, kind, route, occurred_at) VALUES (?1, 'linked', ?2, ?3)").bind(
      id,
      route,
      linkedAt,
    ),
  ]);
  return id;
}

async function unlink(lineUserId: string, unlinkedAt: number) {
  await env.DB.batch([
    env.DB.prepare("DELETE FROM member_links WHERE line_user_id = ?1").bind(lineUserId),
    env.DB.prepare("INSERT INTO link_events (line_user_id, kind, route, occurred_at) VALUES (?1, 'unlinked', NULL, ?2)").bind(
      lineUserId,
      unlinkedAt,
    ),
  ]);
}

beforeEach(clear);

describe("the console dashboard's numbers", () => {
  it("counts friends, blocked and linked members now, and the link rate between them", async () => {
    for (let index = 0; index < 3; index++) await friend(at("2026-10-01T00:00:00Z"));
    await friend(null);
    await friend(at("2026-10-01T00:00:00Z"), at("2026-10-02T00:00:00Z"));
    await link("app", at("2026-10-05T00:00:00Z"));

    const dashboard = await readDashboard(env.DB, NOW, 30);
    expect({ friends: dashboard.friends, blocked: dashboard.blocked, linked: dashboard.linked }).toEqual({
      friends: 4,
      blocked: 1,
      linked: 1,
    });
    expect(dashboard.linkRate).toBe(0.25);
    expect(dashboard.series).toHaveLength(30);
    expect(dashboard.series.at(-1)).toEqual({ day: "2026-12-10", friends: 4, linked: 1, linkRate: 0.25, source: "live" });
    expect(dashboard.series[0]?.day).toBe("2026-11-11");
  });

  it("puts a link at 15:30 UTC on the next Japan day, and one at 14:59 UTC on the same day", async () => {
    await link("app", at("2026-12-01T15:30:00Z"));
    await link("register", at("2026-12-01T14:59:00Z"));
    await link("account_link", at("2026-12-01T14:59:59Z"));

    const { newLinks } = await readDashboard(env.DB, NOW, 30);
    expect(newLinks.days).toEqual([
      { day: "2026-12-01", app: 0, register: 1, account_link: 1 },
      { day: "2026-12-02", app: 1, register: 0, account_link: 0 },
    ]);
    expect(newLinks.total).toEqual({ app: 1, register: 1, account_link: 1 });
  });

  it("leaves links before the period out of the new links, and counts them in the totals", async () => {
    await link("app", at("2026-11-10T14:59:00Z")); // 23:59 on 10 November in Japan: before the 30 days
    await link("app", at("2026-11-10T15:00:00Z")); // 0:00 on 11 November: the first day
    const dashboard = await readDashboard(env.DB, NOW, 30);
    expect(dashboard.newLinks.total.app).toBe(1);
    expect(dashboard.linked).toBe(2);
  });

  it("estimates earlier days from follows, blocks, links and unlinks since, and prefers the cron's snapshot", async () => {
    for (let index = 0; index < 4; index++) await friend(at("2026-10-01T00:00:00Z"));
    await friend(at("2026-12-05T01:00:00Z")); // followed on 5 December
    await friend(at("2026-10-01T00:00:00Z"), at("2026-12-07T16:00:00Z")); // blocked at 1:00 on 8 December
    const stays = await link("app", at("2026-12-03T05:00:00Z"));
    await link("register", at("2026-12-08T05:00:00Z"));
    const leaves = await link("account_link", at("2026-12-02T05:00:00Z"));
    await unlink(leaves, at("2026-12-09T05:00:00Z"));
    await env.DB.prepare(
      "INSERT INTO console_daily_stats (day, friends, blocked, linked, taken_at) VALUES ('2026-12-06', 10, 0, 3, ?1)",
    )
      .bind(at("2026-12-06T15:05:00Z"))
      .run();

    const dashboard = await readDashboard(env.DB, NOW, 30);
    const day = (date: string) => dashboard.series.find((entry) => entry.day === date);
    expect(day("2026-12-10")).toMatchObject({ friends: 5, linked: 2, source: "live" });
    expect(day("2026-12-09")).toMatchObject({ friends: 5, linked: 2, source: "events" });
    // Before the unlink on the 9th: three linked.
    expect(day("2026-12-08")).toMatchObject({ friends: 5, linked: 3, source: "events" });
    // Before the block on the 8th: six friends; before the link on the 8th: two linked.
    expect(day("2026-12-07")).toMatchObject({ friends: 6, linked: 2, linkRate: 2 / 6, source: "events" });
    expect(day("2026-12-06")).toMatchObject({ friends: 10, linked: 3, linkRate: 0.3, source: "snapshot" });
    expect(day("2026-12-05")).toMatchObject({ friends: 6, linked: 2 });
    // Before the follow on the 5th.
    expect(day("2026-12-04")).toMatchObject({ friends: 5, linked: 2 });
    expect(day("2026-12-02")).toMatchObject({ linked: 1 });
    expect(day("2026-12-01")).toMatchObject({ friends: 5, linked: 0 });
    expect(stays).toMatch(/^U/);
  });

  it("counts this Japan month's messages by kind, with LINE's quota and no limit as null", async () => {
    await env.DB.batch([
      env.DB.prepare("INSERT INTO message_counts (month, kind, sent) VALUES ('2026-12', 'order_confirmation', 12)"),
      env.DB.prepare("INSERT INTO message_counts (month, kind, sent) VALUES ('2026-12', 'reservation_reminder', 30)"),
      env.DB.prepare("INSERT INTO message_counts (month, kind, sent) VALUES ('2026-11', 'order_confirmation', 99)"),
      env.DB.prepare("INSERT INTO job_state (name, value, updated_at) VALUES ('line_quota', ?1, ?2)").bind(
        JSON.stringify({ limit: null, used: 45, at: at("2026-12-10T02:55:00Z") }),
        at("2026-12-10T02:55:00Z"),
      ),
    ]);
    const { messages } = await readDashboard(env.DB, NOW, 30);
    expect(messages).toEqual({
      month: "2026-12",
      byKind: [
        { kind: "reservation_reminder", sent: 30 },
        { kind: "order_confirmation", sent: 12 },
      ],
      total: 42,
      quota: { limit: null, used: 45, readAt: "2026-12-10T02:55:00.000Z" },
    });
  });

  it("says there is no quota reading before the cron took one", async () => {
    expect((await readDashboard(env.DB, NOW, 30)).messages.quota).toBeNull();
  });

  it("counts orders and reservations placed through the app this Japan month, each once", async () => {
    await recordAppPlacement(env.DB, { kind: "order", refId: "ord_1" }, at("2026-11-30T15:00:00Z")); // 1 December, 0:00 in Japan
    await recordAppPlacement(env.DB, { kind: "order", refId: "ord_1" }, at("2026-12-02T00:00:00Z")); // a retry
    await recordAppPlacement(env.DB, { kind: "order", refId: "ord_2" }, at("2026-12-09T00:00:00Z"));
    await recordAppPlacement(env.DB, { kind: "order", refId: "ord_0" }, at("2026-11-30T14:59:00Z")); // still November in Japan
    await recordAppPlacement(env.DB, { kind: "reservation", refId: "rsv_1" }, at("2026-12-03T00:00:00Z"));
    expect((await readDashboard(env.DB, NOW, 30)).app).toEqual({ month: "2026-12", orders: 2, reservations: 1 });
  });
});

describe("the dashboard's daily snapshot", () => {
  it("records yesterday as it ended, once: a later tick the same day changes nothing", async () => {
    await friend(at("2026-10-01T00:00:00Z"));
    await friend(at("2026-10-01T00:00:00Z"));
    await link("app", at("2026-12-09T05:00:00Z"));
    // Today's follow (10 December in Japan) happened after yesterday ended.
    await friend(at("2026-12-09T16:00:00Z"));

    expect(await takeDailySnapshot(env.DB, NOW)).toEqual({ day: "2026-12-09", written: true });
    await friend(at("2026-12-10T01:00:00Z"));
    expect(await takeDailySnapshot(env.DB, NOW + 5 * 60_000)).toEqual({ day: "2026-12-09", written: false });

    const rows = await env.DB.prepare("SELECT day, friends, blocked, linked FROM console_daily_stats").all();
    expect(rows.results).toEqual([{ day: "2026-12-09", friends: 2, blocked: 0, linked: 1 }]);
    // The next Japan day starts at 15:00 UTC.
    expect(await takeDailySnapshot(env.DB, at("2026-12-10T15:00:00Z"))).toEqual({ day: "2026-12-10", written: true });
  });
});

describe("the merchant's count of every linked member", () => {
  const sandbox = () =>
    createMerchantClient({
      baseUrl: env.MERCHANT_API_BASE,
      apiKey: env.MERCHANT_API_KEY,
      timeoutMs: 3000,
      requestId: "dashboard-test",
      log: createLogger("dashboard-test"),
    });

  it("pages through the sandbox merchant's links and shows the total on the dashboard", async () => {
    const merchant = sandbox();
    let expected = 0;
    let cursor: string | undefined;
    do {
      const page = await merchant.listLineLinks({ cursor, limit: 500 });
      expected += page.links.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(expected).toBeGreaterThan(0);

    // Other test files may link members meanwhile: never fewer than were there before.
    const { merchantLinks } = await runDashboardJob(env.DB, merchant, NOW);
    expect(merchantLinks.done).toBe(true);
    expect(merchantLinks.counted).toBeGreaterThanOrEqual(expected);
    expect((await readDashboard(env.DB, NOW, 30)).merchantLinked).toEqual({
      count: merchantLinks.counted,
      countedAt: new Date(NOW).toISOString(),
    });
  });

  it("carries on from its cursor on the next tick, and counts once per Japan day", async () => {
    const pages = MERCHANT_LINK_PAGES_PER_TICK + 5;
    const asked: (string | undefined)[] = [];
    const merchant = {
      listLineLinks: async ({ cursor }: { cursor?: string }) => {
        asked.push(cursor);
        const index = cursor ? Number(cursor) : 0;
        return {
          links: [{ lineUserId: freshLineUserId(), memberId: `mem_${index}`, linkedAt: "2026-01-01T00:00:00Z" }],
          nextCursor: index + 1 < pages ? String(index + 1) : null,
        };
      },
    };
    expect(await countMerchantLinks(env.DB, merchant, NOW)).toMatchObject({ counted: MERCHANT_LINK_PAGES_PER_TICK, done: false });
    expect((await readDashboard(env.DB, NOW, 30)).merchantLinked).toBeNull();
    expect(await countMerchantLinks(env.DB, merchant, NOW + 5 * 60_000)).toMatchObject({ counted: pages, done: true });
    expect(asked[MERCHANT_LINK_PAGES_PER_TICK]).toBe(String(MERCHANT_LINK_PAGES_PER_TICK));
    // Done for today: a later tick asks nothing.
    await countMerchantLinks(env.DB, merchant, NOW + 10 * 60_000);
    expect(asked).toHaveLength(pages);
    expect((await readDashboard(env.DB, NOW, 30)).merchantLinked?.count).toBe(pages);
  });
});

describe("GET /api/console/dashboard", () => {
  let adminToken: string;
  beforeAll(async () => {
    adminToken = await mintIdToken({ persona: "admin" });
  });

  it("answers an admin with 90 Japan days when asked", async () => {
    await link("register", Date.now());
    const response = await callBff("/api/console/dashboard?days=90", { token: adminToken });
    expect(response.status).toBe(200);
    const body = ConsoleDashboardResponse.parse(await response.json());
    expect(body.series).toHaveLength(90);
    expect(body.linked).toBe(1);
    expect(body.newLinks.total.register).toBe(1);
  });

  it("refuses a period it does not offer with the one error shape", async () => {
    const response = await callBff("/api/console/dashboard?days=7", { token: adminToken });
    expect(response.status).toBe(400);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("bad_request");
  });
});
