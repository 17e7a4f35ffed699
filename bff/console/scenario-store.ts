import type { D1Database, D1PreparedStatement } from "@cloudflare/workers-types/experimental";
import { ConsoleMessage } from "../../shared/console-message.ts";
import type { Scenario, ScenarioInput, ScenarioStepResults, ScenarioTrigger } from "../../shared/console-scenarios.ts";
import { delayOf, replanScenario } from "./scenarios.ts";

// The console's scenarios as stored: create, edit (steps keep their ids, so who got which step
// and its results survive an edit), pause and resume, and the results of each step.

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function newId(prefix: "scn" | "stp"): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return `${prefix}_${[...bytes].map((byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join("")}`;
}

interface ScenarioRow {
  scenario_id: string;
  name: string;
  trigger: ScenarioTrigger;
  trigger_days: number | null;
  state: "running" | "paused";
  created_at: number;
  updated_at: number;
}

interface StepRow {
  step_id: string;
  scenario_id: string;
  delay_amount: number;
  delay_unit: "minutes" | "hours" | "days";
  delay_from: "trigger" | "previous";
  at_time: string | null;
  message: string;
}

function stepStatements(db: D1Database, scenarioId: string, input: ScenarioInput): D1PreparedStatement[] {
  return input.steps.map((step, position) =>
    db
      .prepare(
        `INSERT INTO scenario_steps (step_id, scenario_id, position, delay_amount, delay_unit, delay_from, at_time, message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (step_id) DO UPDATE SET position = excluded.position, delay_amount = excluded.delay_amount,
           delay_unit = excluded.delay_unit, delay_from = excluded.delay_from, at_time = excluded.at_time,
           message = excluded.message, removed_at = NULL
         WHERE scenario_steps.scenario_id = excluded.scenario_id`,
      )
      .bind(
        step.stepId ?? newId("stp"),
        scenarioId,
        position,
        step.delay.amount,
        step.delay.unit,
        step.delay.from,
        step.delay.atTime ?? null,
        JSON.stringify(step.message),
      ),
  );
}

/** A new running scenario; its id. */
export async function createScenario(db: D1Database, input: ScenarioInput, now: number): Promise<string> {
  const scenarioId = newId("scn");
  await db.batch([
    db
      .prepare(
        `INSERT INTO scenarios (scenario_id, name, trigger, trigger_days, state, enrolling_since, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'running', ?5, ?5, ?5)`,
      )
      .bind(scenarioId, input.name, input.trigger, input.triggerDays ?? null, now),
    ...stepStatements(db, scenarioId, { ...input, steps: input.steps.map(({ stepId: _ignored, ...step }) => step) }),
  ]);
  return scenarioId;
}

export type UpdateOutcome = "updated" | "not_found" | "unknown_step";

/**
 * Replaces a scenario's name, trigger and steps. Steps named by id keep their sends; steps left
 * out are removed (never sent again; their results stay). Waiting members get the new steps.
 */
export async function updateScenario(
  db: D1Database,
  scenarioId: string,
  input: ScenarioInput,
  now: number,
): Promise<UpdateOutcome> {
  const existing = await db.prepare("SELECT 1 AS found FROM scenarios WHERE scenario_id = ?1").bind(scenarioId).first();
  if (!existing) return "not_found";
  const { results: ownSteps } = await db
    .prepare("SELECT step_id FROM scenario_steps WHERE scenario_id = ?1")
    .bind(scenarioId)
    .all<{ step_id: string }>();
  const own = new Set(ownSteps.map((row) => row.step_id));
  if (input.steps.some((step) => step.stepId !== undefined && !own.has(step.stepId))) return "unknown_step";
  const kept = input.steps.flatMap((step) => step.stepId ?? []);
  await db.batch([
    db
      .prepare("UPDATE scenarios SET name = ?2, trigger = ?3, trigger_days = ?4, updated_at = ?5 WHERE scenario_id = ?1")
      .bind(scenarioId, input.name, input.trigger, input.triggerDays ?? null, now),
    db
      .prepare(
        `UPDATE scenario_steps SET removed_at = ?3 WHERE scenario_id = ?1 AND removed_at IS NULL
           AND step_id NOT IN (SELECT value FROM json_each(?2))`,
      )
      .bind(scenarioId, JSON.stringify(kept), now),
    ...stepStatements(db, scenarioId, input),
  ]);
  await replanScenario(db, scenarioId);
  return "updated";
}

/**
 * Pauses or resumes. A paused scenario enrolls nobody and sends nothing; on resume, its waiting
 * members carry on, and time-based triggers count from the resume. False when there is no such scenario.
 */
