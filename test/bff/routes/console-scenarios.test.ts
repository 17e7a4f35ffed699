import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Scenario, ScenarioListResponse, type ScenarioInput } from "../../../shared/console-scenarios.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { callBff, freshLineUserId, jsonBody, mintIdToken } from "../helpers.ts";
import { deliver } from "../webhook/helpers.ts";

// The console's scenario routes as an admin uses them. The admin-only guard on every one of
// them is checked by console.test.ts, which walks every /api/console route.

let adminToken: string;
beforeAll(async () => {
  adminToken = await mintIdToken({ persona: "admin" });
});
afterEach(async () => {
  await env.DB.prepare("UPDATE scenarios SET state = 'paused'").run();
});

const message = (title: string) => ({ ja: { title, body: "本文です。" }, en: { title: `${title} (en)`, body: "The body." } });
const valid: ScenarioInput = {
  name: "友だち追加のお礼",
  trigger: "followed",
  steps: [
    { delay: { amount: 0, unit: "minutes", from: "trigger" }, message: message("ありがとう") },
    { delay: { amount: 3, unit: "days", from: "trigger", atTime: "10:00" }, message: message("3日後") },
  ],
};

const send = (path: string, method: string, body?: unknown) =>
  callBff(`/api/console/scenarios${path}`, {
    token: adminToken,
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });

async function create(input: ScenarioInput = valid) {
  const response = await callBff("/api/console/scenarios", { token: adminToken, ...jsonBody(input) });
  expect(response.status).toBe(201);
  return Scenario.parse(await response.json());
}

async function auditOf(scenarioId: string) {
  const { results } = await env.DB.prepare("SELECT action, detail FROM console_audit WHERE target = ?1 ORDER BY audit_id")
    .bind(scenarioId)
    .all<{ action: string; detail: string | null }>();
  return results;
}

const scenarioCount = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM scenarios").first<{ n: number }>())?.n ?? 0;

describe("POST /api/console/scenarios", () => {
  it("creates a running scenario with its steps in order, audited as scenario.save", async () => {
    const scenario = await create();
    expect(scenario).toMatchObject({ name: "友だち追加のお礼", trigger: "followed", state: "running", waiting: 0 });
    expect(scenario.steps.map((step) => step.message.ja.title)).toEqual(["ありがとう", "3日後"]);
    expect(scenario.steps[1]!.delay).toEqual({ amount: 3, unit: "days", from: "trigger", atTime: "10:00" });
    expect(scenario.steps[0]!.results).toEqual({ sent: 0, delivered: 0, failed: 0, pending: 0, uniqueClicks: 0 });
    const audit = await auditOf(scenario.scenarioId);
    expect(audit.map((entry) => entry.action)).toEqual(["scenario.save"]);
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ trigger: "followed", steps: 2, created: true });
  });

  const invalid: Array<[string, unknown]> = [
    ["no steps", { ...valid, steps: [] }],
    ["no name", { ...valid, name: " " }],
    ["an unknown trigger", { ...valid, trigger: "birthday" }],
    ["days without a purchase missing", { ...valid, trigger: "no_purchase" }],
    ["days without a purchase on another trigger", { ...valid, triggerDays: 30 }],
    [
      "a time of day that is no time",
      { ...valid, steps: [{ ...valid.steps[0]!, delay: { amount: 1, unit: "days", from: "trigger", atTime: "25:00" } }] },
    ],
    ["a delay over a year", { ...valid, steps: [{ ...valid.steps[0]!, delay: { amount: 400, unit: "days", from: "trigger" } }] }],
    [
      "a message without a Japanese title",
      { ...valid, steps: [{ ...valid.steps[0]!, message: { ja: { title: "", body: "本文" } } }] },
    ],
    [
      "a picture that is not https",
      { ...valid, steps: [{ ...valid.steps[0]!, message: { ...message("画像"), imageUrl: "http://example.com/a.png" } }] },
    ],
    [
      "a coupon",
      { ...valid, steps: [{ ...valid.steps[0]!, message: { ...message("クーポン"), couponDefinitionId: "cdef_1" } }] },
    ],
  ];
  for (const [what, body] of invalid) {
    it(`refuses ${what} with 400 and stores nothing`, async () => {
      const before = await scenarioCount();
      const response = await send("", "POST", body);
      expect(response.status).toBe(400);
      expect(ErrorBody.parse(await response.json()).error.code).toBe("bad_request");
      expect(await scenarioCount()).toBe(before);
    });
  }
});

