import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { Context } from "hono";
import { ConsoleMessage } from "../../shared/console-message.ts";
import type { ScenarioDelay, ScenarioTrigger } from "../../shared/console-scenarios.ts";
import type { Outbox, PushSpec } from "../delivery/outbox.ts";
import type { AppEnv } from "../env.ts";
import type { Logger } from "../lib/log.ts";
import { languagesOf } from "../lib/user-language.ts";
import type { MerchantClient } from "../merchant/client.ts";
import { blockedAmong, isBlocked } from "../webhook/friends.ts";
import type { LinkRoute } from "./link-log.ts";
import { renderConsoleMessage } from "./render-message.ts";
import { linkTracker, type TrackedLinkDeps } from "./tracked-links.ts";

// The scenario engine (step delivery). A trigger enrolls a member into every running scenario
// with that trigger, once per occurrence (the unique enrollment); each step is planned into the
// outbox when due, once per enrollment (the unique send), under a delivery id taken from the
// cause. The outbox is written before the send is noted, so a Worker that dies between the two
// plans the same delivery id again on the next tick, which the outbox ignores. Overlapping
// ticks, retried requests and redelivered events therefore send nothing twice.

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const JAPAN_OFFSET_MS = 9 * HOUR_MS;
const UNIT_MS = { minutes: MINUTE_MS, hours: HOUR_MS, days: DAY_MS } as const;

/** Enrollments planned per batch, and batches per tick: a backlog carries on next tick. */
const PLAN_BATCH = 200;
const PLAN_BATCHES_PER_TICK = 10;
/** Members enrolled per scenario per tick by the purchase-gap trigger. */
const LAPSE_BATCH = 2000;
/** Birthday candidate pages walked per tick, and their size. */
const BIRTHDAY_PAGES_PER_TICK = 5;
const BIRTHDAY_PAGE_SIZE = 200;

export interface ScenarioEngineDependencies {
  db: D1Database;
  outbox: Outbox;
  log: Logger;
  liffId: string;
  /**
   * The tracked-link redirect's signing secret and public origin: each step's links then count
   * clicks per recipient. Without it (no BFF_PUBLIC_URL outside a request) links go straight to the app.
   */
  links?: TrackedLinkDeps;
}

/** Where tracked links point: BFF_PUBLIC_URL, else the origin of the request at hand; none in the cron without it. */
export function trackedLinksOf(env: { BFF_PUBLIC_URL?: string; MEMBER_CARD_SECRET: string }, requestUrl?: string) {
  const origin = env.BFF_PUBLIC_URL || (requestUrl ? new URL(requestUrl).origin : undefined);
  return origin ? { secret: env.MEMBER_CARD_SECRET, origin } : undefined;
}

export interface ScenarioTickDependencies extends ScenarioEngineDependencies {
  merchant: Pick<MerchantClient, "listBirthdayCandidates" | "getMemberLineLink">;
}

export interface TriggerOccurrence {
  trigger: ScenarioTrigger;
  lineUserId: string;
  /** Epoch ms of the trigger; delays count from it. */
  occurredAt: number;
  /** What makes this occurrence one: the same key again enrolls nobody twice (a redelivered event). */
  occurrenceKey: string;
}

/** The engine's dependencies inside a request. */
export function scenarioDependenciesOf(c: Context<AppEnv>) {
  return {
    db: c.env.DB,
    outbox: c.get("outbox"),
    log: c.get("log"),
    liffId: c.env.LIFF_ID,
    merchant: c.get("merchant"),
    links: trackedLinksOf(c.env, c.req.url),
  };
}

/** Scenario work beside a member's own action (a link, an order): a failure is logged and never fails the action. */
export async function besideAction(log: Logger, what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    log.error(`scenarios: ${what} failed`, { error: error instanceof Error ? error.message : "unknown" });
  }
}

