import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { enrollInScenarios, recordPurchase, runScenarioTick, stepDueAt } from "../../../bff/console/scenarios.ts";
import { createOutbox } from "../../../bff/delivery/outbox.ts";
import { pruneByAge } from "../../../bff/delivery/retention.ts";
import { signMerchantEvent } from "../../../bff/hooks/signature.ts";
import { createLogger } from "../../../bff/lib/log.ts";
import { createMerchantClient } from "../../../bff/merchant/client.ts";
import { Scenario, type ScenarioInput } from "../../../shared/console-scenarios.ts";
import { drainDeliveries, recordingQueue } from "../delivery/drain.ts";
import { callBff, chooseLanguage, freshLineUserId, jsonBody, linkForThisFile, mintIdToken } from "../helpers.ts";
import { deliver, flatten, pushesTo } from "../webhook/helpers.ts";

// Step delivery end to end: the trigger (a LINE follow event, a link, a registration, an order,
// the cron) enrolls the member, the cron plans due steps into the outbox on a simulated clock,
// the consumer sends them to the fake LINE platform, and the tests read what LINE got.

// 伊藤 翔 (1000-0006, born 7 July) is linked to a LINE user of this file's own: the only linked
// member born in July.
const julyMember = { lineUserId: freshLineUserId(), memberId: "mem_0006", token: "" };
// 鈴木 美咲 (1000-0003) gets order events from the merchant.
const shopper = { lineUserId: freshLineUserId(), memberId: "mem_0003", token: "" };
linkForThisFile(julyMember, shopper);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
let adminToken: string;

beforeAll(async () => {
  adminToken = await mintIdToken({ persona: "admin" });
});

// Scenarios are the merchant's, not a member's: each test's scenarios stop enrolling after it.
afterEach(async () => {
  await env.DB.prepare("UPDATE scenarios SET state = 'paused'").run();
});

const log = createLogger("scenario-test");

function engine(at: number) {
  return {
    db: env.DB,
    outbox: createOutbox({ db: env.DB, queue: recordingQueue, log, off: new Set(), now: () => at }),
    log,
    liffId: `${inject("liffChannelId")}-devmock`,
    merchant: createMerchantClient({
      baseUrl: inject("merchantUrl"),
      apiKey: inject("merchantApiKey"),
      timeoutMs: 5000,
      requestId: crypto.randomUUID(),
      log,
    }),
  };
}

/** One cron tick at a simulated time, then the consumer at that time. */
async function tick(at: number) {
  const result = await runScenarioTick(engine(at), at);
  await drainDeliveries({}, at);
  return result;
}

const step = (title: string, delay: ScenarioInput["steps"][number]["delay"], en?: string): ScenarioInput["steps"][number] => ({
  delay,
  message: {
    ja: { title, body: `${title}のご案内です。` },
    ...(en ? { en: { title: en, body: `About ${en}.` } } : {}),
    button: { screen: "/coupons" },
  },
});

async function createScenario(input: ScenarioInput) {
  const response = await callBff("/api/console/scenarios", { token: adminToken, ...jsonBody(input) });
  expect(response.status).toBe(201);
  return Scenario.parse(await response.json());
}

async function titlesPushedTo(lineUserId: string) {
  // A Flex message's altText is its title: what the notification shows.
  return (await pushesTo(lineUserId))
    .filter((call) => call.delivered)
    .map((call) => ((call.body?.messages ?? []) as Array<{ altText: string }>)[0]?.altText);
}

async function enrollmentStates(lineUserId: string) {
  const { results } = await env.DB.prepare("SELECT state FROM scenario_enrollments WHERE line_user_id = ?1")
    .bind(lineUserId)
    .all<{ state: string }>();
  return results.map((row) => row.state);
}

const welcomeSeries = (name: string): ScenarioInput => ({
  name,
  trigger: "followed",
  steps: [
    step(`${name} 1通目`, { amount: 0, unit: "minutes", from: "trigger" }, `${name} first`),
    step(`${name} 2通目`, { amount: 1, unit: "days", from: "previous" }, `${name} second`),
  ],
});