export async function setScenarioState(
  db: D1Database,
  scenarioId: string,
  state: "running" | "paused",
  now: number,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE scenarios SET state = ?2, updated_at = ?3,
         enrolling_since = CASE WHEN ?2 = 'running' AND state = 'paused' THEN ?3 ELSE enrolling_since END
       WHERE scenario_id = ?1`,
    )
    .bind(scenarioId, state, now)
    .run();
  return result.meta.changes > 0;
}

/** Scenarios with their current steps and each step's results, newest first; one when an id is given. */
export async function readScenarios(db: D1Database, scenarioId?: string): Promise<Scenario[]> {
  const [scenarios, steps, results, clicks, waiting] = await db.batch([
    db
      .prepare(
        `SELECT scenario_id, name, trigger, trigger_days, state, created_at, updated_at FROM scenarios
         WHERE ?1 IS NULL OR scenario_id = ?1 ORDER BY created_at DESC`,
      )
      .bind(scenarioId ?? null),
    db
      .prepare(
        `SELECT step_id, scenario_id, delay_amount, delay_unit, delay_from, at_time, message FROM scenario_steps
         WHERE removed_at IS NULL AND (?1 IS NULL OR scenario_id = ?1) ORDER BY scenario_id, position`,
      )
      .bind(scenarioId ?? null),
    db
      .prepare(
        `SELECT s.step_id, COUNT(*) AS sent,
           SUM(COALESCE(s.outcome, d.state) = 'sent') AS delivered,
           SUM(COALESCE(s.outcome, d.state) IN ('dead', 'cancelled')) AS failed
         FROM scenario_sends s JOIN scenario_steps st ON st.step_id = s.step_id
           LEFT JOIN deliveries d ON d.delivery_id = s.delivery_id
         WHERE st.removed_at IS NULL AND (?1 IS NULL OR st.scenario_id = ?1) GROUP BY s.step_id`,
      )
      .bind(scenarioId ?? null),
    db
      .prepare(
        `SELECT c.source_id AS step_id, COUNT(DISTINCT COALESCE(c.line_user_id, c.visitor)) AS clicks
         FROM tracked_clicks c JOIN scenario_steps st ON st.step_id = c.source_id
         WHERE c.source_kind = 'scenario' AND st.removed_at IS NULL AND (?1 IS NULL OR st.scenario_id = ?1)
         GROUP BY c.source_id`,
      )
      .bind(scenarioId ?? null),
    db
      .prepare(
        `SELECT scenario_id, COUNT(*) AS waiting FROM scenario_enrollments
         WHERE state = 'active' AND (?1 IS NULL OR scenario_id = ?1) GROUP BY scenario_id`,
      )
      .bind(scenarioId ?? null),
  ]);
  const resultsOf = new Map(
    (results!.results as Array<{ step_id: string; sent: number; delivered: number | null; failed: number | null }>).map((row) => [
      row.step_id,
      row,
    ]),
  );
  const clicksOf = new Map(
    (clicks!.results as Array<{ step_id: string; clicks: number }>).map((row) => [row.step_id, row.clicks]),
  );
  const waitingOf = new Map(
    (waiting!.results as Array<{ scenario_id: string; waiting: number }>).map((row) => [row.scenario_id, row.waiting]),
  );
  const stepsOf = new Map<string, Scenario["steps"]>();
  for (const step of steps!.results as StepRow[]) {
    const counts = resultsOf.get(step.step_id);
    const sent = counts?.sent ?? 0;
    const delivered = counts?.delivered ?? 0;
    const failed = counts?.failed ?? 0;
    const stepResults: ScenarioStepResults = {
      sent,
      delivered,
      failed,
      pending: sent - delivered - failed,
      uniqueClicks: clicksOf.get(step.step_id) ?? 0,
    };
    stepsOf.set(step.scenario_id, [
      ...(stepsOf.get(step.scenario_id) ?? []),
      {
        stepId: step.step_id,
        delay: delayOf(step),
        message: ConsoleMessage.parse(JSON.parse(step.message)),
        results: stepResults,
      },
    ]);
  }
  return (scenarios!.results as ScenarioRow[]).map((row) => ({
    scenarioId: row.scenario_id,
    name: row.name,
    trigger: row.trigger,
    triggerDays: row.trigger_days,
    state: row.state,
    waiting: waitingOf.get(row.scenario_id) ?? 0,
    steps: stepsOf.get(row.scenario_id) ?? [],
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  }));
}