/** When a step is due: the delay after its base, at the Japan time of day if one is set, never before the base. */
export function stepDueAt(delay: ScenarioDelay, base: number): number {
  const landed = base + delay.amount * UNIT_MS[delay.unit];
  if (!delay.atTime) return landed;
  const [hours, minutes] = delay.atTime.split(":").map(Number) as [number, number];
  const japanMidnight = Math.floor((landed + JAPAN_OFFSET_MS) / DAY_MS) * DAY_MS - JAPAN_OFFSET_MS;
  const at = japanMidnight + hours * HOUR_MS + minutes * MINUTE_MS;
  return at < base ? at + DAY_MS : at;
}

/** The delivery id of a step for one member and occurrence: the cause, so a repeat records nothing new. */
export const scenarioDeliveryId = (scenarioId: string, stepId: string, lineUserId: string, occurrenceKey: string) =>
  `scenario:${scenarioId}:${stepId}:${lineUserId}:${occurrenceKey}`;

interface EnrollmentRow {
  enrollment_id: number;
  scenario_id: string;
  line_user_id: string;
  occurrence_key: string;
  occurred_at: number;
  anchor_at: number;
}

interface StepRow {
  step_id: string;
  scenario_id: string;
  delay_amount: number;
  delay_unit: ScenarioDelay["unit"];
  delay_from: ScenarioDelay["from"];
  at_time: string | null;
  message: string;
}

export const delayOf = (row: Pick<StepRow, "delay_amount" | "delay_unit" | "delay_from" | "at_time">): ScenarioDelay => ({
  amount: row.delay_amount,
  unit: row.delay_unit,
  from: row.delay_from,
  ...(row.at_time ? { atTime: row.at_time } : {}),
});

const ENROLLMENT_COLUMNS = "enrollment_id, scenario_id, line_user_id, occurrence_key, occurred_at, anchor_at";

/**
 * Enrolls a member into every running scenario with this trigger, once per occurrence, and
 * plans the steps due now. Returns how many scenarios took them in. Someone who blocked the
 * account is not enrolled.
 */
export async function enrollInScenarios(
  deps: ScenarioEngineDependencies,
  occurrence: TriggerOccurrence,
  now = Date.now(),
): Promise<number> {
  const { results: scenarios } = await deps.db
    .prepare("SELECT scenario_id FROM scenarios WHERE trigger = ?1 AND state = 'running'")
    .bind(occurrence.trigger)
    .all<{ scenario_id: string }>();
  if (scenarios.length === 0) return 0;
  if (await isBlocked(deps.db, occurrence.lineUserId)) return 0;
  const enrolled = await insertEnrollments(
    deps.db,
    scenarios.map((scenario) => ({ scenarioId: scenario.scenario_id, ...occurrence })),
    now,
  );
  if (enrolled.length > 0) await planEnrollments(deps, enrolled, now);
  return enrolled.length;
}

/** A link made through the BFF: the linked trigger, and the registered one when the member registered. */
export async function enrollOnLink(
  deps: ScenarioEngineDependencies,
  link: { lineUserId: string; memberId: string; route: LinkRoute },
  at = Date.now(),
): Promise<number> {
  // Keyed by the member: a retried request or event, or unlinking and linking the same member
  // again, is the same occurrence.
  const base = { lineUserId: link.lineUserId, occurredAt: at };
  let enrolled = await enrollInScenarios(deps, { ...base, trigger: "linked", occurrenceKey: `linked:${link.memberId}` }, at);
  if (link.route === "register") {
    enrolled += await enrollInScenarios(
      deps,
      { ...base, trigger: "registered", occurrenceKey: `registered:${link.memberId}` },
      at,
    );
  }
  return enrolled;
}

/**
 * An order the BFF learned of (placed through the app, or an order event from the merchant):
 * the member's last purchase for "N days without a purchase", and the first-order trigger when
 * the merchant lists this order as the member's only one.
 */