describe("scenarios › followed", () => {
  it("sends step 1 at the follow and step 2 a day later, each once across overlapping ticks and a re-delivered event", async () => {
    await createScenario(welcomeSeries("ようこそ"));
    const userId = freshLineUserId();
    const followedAt = Date.now();
    const { events } = await deliver({ type: "follow", userId });
    expect(await titlesPushedTo(userId)).toEqual(["ようこそ 1通目"]);

    // LINE delivers the same follow again, and the handler's enrollment runs again: nothing new.
    await deliver({ redeliver: events[0]!.webhookEventId });
    const [row] = (
      await env.DB.prepare("SELECT occurrence_key, occurred_at FROM scenario_enrollments WHERE line_user_id = ?1")
        .bind(userId)
        .all<{ occurrence_key: string; occurred_at: number }>()
    ).results;
    expect(
      await enrollInScenarios(engine(followedAt), {
        trigger: "followed",
        lineUserId: userId,
        occurredAt: row!.occurred_at,
        occurrenceKey: row!.occurrence_key,
      }),
    ).toBe(0);

    // Not yet due an hour later.
    await tick(followedAt + 60 * MINUTE);
    expect(await titlesPushedTo(userId)).toEqual(["ようこそ 1通目"]);

    // A day later, two ticks overlap, and one more runs after them.
    const dayLater = followedAt + DAY + 5 * MINUTE;
    await Promise.all([runScenarioTick(engine(dayLater), dayLater), runScenarioTick(engine(dayLater), dayLater)]);
    await drainDeliveries({}, dayLater);
    await tick(dayLater + 5 * MINUTE);
    expect(await titlesPushedTo(userId)).toEqual(["ようこそ 1通目", "ようこそ 2通目"]);
    expect(await enrollmentStates(userId)).toEqual(["done"]);
  });

  it("stops a member's remaining steps when they block the account", async () => {
    await createScenario(welcomeSeries("停止確認"));
    const userId = freshLineUserId();
    const followedAt = Date.now();
    await deliver({ type: "follow", userId });
    await deliver({ type: "unfollow", userId });
    await tick(followedAt + 2 * DAY);
    expect(await titlesPushedTo(userId)).toEqual(["停止確認 1通目"]);
    expect(await enrollmentStates(userId)).toEqual(["stopped"]);
  });

  it("writes to each member in the language they use the app in", async () => {
    await createScenario(welcomeSeries("言語"));
    const english = freshLineUserId();
    const japanese = freshLineUserId();
    await chooseLanguage(english, "en");
    await deliver({ type: "follow", userId: english });
    await deliver({ type: "follow", userId: japanese });
    expect(await titlesPushedTo(english)).toEqual(["言語 first"]);
    expect(await titlesPushedTo(japanese)).toEqual(["言語 1通目"]);
  });

  it("sends nothing and enrolls nobody while paused; on resume the waiting members carry on", async () => {
    const scenario = await createScenario(welcomeSeries("一時停止"));
    const waiting = freshLineUserId();
    const followedAt = Date.now();
    await deliver({ type: "follow", userId: waiting });
    const paused = await callBff(`/api/console/scenarios/${scenario.scenarioId}/pause`, { token: adminToken, method: "POST" });
    expect(Scenario.parse(await paused.json()).state).toBe("paused");

    const newcomer = freshLineUserId();
    await deliver({ type: "follow", userId: newcomer });
    await tick(followedAt + 2 * DAY);
    expect(await titlesPushedTo(newcomer)).toEqual([]);
    expect(await enrollmentStates(newcomer)).toEqual([]);
    expect(await titlesPushedTo(waiting)).toEqual(["一時停止 1通目"]);

    await callBff(`/api/console/scenarios/${scenario.scenarioId}/resume`, { token: adminToken, method: "POST" });
    await tick(followedAt + 2 * DAY + 5 * MINUTE);
    expect(await titlesPushedTo(waiting)).toEqual(["一時停止 1通目", "一時停止 2通目"]);
  });

  it("applies an edit to the steps a waiting member has not had yet", async () => {
    const scenario = await createScenario(welcomeSeries("編集"));
    const userId = freshLineUserId();
    const followedAt = Date.now();
    await deliver({ type: "follow", userId });
    const [first, second] = scenario.steps;
    const edited = await callBff(`/api/console/scenarios/${scenario.scenarioId}`, {
      token: adminToken,
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "編集",
        trigger: "followed",
        steps: [
          { stepId: first!.stepId, delay: first!.delay, message: first!.message },
          { stepId: second!.stepId, ...step("編集後の2通目", { amount: 2, unit: "hours", from: "previous" }) },
        ],
      }),
    });
    expect(edited.status).toBe(200);
    await tick(followedAt + 3 * 60 * MINUTE);
    expect(await titlesPushedTo(userId)).toEqual(["編集 1通目", "編集後の2通目"]);
  });
});

