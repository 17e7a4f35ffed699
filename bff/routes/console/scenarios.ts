import { Hono } from "hono";
import { ScenarioInput, ScenarioParams, type Scenario, type ScenarioListResponse } from "../../../shared/console-scenarios.ts";
import { recordConsoleAction } from "../../console/audit.ts";
import { createScenario, readScenarios, setScenarioState, updateScenario } from "../../console/scenario-store.ts";
import type { AppEnv } from "../../env.ts";
import { refuse } from "../../lib/refuse.ts";
import { validate } from "../../lib/validate.ts";

/**
 * Scenarios (step delivery), /api/console/scenarios: the list with each step's results, create
 * and edit, pause and resume. Mounted behind the console's admin guard; every write is audited.
 */
export const scenarioRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const body: ScenarioListResponse = { scenarios: await readScenarios(c.env.DB) };
    c.header("cache-control", "no-store");
    return c.json(body, 200);
  })
  .post("/", validate("json", ScenarioInput), async (c) => {
    const input = c.req.valid("json");
    const now = Date.now();
    const scenarioId = await createScenario(c.env.DB, input, now);
    await recordConsoleAction(
      c.env.DB,
      c.get("staff"),
      {
        action: "scenario.save",
        target: scenarioId,
        detail: { trigger: input.trigger, steps: input.steps.length, created: true },
      },
      now,
    );
    const [scenario] = await readScenarios(c.env.DB, scenarioId);
    const body: Scenario = scenario!;
    return c.json(body, 201);
  })
  .get("/:scenarioId", validate("param", ScenarioParams), async (c) => {
    const [scenario] = await readScenarios(c.env.DB, c.req.valid("param").scenarioId);
    if (!scenario) return refuse(c, 404, "not_found", "No such scenario");
    c.header("cache-control", "no-store");
    const body: Scenario = scenario;
    return c.json(body, 200);
  })
  .put("/:scenarioId", validate("param", ScenarioParams), validate("json", ScenarioInput), async (c) => {
    const { scenarioId } = c.req.valid("param");
    const input = c.req.valid("json");
    const now = Date.now();
    const outcome = await updateScenario(c.env.DB, scenarioId, input, now);
    if (outcome === "not_found") return refuse(c, 404, "not_found", "No such scenario");
    if (outcome === "unknown_step") return refuse(c, 400, "bad_request", "A step belongs to another scenario or does not exist");
    await recordConsoleAction(
      c.env.DB,
      c.get("staff"),
      {
        action: "scenario.save",
        target: scenarioId,
        detail: { trigger: input.trigger, steps: input.steps.length, created: false },
      },
      now,
    );
    const [scenario] = await readScenarios(c.env.DB, scenarioId);
    const body: Scenario = scenario!;
    return c.json(body, 200);
  })
  .post("/:scenarioId/pause", validate("param", ScenarioParams), async (c) => {
    const { scenarioId } = c.req.valid("param");
    const now = Date.now();
    if (!(await setScenarioState(c.env.DB, scenarioId, "paused", now))) return refuse(c, 404, "not_found", "No such scenario");
    await recordConsoleAction(c.env.DB, c.get("staff"), { action: "scenario.pause", target: scenarioId }, now);
    const [scenario] = await readScenarios(c.env.DB, scenarioId);
    const body: Scenario = scenario!;
    return c.json(body, 200);
  })
  .post("/:scenarioId/resume", validate("param", ScenarioParams), async (c) => {
    const { scenarioId } = c.req.valid("param");
    const now = Date.now();
    if (!(await setScenarioState(c.env.DB, scenarioId, "running", now))) return refuse(c, 404, "not_found", "No such scenario");
    await recordConsoleAction(c.env.DB, c.get("staff"), { action: "scenario.resume", target: scenarioId }, now);
    const [scenario] = await readScenarios(c.env.DB, scenarioId);
    const body: Scenario = scenario!;
    return c.json(body, 200);
  });