export async function recordPurchase(
  deps: ScenarioEngineDependencies & { merchant: Pick<MerchantClient, "listOrders"> },
  order: { lineUserId: string; memberId: string; orderId: string; orderedAt: number },
  now = Date.now(),
): Promise<void> {
  await deps.db
    .prepare(
      `INSERT INTO scenario_purchases (line_user_id, last_purchase_at) VALUES (?1, ?2)
       ON CONFLICT (line_user_id) DO UPDATE SET last_purchase_at = MAX(last_purchase_at, excluded.last_purchase_at)`,
    )
    .bind(order.lineUserId, order.orderedAt)
    .run();
  // A member who buys again is no longer lapsed: the rest of a purchase-gap scenario is not for them.
  await deps.db
    .prepare(
      `UPDATE scenario_enrollments SET state = 'stopped', stopped_reason = 'purchased'
       WHERE line_user_id = ?1 AND state = 'active' AND occurrence_key LIKE 'lapse:%' AND occurred_at <= ?2`,
    )
    .bind(order.lineUserId, order.orderedAt)
    .run();
  const firstOrderScenario = await deps.db
    .prepare("SELECT 1 AS found FROM scenarios WHERE trigger = 'first_order' AND state = 'running' LIMIT 1")
    .first<{ found: number }>();
  if (!firstOrderScenario) return;
  const page = await deps.merchant.listOrders(order.memberId, { limit: 2 });
  if (!page || "invalidCursor" in page) return;
  const only = page.orders.length === 1 && page.nextCursor === null ? page.orders[0] : undefined;
  if (only?.orderId !== order.orderId) return;
  await enrollInScenarios(
    deps,
    { trigger: "first_order", lineUserId: order.lineUserId, occurredAt: order.orderedAt, occurrenceKey: "first-order" },
    now,
  );
}

/** The member blocked the account: their remaining steps are not sent. */
export async function stopScenariosFor(db: D1Database, lineUserId: string): Promise<number> {
  const result = await db
    .prepare(
      "UPDATE scenario_enrollments SET state = 'stopped', stopped_reason = 'unfollowed' WHERE line_user_id = ?1 AND state = 'active'",
    )
    .bind(lineUserId)
    .run();
  return result.meta.changes;
}

/** A scenario's steps changed: its waiting members are looked at again on the next tick, with the new steps. */
export async function replanScenario(db: D1Database, scenarioId: string): Promise<void> {
  await db
    .prepare("UPDATE scenario_enrollments SET next_due_at = 0 WHERE scenario_id = ?1 AND state = 'active'")
    .bind(scenarioId)
    .run();
}

export interface ScenarioTickResult {
  lapsed: number;
  birthdays: number;
  planned: number;
  settled: number;
}

/**
 * One cron tick: enrolls members whose purchase gap reached a scenario's days, members born this
 * month (on the 1st, Japan time), then plans every step that is due, in bounded batches.
 */
export async function runScenarioTick(deps: ScenarioTickDependencies, now: number): Promise<ScenarioTickResult> {
  const lapsed = await enrollLapses(deps.db, now);
  const birthdays = await enrollBirthdays(deps, now);
  let planned = 0;
  for (let batch = 0; batch < PLAN_BATCHES_PER_TICK; batch += 1) {
    const { results } = await deps.db
      .prepare(
        `SELECT ${ENROLLMENT_COLUMNS.split(", ")
          .map((column) => `e.${column}`)
          .join(", ")}
         FROM scenario_enrollments e JOIN scenarios s ON s.scenario_id = e.scenario_id
         WHERE e.state = 'active' AND e.next_due_at <= ?1 AND s.state = 'running'
         ORDER BY e.next_due_at LIMIT ?2`,
      )
      .bind(now, PLAN_BATCH)
      .all<EnrollmentRow>();
    if (results.length === 0) break;
    planned += await planEnrollments(deps, results, now);
    if (results.length < PLAN_BATCH) break;
  }
  const settled = await settleOutcomes(deps.db);
  if (lapsed + birthdays + planned > 0) deps.log.info("scenario tick", { lapsed, birthdays, planned, settled });
  return { lapsed, birthdays, planned, settled };
}