describe("scenarios › linked and registered", () => {
  it("enrolls a member who registers through the app into the linked and the registered scenarios, once", async () => {
    await createScenario({
      name: "連携",
      trigger: "linked",
      steps: [step("連携ありがとう", { amount: 0, unit: "minutes", from: "trigger" })],
    });
    await createScenario({
      name: "登録",
      trigger: "registered",
      steps: [step("登録ありがとう", { amount: 0, unit: "minutes", from: "trigger" })],
    });
    const sub = freshLineUserId();
    const token = await mintIdToken({ sub });
    const registered = await callBff("/api/link/register", {
      token,
      ...jsonBody({ profile: { name: "手順 確認" }, consents: { terms: true, marketingMessages: false } }),
    });
    expect(registered.status).toBe(201);
    expect((await titlesPushedTo(sub)).sort()).toEqual(["登録ありがとう", "連携ありがとう"].sort());
    await tick(Date.now() + DAY);
    expect(await titlesPushedTo(sub)).toHaveLength(2);
  });
});

describe("scenarios › tracked links", () => {
  it("sends step buttons through the tracked redirect and counts each member's clicks once per step", async () => {
    const scenario = await createScenario({
      name: "クリック",
      trigger: "registered",
      steps: [step("クリック計測", { amount: 0, unit: "minutes", from: "trigger" })],
    });
    const sub = freshLineUserId();
    const token = await mintIdToken({ sub });
    await callBff("/api/link/register", {
      token,
      ...jsonBody({ profile: { name: "計測 確認" }, consents: { terms: true, marketingMessages: false } }),
    });
    const [push] = (await pushesTo(sub)).filter((call) => call.delivered);
    const button = flatten(push?.body?.messages).actions.find((action) => action.type === "uri");
    expect(button?.uri).toMatch(/^https:\/\/bff\.test\/t\//);
    for (let click = 0; click < 2; click++) {
      const response = await callBff(new URL(button!.uri!).pathname, { redirect: "manual" });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`https://liff.line.me/${inject("liffChannelId")}-devmock/coupons`);
    }
    const response = await callBff(`/api/console/scenarios/${scenario.scenarioId}`, { token: adminToken });
    expect(Scenario.parse(await response.json()).steps[0]!.results).toMatchObject({ sent: 1, delivered: 1, uniqueClicks: 1 });
  });
});

describe("scenarios › first order", () => {
  it("enrolls a member when the merchant lists the order they placed through the app as their only one", async () => {
    await createScenario({
      name: "初回購入",
      trigger: "first_order",
      steps: [step("初めてのご注文", { amount: 0, unit: "minutes", from: "trigger" })],
    });
    const sub = freshLineUserId();
    const token = await mintIdToken({ sub });
    await callBff("/api/link/register", {
      token,
      ...jsonBody({ profile: { name: "初回 注文" }, consents: { terms: true, marketingMessages: false } }),
    });
    const order = (key: string) =>
      callBff("/api/orders", {
        token,
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify({
          items: [{ productId: "prd_001", quantity: 1 }],
          fulfilment: { type: "pickup", storeId: "store_futakotamagawa" },
        }),
      });
    expect((await order(crypto.randomUUID())).status).toBe(201);
    expect((await order(crypto.randomUUID())).status).toBe(201);
    const titles = await titlesPushedTo(sub);
    expect(titles.filter((title) => title === "初めてのご注文")).toHaveLength(1);
  });
});

