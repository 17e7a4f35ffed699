import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { ConsoleDashboardResponse, DashboardDay, LinksByRoute } from "../../shared/api.ts";
import type { QuotaReading } from "../delivery/sweeper.ts";
import type { MerchantClient } from "../merchant/client.ts";
import { addJapanDays, DAY_MS, japanDate, japanInstant, japanMonth } from "../reservations/japan-time.ts";

// The console's dashboard: friends, links and the link rate over time, new links by route,
// messages against LINE's quota, and what members placed through the app. Every daily bucket
// is a Japan day; the Worker runs in UTC, so days are cut in SQL at +9 hours.
//
// The link rate over time: a day that has a snapshot (written by the cron once per Japan day,
// takeDailySnapshot) shows it; a day without one is estimated from what is still known, today's
// counts minus the follows, blocks, links and unlinks since then. line_friends keeps only a
// user's latest follow and block, so a user who blocked and came back within the window counts
// from their latest follow: the snapshots are what keeps the history exact.

/** Epoch ms as a Japan date in SQL. */
const japanDay = (column: string) => `date((${column} + 32400000) / 1000, 'unixepoch')`;

interface Totals {
  friends: number;
  blocked: number;
  linked: number;
}

interface Changes {
  /** Per Japan day: users whose latest follow was that day, blocked users who blocked that day, links, unlinks. */
  follows: Map<string, number>;
  blocks: Map<string, number>;
  links: Map<string, number>;
  unlinks: Map<string, number>;
}

const rate = (linked: number, friends: number) => (friends > 0 ? linked / friends : null);

async function readTotals(db: D1Database): Promise<Totals> {
  const row = await db
    .prepare(
      `SELECT (SELECT count(*) FROM line_friends WHERE followed = 1) AS friends,
              (SELECT count(*) FROM line_friends WHERE followed = 0) AS blocked,
              (SELECT count(*) FROM member_links) AS linked`,
    )
    .first<Totals>();
  return row ?? { friends: 0, blocked: 0, linked: 0 };
}

/** What changed per Japan day from `fromDay` on, for the estimate of earlier days. */
async function readChanges(db: D1Database, fromDay: string): Promise<Changes> {
  const from = japanInstant(fromDay, 0);
  const fromIso = new Date(from).toISOString();
  const perDay = "day, count(*) AS n";
  const [follows, blocks, links, unlinks] = await db.batch<{ day: string; n: number }>([
    db.prepare(`SELECT ${japanDay("followed_at")} AS ${perDay} FROM line_friends WHERE followed_at >= ?1 GROUP BY 1`).bind(from),
    db
      .prepare(
        `SELECT date(unfollowed_at, '+9 hours') AS ${perDay} FROM line_friends
         WHERE followed = 0 AND unfollowed_at >= ?1 GROUP BY 1`,
      )
      .bind(fromIso),
    db
      .prepare(
        `SELECT ${japanDay("occurred_at")} AS ${perDay} FROM link_events WHERE kind = 'linked' AND occurred_at >= ?1 GROUP BY 1`,
      )
      .bind(from),
    db
      .prepare(
        `SELECT ${japanDay("occurred_at")} AS ${perDay} FROM link_events WHERE kind = 'unlinked' AND occurred_at >= ?1 GROUP BY 1`,
      )
      .bind(from),
  ]);
  const toMap = (result: { results?: { day: string; n: number }[] } | undefined) =>
    new Map((result?.results ?? []).map((row) => [row.day, row.n]));
  return { follows: toMap(follows), blocks: toMap(blocks), links: toMap(links), unlinks: toMap(unlinks) };
}

/**
 * Friends and linked members at the end of each day from `firstDay` to `today`, estimated from
 * today's totals and the changes since: walking back a day undoes that day's changes. A user is
 * taken to have been a friend from their latest follow (or always, without one) until their
 * block, so a follow and a block on the same day cancel out.
 */
function estimateDays(totals: Totals, changes: Changes, firstDay: string, today: string): Map<string, Totals> {
  const estimates = new Map<string, Totals>();
  let { friends, blocked, linked } = totals;
  for (let day = today; day >= firstDay; day = addJapanDays(day, -1)) {
    estimates.set(day, { friends, blocked, linked });
    friends -= (changes.follows.get(day) ?? 0) - (changes.blocks.get(day) ?? 0);
    blocked -= changes.blocks.get(day) ?? 0;
    linked += -(changes.links.get(day) ?? 0) + (changes.unlinks.get(day) ?? 0);
  }
  return estimates;
}