async function insertEnrollments(
  db: D1Database,
  rows: ReadonlyArray<{ scenarioId: string; lineUserId: string; occurrenceKey: string; occurredAt: number }>,
  now: number,
): Promise<EnrollmentRow[]> {
  const inserted: EnrollmentRow[] = [];
  for (let index = 0; index < rows.length; index += 500) {
    const chunk = rows.slice(index, index + 500);
    const { results } = await db
      .prepare(
        `INSERT OR IGNORE INTO scenario_enrollments
           (scenario_id, line_user_id, occurrence_key, occurred_at, anchor_at, next_due_at, state, created_at)
         SELECT value ->> 'scenarioId', value ->> 'lineUserId', value ->> 'occurrenceKey', value ->> 'occurredAt',
                value ->> 'occurredAt', value ->> 'occurredAt', 'active', ?2
         FROM json_each(?1)
         RETURNING ${ENROLLMENT_COLUMNS}`,
      )
      .bind(JSON.stringify(chunk), now)
      .all<EnrollmentRow>();
    inserted.push(...results);
  }
  return inserted;
}

/**
 * Plans what is due for these enrollments: each step not yet sent whose time has come goes to
 * the outbox in the member's language; the enrollment then waits for its next step, or is done.
 * Someone who blocked the account is stopped instead. Returns the steps planned.
 */
async function planEnrollments(deps: ScenarioEngineDependencies, rows: readonly EnrollmentRow[], now: number): Promise<number> {
  const { db } = deps;
  const scenarioIds = [...new Set(rows.map((row) => row.scenario_id))];
  const lineUserIds = [...new Set(rows.map((row) => row.line_user_id))];
  const enrollmentIds = rows.map((row) => row.enrollment_id);
  const [steps, sent, blocked, languages] = await Promise.all([
    db
      .prepare(
        `SELECT step_id, scenario_id, delay_amount, delay_unit, delay_from, at_time, message FROM scenario_steps
         WHERE scenario_id IN (SELECT value FROM json_each(?1)) AND removed_at IS NULL ORDER BY scenario_id, position`,
      )
      .bind(JSON.stringify(scenarioIds))
      .all<StepRow>(),
    db
      .prepare("SELECT enrollment_id, step_id FROM scenario_sends WHERE enrollment_id IN (SELECT value FROM json_each(?1))")
      .bind(JSON.stringify(enrollmentIds))
      .all<{ enrollment_id: number; step_id: string }>(),
    blockedAmong(db, lineUserIds),
    languagesOf(db, lineUserIds),
  ]);
  const stepsOf = new Map<string, Array<StepRow & { parsed: ConsoleMessage }>>();
  for (const step of steps.results) {
    const parsed = ConsoleMessage.parse(JSON.parse(step.message));
    stepsOf.set(step.scenario_id, [...(stepsOf.get(step.scenario_id) ?? []), { ...step, parsed }]);
  }
  const sentSteps = new Set(sent.results.map((row) => `${row.enrollment_id}:${row.step_id}`));

  const specs: PushSpec[] = [];
  const sends: Array<{ enrollmentId: number; stepId: string; deliveryId: string }> = [];
  const updates: Array<{ id: number; anchorAt: number; nextDueAt: number; state: "active" | "done" | "stopped" }> = [];
  for (const row of rows) {
    if (blocked.has(row.line_user_id)) {
      updates.push({ id: row.enrollment_id, anchorAt: row.anchor_at, nextDueAt: row.anchor_at, state: "stopped" });
      continue;
    }
    let anchorAt = row.anchor_at;
    let outcome: (typeof updates)[number] | null = null;
    for (const step of stepsOf.get(row.scenario_id) ?? []) {
      if (sentSteps.has(`${row.enrollment_id}:${step.step_id}`)) continue;
      const delay = delayOf(step);
      const due = stepDueAt(delay, delay.from === "trigger" ? row.occurred_at : anchorAt);
      if (due > now) {
        outcome = { id: row.enrollment_id, anchorAt, nextDueAt: due, state: "active" };
        break;
      }
      const deliveryId = scenarioDeliveryId(row.scenario_id, step.step_id, row.line_user_id, row.occurrence_key);
      const language = languages.get(row.line_user_id) ?? "ja";
      const track = deps.links
        ? await linkTracker(deps.links, { kind: "scenario", sourceId: step.step_id, lineUserId: row.line_user_id })
        : (url: string) => url;
      specs.push({
        id: deliveryId,
        kind: "scenario",
        to: row.line_user_id,
        messages: [renderConsoleMessage(step.parsed, { language, liffId: deps.liffId, track })],
      });
      sends.push({ enrollmentId: row.enrollment_id, stepId: step.step_id, deliveryId });
      anchorAt = Math.max(anchorAt, due);
    }
    updates.push(outcome ?? { id: row.enrollment_id, anchorAt, nextDueAt: anchorAt, state: "done" });
  }

  // The outbox first: its ids make a second planning of the same step a no-op.
  if (specs.length > 0) await deps.outbox.pushMany(specs);
  const statements = updates.map((update) =>
    db
      .prepare(
        "UPDATE scenario_enrollments SET anchor_at = ?2, next_due_at = ?3, state = ?4 WHERE enrollment_id = ?1 AND state = 'active'",
      )
      .bind(update.id, update.anchorAt, update.nextDueAt, update.state),
  );
  if (sends.length > 0) {
    statements.unshift(
      db
        .prepare(
          `INSERT OR IGNORE INTO scenario_sends (enrollment_id, step_id, delivery_id, planned_at)
           SELECT value ->> 'enrollmentId', value ->> 'stepId', value ->> 'deliveryId', ?2 FROM json_each(?1)`,
        )
        .bind(JSON.stringify(sends), now),
    );
  }
  if (statements.length > 0) await db.batch(statements);
  return sends.length;
}