describe("scenarios › time-based triggers", () => {
  it("enrolls members born this month on the 1st (Japan time), once a year", async () => {
    await createScenario({
      name: "誕生月",
      trigger: "birthday_month",
      steps: [step("お誕生月おめでとう", { amount: 0, unit: "days", from: "trigger", atTime: "10:00" })],
    });
    const lineUserId = julyMember.lineUserId;
    await tick(Date.parse("2027-07-01T00:05:00+09:00"));
    expect(await titlesPushedTo(lineUserId)).toEqual([]);
    await tick(Date.parse("2027-07-01T10:05:00+09:00"));
    await tick(Date.parse("2027-07-01T10:10:00+09:00"));
    await tick(Date.parse("2027-07-02T10:10:00+09:00"));
    expect(await titlesPushedTo(lineUserId)).toEqual(["お誕生月おめでとう"]);
    await tick(Date.parse("2028-07-01T10:05:00+09:00"));
    expect(await titlesPushedTo(lineUserId)).toEqual(["お誕生月おめでとう", "お誕生月おめでとう"]);
  });

  it("enrolls a member whose last purchase is the scenario's days ago, once per purchase gap", async () => {
    await createScenario({
      name: "休眠",
      trigger: "no_purchase",
      triggerDays: 30,
      steps: [
        step("お久しぶりです", { amount: 0, unit: "minutes", from: "trigger" }),
        step("まだお待ちしています", { amount: 7, unit: "days", from: "previous" }),
      ],
    });
    const lineUserId = freshLineUserId();
    const boughtAt = Date.now() + MINUTE;
    await env.DB.prepare("INSERT INTO scenario_purchases (line_user_id, last_purchase_at) VALUES (?1, ?2)")
      .bind(lineUserId, boughtAt)
      .run();
    await tick(boughtAt + 29 * DAY);
    expect(await titlesPushedTo(lineUserId)).toEqual([]);
    await tick(boughtAt + 30 * DAY + MINUTE);
    await tick(boughtAt + 31 * DAY);
    expect(await titlesPushedTo(lineUserId)).toEqual(["お久しぶりです"]);
    // They buy again before step 2: the rest stops; 30 days after that purchase they enter again.
    const boughtAgain = boughtAt + 33 * DAY;
    await recordPurchase(engine(boughtAgain), {
      lineUserId,
      memberId: "mem_9999",
      orderId: "ord_again",
      orderedAt: boughtAgain,
    });
    await tick(boughtAt + 40 * DAY);
    expect(await titlesPushedTo(lineUserId)).toEqual(["お久しぶりです"]);
    expect(await enrollmentStates(lineUserId)).toEqual(["stopped"]);
    await tick(boughtAgain + 30 * DAY + MINUTE);
    expect(await titlesPushedTo(lineUserId)).toEqual(["お久しぶりです", "お久しぶりです"]);
  });

  it("takes in members that other code enrolls on points about to expire", async () => {
    await createScenario({
      name: "失効",
      trigger: "points_expiring",
      steps: [step("ポイントの有効期限が近づいています", { amount: 0, unit: "minutes", from: "trigger" })],
    });
    const lineUserId = freshLineUserId();
    const occurrence = {
      trigger: "points_expiring" as const,
      lineUserId,
      occurredAt: Date.now(),
      occurrenceKey: "expiring:2027-01-31",
    };
    expect(await enrollInScenarios(engine(Date.now()), occurrence)).toBe(1);
    expect(await enrollInScenarios(engine(Date.now()), occurrence)).toBe(0);
    await drainDeliveries();
    expect(await titlesPushedTo(lineUserId)).toEqual(["ポイントの有効期限が近づいています"]);
  });
});