describe("PUT /api/console/scenarios/:scenarioId", () => {
  it("keeps the steps named by id, adds new ones and removes those left out", async () => {
    const scenario = await create();
    const [first, second] = scenario.steps;
    const response = await send(`/${scenario.scenarioId}`, "PUT", {
      name: "お礼(改)",
      trigger: "followed",
      steps: [
        { delay: { amount: 1, unit: "hours", from: "previous" }, message: message("新しい1通目") },
        { stepId: first!.stepId, delay: first!.delay, message: message("ありがとう(改)") },
      ],
    });
    expect(response.status).toBe(200);
    const edited = Scenario.parse(await response.json());
    expect(edited.name).toBe("お礼(改)");
    expect(edited.steps.map((step) => step.message.ja.title)).toEqual(["新しい1通目", "ありがとう(改)"]);
    expect(edited.steps[1]!.stepId).toBe(first!.stepId);
    expect(edited.steps.map((step) => step.stepId)).not.toContain(second!.stepId);
    expect((await auditOf(scenario.scenarioId)).map((entry) => entry.action)).toEqual(["scenario.save", "scenario.save"]);
  });

  it("refuses a step of another scenario with 400 and changes nothing", async () => {
    const mine = await create();
    const other = await create({ ...valid, name: "別のシナリオ" });
    const response = await send(`/${mine.scenarioId}`, "PUT", {
      ...valid,
      steps: [{ stepId: other.steps[0]!.stepId, delay: valid.steps[0]!.delay, message: message("乗っ取り") }],
    });
    expect(response.status).toBe(400);
    const [after] = ScenarioListResponse.parse(await (await send("", "GET")).json()).scenarios.filter(
      (scenario) => scenario.scenarioId === other.scenarioId,
    );
    expect(after!.steps[0]!.message.ja.title).toBe("ありがとう");
  });

  it("answers 404 for a scenario that does not exist and 400 for an id that is no id", async () => {
    expect((await send("/scn_doesnotexist0", "PUT", valid)).status).toBe(404);
    expect((await send("/not-an-id", "PUT", valid)).status).toBe(400);
    expect((await send("/scn_doesnotexist0/pause", "POST")).status).toBe(404);
  });
});

describe("pause and resume", () => {
  it("pauses and resumes, each audited", async () => {
    const scenario = await create();
    const paused = Scenario.parse(await (await send(`/${scenario.scenarioId}/pause`, "POST")).json());
    expect(paused.state).toBe("paused");
    const resumed = Scenario.parse(await (await send(`/${scenario.scenarioId}/resume`, "POST")).json());
    expect(resumed.state).toBe("running");
    expect((await auditOf(scenario.scenarioId)).map((entry) => entry.action)).toEqual([
      "scenario.save",
      "scenario.pause",
      "scenario.resume",
    ]);
  });
});

describe("GET /api/console/scenarios", () => {
  it("lists each step's sends, deliveries, waiting members and unique clicks", async () => {
    const scenario = await create();
    const userId = freshLineUserId();
    await deliver({ type: "follow", userId });
    const [first] = scenario.steps;
    // Two clicks by the same member and one by a visitor the redirect only knows by cookie.
    await env.DB.batch(
      [
        [userId, null],
        [userId, null],
        [null, "visitor-1"],
      ].map(([lineUserId, visitor]) =>
        env.DB.prepare(
          "INSERT INTO tracked_clicks (click_id, source_kind, source_id, line_user_id, visitor, clicked_at) VALUES (?1, 'scenario', ?2, ?3, ?4, ?5)",
        ).bind(crypto.randomUUID(), first!.stepId, lineUserId, visitor, Date.now()),
      ),
    );
    const response = await send(`/${scenario.scenarioId}`, "GET");
    expect(response.status).toBe(200);
    const listed = Scenario.parse(await response.json());
    expect(listed.waiting).toBe(1);
    expect(listed.steps[0]!.results).toEqual({ sent: 1, delivered: 1, failed: 0, pending: 0, uniqueClicks: 2 });
    expect(listed.steps[1]!.results.sent).toBe(0);
    const list = ScenarioListResponse.parse(await (await send("", "GET")).json());
    expect(list.scenarios.find((entry) => entry.scenarioId === scenario.scenarioId)?.steps[0]!.results.sent).toBe(1);
  });
});