/**
 * Members whose last known purchase is a scenario's days ago, counted from when the scenario
 * began enrolling (created or resumed): a new scenario does not reach back to every old gap.
 * The occurrence is the purchase, so a member who buys again and lapses again enters again.
 */
async function enrollLapses(db: D1Database, now: number): Promise<number> {
  const { results: scenarios } = await db
    .prepare(
      "SELECT scenario_id, trigger_days, enrolling_since FROM scenarios WHERE trigger = 'no_purchase' AND state = 'running' AND trigger_days IS NOT NULL",
    )
    .all<{ scenario_id: string; trigger_days: number; enrolling_since: number }>();
  let enrolled = 0;
  for (const scenario of scenarios) {
    const gap = scenario.trigger_days * DAY_MS;
    const result = await db
      .prepare(
        `INSERT OR IGNORE INTO scenario_enrollments
           (scenario_id, line_user_id, occurrence_key, occurred_at, anchor_at, next_due_at, state, created_at)
         SELECT ?1, p.line_user_id, 'lapse:' || p.last_purchase_at, p.last_purchase_at + ?2, p.last_purchase_at + ?2,
                p.last_purchase_at + ?2, 'active', ?3
         FROM scenario_purchases p
         WHERE p.last_purchase_at <= ?3 - ?2 AND p.last_purchase_at >= ?4 - ?2
           AND NOT EXISTS (SELECT 1 FROM scenario_enrollments e WHERE e.scenario_id = ?1
             AND e.line_user_id = p.line_user_id AND e.occurrence_key = 'lapse:' || p.last_purchase_at)
           AND NOT EXISTS (SELECT 1 FROM line_friends f WHERE f.line_user_id = p.line_user_id AND f.followed = 0)
         LIMIT ?5`,
      )
      .bind(scenario.scenario_id, gap, now, scenario.enrolling_since, LAPSE_BATCH)
      .run();
    enrolled += result.meta.changes;
  }
  return enrolled;
}

/** The Japan calendar at an instant. */
function japanCalendar(at: number) {
  const japan = new Date(at + JAPAN_OFFSET_MS);
  return { year: japan.getUTCFullYear(), month: japan.getUTCMonth() + 1, day: japan.getUTCDate() };
}

/**
 * On the 1st (Japan time), the members the merchant lists as born this month enter every
 * running birthday scenario, once a year each (the occurrence is the year). The pass over the
 * merchant's pages resumes from its cursor on the next ticks of the day.
 */