describe("scenarios › what the BFF learns of purchases", () => {
  async function orderEvent(status: "shipped" | "cancelled", occurredAt: string) {
    const body = JSON.stringify({
      type: "order.status_changed",
      eventId: `evt_${crypto.randomUUID()}`,
      occurredAt,
      memberId: shopper.memberId,
      orderId: "ord_0900",
      status,
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await callBff("/hooks/merchant", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-merchant-timestamp": String(timestamp),
        "x-merchant-signature": await signMerchantEvent(env.MERCHANT_HOOK_SECRET, timestamp, body),
      },
      body,
    });
    expect(response.status).toBe(202);
  }
  const lastPurchase = async () =>
    (
      await env.DB.prepare("SELECT last_purchase_at AS at FROM scenario_purchases WHERE line_user_id = ?1")
        .bind(shopper.lineUserId)
        .first<{ at: number }>()
    )?.at ?? null;

  it("takes the last purchase from the merchant's order events, never from a cancellation or an older event", async () => {
    await orderEvent("cancelled", "2026-11-20T10:00:00+09:00");
    expect(await lastPurchase()).toBeNull();
    await orderEvent("shipped", "2026-11-25T10:00:00+09:00");
    await orderEvent("shipped", "2026-11-21T10:00:00+09:00");
    expect(await lastPurchase()).toBe(Date.parse("2026-11-25T10:00:00+09:00"));
  });
});

describe("scenario retention", () => {
  it("forgets finished enrollments and their sends after 400 days, and keeps members still waiting", async () => {
    const now = Date.now();
    const old = now - 401 * DAY;
    const scenario = await createScenario(welcomeSeries("保存期間"));
    const insert = (lineUserId: string, state: string) =>
      env.DB.prepare(
        `INSERT INTO scenario_enrollments (scenario_id, line_user_id, occurrence_key, occurred_at, anchor_at, next_due_at, state, created_at)
         VALUES (?1, ?2, 'old', ?3, ?3, ?4, ?5, ?3) RETURNING enrollment_id`,
      )
        .bind(scenario.scenarioId, lineUserId, old, now + DAY, state)
        .first<{ enrollment_id: number }>();
    const finished = await insert(freshLineUserId(), "done");
    const waiting = await insert(freshLineUserId(), "active");
    await env.DB.prepare("INSERT INTO scenario_sends (enrollment_id, step_id, delivery_id, planned_at) VALUES (?1, ?2, 'x', ?3)")
      .bind(finished!.enrollment_id, scenario.steps[0]!.stepId, old)
      .run();
    await pruneByAge(env.DB, now);
    const left = await env.DB.prepare(
      "SELECT enrollment_id FROM scenario_enrollments WHERE enrollment_id IN (?1, ?2) ORDER BY enrollment_id",
    )
      .bind(finished!.enrollment_id, waiting!.enrollment_id)
      .all<{ enrollment_id: number }>();
    expect(left.results.map((row) => row.enrollment_id)).toEqual([waiting!.enrollment_id]);
    const sends = await env.DB.prepare("SELECT COUNT(*) AS n FROM scenario_sends WHERE enrollment_id = ?1")
      .bind(finished!.enrollment_id)
      .first<{ n: number }>();
    expect(sends?.n).toBe(0);
  });
});

describe("stepDueAt", () => {
  it("lands a delay on the Japan time of day asked, never before the trigger", () => {
    const followed = Date.parse("2027-03-01T15:00:00+09:00");
    expect(stepDueAt({ amount: 3, unit: "days", from: "trigger", atTime: "10:00" }, followed)).toBe(
      Date.parse("2027-03-04T10:00:00+09:00"),
    );
    expect(stepDueAt({ amount: 0, unit: "days", from: "trigger", atTime: "10:00" }, followed)).toBe(
      Date.parse("2027-03-02T10:00:00+09:00"),
    );
    expect(stepDueAt({ amount: 90, unit: "minutes", from: "trigger" }, followed)).toBe(followed + 90 * MINUTE);
  });
});