async function readSnapshots(db: D1Database, firstDay: string): Promise<Map<string, Totals>> {
  const { results } = await db
    .prepare("SELECT day, friends, blocked, linked FROM console_daily_stats WHERE day >= ?1")
    .bind(firstDay)
    .all<Totals & { day: string }>();
  return new Map(results.map(({ day, ...totals }) => [day, totals]));
}

async function readNewLinks(db: D1Database, firstDay: string): Promise<ConsoleDashboardResponse["newLinks"]> {
  const { results } = await db
    .prepare(
      `SELECT ${japanDay("occurred_at")} AS day, route, count(*) AS n FROM link_events
       WHERE kind = 'linked' AND occurred_at >= ?1 AND route IS NOT NULL GROUP BY 1, 2 ORDER BY 1`,
    )
    .bind(japanInstant(firstDay, 0))
    .all<{ day: string; route: keyof LinksByRoute; n: number }>();
  const total: LinksByRoute = { app: 0, register: 0, account_link: 0 };
  const byDay = new Map<string, LinksByRoute>();
  for (const { day, route, n } of results) {
    const counts = byDay.get(day) ?? { app: 0, register: 0, account_link: 0 };
    counts[route] += n;
    total[route] += n;
    byDay.set(day, counts);
  }
  return { days: [...byDay].map(([day, counts]) => ({ day, ...counts })), total };
}

async function readMessages(db: D1Database, month: string): Promise<ConsoleDashboardResponse["messages"]> {
  const [counts, quota] = await db.batch([
    db.prepare("SELECT kind, sent FROM message_counts WHERE month = ?1 ORDER BY sent DESC, kind").bind(month),
    db.prepare("SELECT value FROM job_state WHERE name = 'line_quota'"),
  ]);
  const byKind = (counts?.results ?? []) as { kind: string; sent: number }[];
  const reading = (quota?.results?.[0] as { value?: string } | undefined)?.value;
  const parsed = reading ? (JSON.parse(reading) as QuotaReading) : null;
  return {
    month,
    byKind,
    total: byKind.reduce((sum, row) => sum + row.sent, 0),
    quota: parsed ? { limit: parsed.limit, used: parsed.used, readAt: new Date(parsed.at).toISOString() } : null,
  };
}

async function readMerchantLinks(db: D1Database): Promise<ConsoleDashboardResponse["merchantLinked"]> {
  const row = await db.prepare("SELECT value FROM job_state WHERE name = 'merchant_links_total'").first<{ value: string }>();
  if (!row) return null;
  const { count, countedAt } = JSON.parse(row.value) as { count: number; countedAt: number };
  return { count, countedAt: new Date(countedAt).toISOString() };
}

async function readAppPlacements(db: D1Database, month: string): Promise<ConsoleDashboardResponse["app"]> {
  const from = japanInstant(`${month}-01`, 0);
  const { results } = await db
    .prepare("SELECT kind, count(*) AS n FROM app_placements WHERE placed_at >= ?1 GROUP BY kind")
    .bind(from)
    .all<{ kind: "order" | "reservation"; n: number }>();
  const count = (kind: "order" | "reservation") => results.find((row) => row.kind === kind)?.n ?? 0;
  return { month, orders: count("order"), reservations: count("reservation") };
}

/** Everything the dashboard shows, for the last `days` Japan days (today included). */
export async function readDashboard(db: D1Database, now: number, days: number): Promise<ConsoleDashboardResponse> {
  const today = japanDate(now);
  const firstDay = addJapanDays(today, -(days - 1));
  const month = japanMonth(now);
  const [totals, changes, snapshots, newLinks, messages, app, merchantLinked] = await Promise.all([
    readTotals(db),
    readChanges(db, firstDay),
    readSnapshots(db, firstDay),
    readNewLinks(db, firstDay),
    readMessages(db, month),
    readAppPlacements(db, month),
    readMerchantLinks(db),
  ]);
  const estimates = estimateDays(totals, changes, firstDay, today);
  const series: DashboardDay[] = [];
  for (let day = firstDay; day <= today; day = addJapanDays(day, 1)) {
    const snapshot = day === today ? undefined : snapshots.get(day);
    const values = snapshot ?? estimates.get(day)!;
    series.push({
      day,
      friends: values.friends,
      linked: values.linked,
      linkRate: rate(values.linked, values.friends),
      source: day === today ? "live" : snapshot ? "snapshot" : "events",
    });
  }
  return {
    asOf: new Date(now).toISOString(),
    days,
    ...totals,
    linkRate: rate(totals.linked, totals.friends),
    merchantLinked,
    series,
    newLinks,
    messages,
    app,
  };
}