async function enrollBirthdays(deps: ScenarioTickDependencies, now: number): Promise<number> {
  const { db, merchant } = deps;
  const { year, month, day } = japanCalendar(now);
  if (day !== 1) return 0;
  const { results: scenarios } = await db
    .prepare("SELECT scenario_id FROM scenarios WHERE trigger = 'birthday_month' AND state = 'running'")
    .all<{ scenario_id: string }>();
  if (scenarios.length === 0) return 0;
  const period = `${year}-${String(month).padStart(2, "0")}`;
  const run = await db
    .prepare("SELECT cursor, completed_at FROM scenario_job_runs WHERE job = 'birthday' AND period = ?1")
    .bind(period)
    .first<{ cursor: string | null; completed_at: number | null }>();
  if (run?.completed_at != null) return 0;

  // The month began at midnight Japan time on the 1st: "at 10:00 on the day" means the 1st.
  const occurredAt = Date.UTC(year, month - 1, 1) - JAPAN_OFFSET_MS;
  let cursor = run?.cursor ?? undefined;
  let enrolled = 0;
  for (let page = 0; page < BIRTHDAY_PAGES_PER_TICK; page += 1) {
    const candidates = await merchant.listBirthdayCandidates(month, { cursor, limit: BIRTHDAY_PAGE_SIZE });
    const lineUserIds = await lineUsersOf(
      deps,
      candidates.members.map((member) => member.memberId),
    );
    const rows = scenarios.flatMap((scenario) =>
      lineUserIds.map((lineUserId) => ({
        scenarioId: scenario.scenario_id,
        lineUserId,
        occurrenceKey: `birthday:${year}`,
        occurredAt,
      })),
    );
    enrolled += (await insertEnrollments(db, rows, now)).length;
    const next = candidates.nextCursor;
    await db
      .prepare(
        `INSERT INTO scenario_job_runs (job, period, cursor, completed_at) VALUES ('birthday', ?1, ?2, ?3)
         ON CONFLICT (job, period) DO UPDATE SET cursor = excluded.cursor, completed_at = excluded.completed_at
         WHERE scenario_job_runs.completed_at IS NULL`,
      )
      .bind(period, next, next === null ? now : null)
      .run();
    if (next === null) break;
    cursor = next;
  }
  return enrolled;
}

/** The LINE users of these members: the BFF's own record of links first, the merchant for the rest. */
async function lineUsersOf(deps: ScenarioTickDependencies, memberIds: readonly string[]): Promise<string[]> {
  if (memberIds.length === 0) return [];
  const { results } = await deps.db
    .prepare("SELECT member_id, line_user_id FROM member_links WHERE member_id IN (SELECT value FROM json_each(?1))")
    .bind(JSON.stringify(memberIds))
    .all<{ member_id: string; line_user_id: string }>();
  const known = new Map(results.map((row) => [row.member_id, row.line_user_id]));
  const unknown = memberIds.filter((memberId) => !known.has(memberId));
  for (let index = 0; index < unknown.length; index += 6) {
    const links = await Promise.all(unknown.slice(index, index + 6).map((memberId) => deps.merchant.getMemberLineLink(memberId)));
    for (const link of links) if (link) known.set(link.memberId, link.lineUserId);
  }
  return [...new Set(known.values())];
}

/** Copies final delivery states onto the sends, so results outlive the deliveries' 30 days. */
async function settleOutcomes(db: D1Database): Promise<number> {
  const result = await db
    .prepare(
      `UPDATE scenario_sends SET outcome = (SELECT state FROM deliveries d WHERE d.delivery_id = scenario_sends.delivery_id)
       WHERE rowid IN (SELECT s.rowid FROM scenario_sends s JOIN deliveries d ON d.delivery_id = s.delivery_id
         WHERE s.outcome IS NULL AND d.state IN ('sent', 'dead', 'cancelled') LIMIT 2000)`,
    )
    .run();
  return result.meta.changes;
}