const SNAPSHOT_KEEP_MS = 400 * DAY_MS;

/**
 * The cron's step: yesterday's (Japan time) friends, blocked and linked members, written once;
 * a later tick the same day changes nothing. Estimated from today's totals and today's changes,
 * so a tick that runs late still records the day as it ended. Also forgets old snapshots,
 * placements and rich menu ledger entries.
 */
export async function takeDailySnapshot(db: D1Database, now: number): Promise<{ day: string; written: boolean }> {
  const today = japanDate(now);
  const yesterday = addJapanDays(today, -1);
  const [totals, changes] = await Promise.all([readTotals(db), readChanges(db, today)]);
  const ended = estimateDays(totals, changes, yesterday, today).get(yesterday)!;
  const [written] = await db.batch([
    db
      .prepare(
        `INSERT INTO console_daily_stats (day, friends, blocked, linked, taken_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (day) DO NOTHING`,
      )
      .bind(yesterday, ended.friends, ended.blocked, ended.linked, now),
    db.prepare("DELETE FROM console_daily_stats WHERE day < ?1").bind(japanDate(now - SNAPSHOT_KEEP_MS)),
    db.prepare("DELETE FROM app_placements WHERE placed_at < ?1").bind(now - SNAPSHOT_KEEP_MS),
    db.prepare("DELETE FROM richmenu_ledger WHERE at < ?1").bind(now - 60 * 60 * 1000),
  ]);
  return { day: yesterday, written: (written?.meta.changes ?? 0) > 0 };
}

/** Counts an order or a reservation placed through the app; a retried request counts once. */
export async function recordAppPlacement(
  db: D1Database,
  placement: { kind: "order" | "reservation"; refId: string },
  at = Date.now(),
): Promise<void> {
  await db
    .prepare("INSERT INTO app_placements (kind, ref_id, placed_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
    .bind(placement.kind, placement.refId, at)
    .run();
}

/** Pages of the merchant's links one cron tick reads (500 each); the next tick carries on. */
export const MERCHANT_LINK_PAGES_PER_TICK = 20;

interface MerchantLinkCount {
  /** The Japan day the count is for. */
  day: string;
  counted: number;
  /** Where the next tick resumes; null once the count is complete. */
  cursor: string | null;
  done: boolean;
}

/**
 * Every member linked at the merchant, whatever the route (the BFF's member_links only sees
 * links made through it): the contract has no count, so the cron pages through
 * listLineLinks once per Japan day, MERCHANT_LINK_PAGES_PER_TICK pages a tick, resuming from
 * the cursor kept in job_state. The dashboard shows the last complete count.
 */
export async function countMerchantLinks(
  db: D1Database,
  merchant: Pick<MerchantClient, "listLineLinks">,
  now: number,
): Promise<{ day: string; counted: number; done: boolean }> {
  const today = japanDate(now);
  const row = await db.prepare("SELECT value FROM job_state WHERE name = 'merchant_link_count'").first<{ value: string }>();
  const saved = row ? (JSON.parse(row.value) as MerchantLinkCount) : null;
  if (saved?.day === today && saved.done) return saved;
  let progress: MerchantLinkCount = saved?.day === today ? saved : { day: today, counted: 0, cursor: null, done: false };
  for (let page = 0; page < MERCHANT_LINK_PAGES_PER_TICK; page++) {
    const links = await merchant.listLineLinks({ cursor: progress.cursor ?? undefined, limit: 500 });
    progress = {
      day: today,
      counted: progress.counted + links.links.length,
      cursor: links.nextCursor,
      done: links.nextCursor === null,
    };
    if (progress.done) break;
  }
  const statements = [
    db
      .prepare(
        `INSERT INTO job_state (name, value, updated_at) VALUES ('merchant_link_count', ?1, ?2)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .bind(JSON.stringify(progress), now),
  ];
  if (progress.done) {
    statements.push(
      db
        .prepare(
          `INSERT INTO job_state (name, value, updated_at) VALUES ('merchant_links_total', ?1, ?2)
           ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        )
        .bind(JSON.stringify({ count: progress.counted, countedAt: now }), now),
    );
  }
  await db.batch(statements);
  return progress;
}

/** The cron's dashboard step: the day's snapshot, then the merchant's link count. */
export async function runDashboardJob(db: D1Database, merchant: Pick<MerchantClient, "listLineLinks">, now: number) {
  const snapshot = await takeDailySnapshot(db, now);
  const merchantLinks = await countMerchantLinks(db, merchant, now);
  return { snapshot, merchantLinks };
}
