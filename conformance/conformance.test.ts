import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startSandboxMerchant, type SandboxMerchant } from "../test/fakes/sandbox-merchant/index.ts";
import { startBrokenMerchant, type Break } from "./broken-merchant.ts";
import { loadFixtures, type Fixtures } from "./fixtures.ts";
import type { CheckResult, ConformanceReport } from "./report.ts";
import { runConformance } from "./suite.ts";

// The suite against the sandbox merchant (the reference implementation: no failure) and against
// a proxy of it that breaks one rule per break (each reported on the right operation and check).

const API_KEY = "conformance-test-key";
const HOOK_SECRET = "conformance-test-hook-secret";
const fixturesFile = fileURLToPath(new URL("./fixtures.sandbox.json", import.meta.url));

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function sandbox(): Promise<SandboxMerchant> {
  const merchant = await startSandboxMerchant({ apiKey: API_KEY, merchantEvents: { secret: HOOK_SECRET } });
  stops.push(() => merchant.close());
  return merchant;
}

/** Runs the suite with the sandbox's events sent to the suite's listener. */
async function run(baseUrl: string, merchant: SandboxMerchant, fixtures: Fixtures): Promise<ConformanceReport> {
  return runConformance({
    baseUrl,
    apiKey: API_KEY,
    fixtures,
    events: {
      port: 0,
      secret: HOOK_SECRET,
      timeoutMs: 3000,
      onListening: async (url) => {
        const answer = await fetch(`${merchant.url}/__dev/hook-endpoint`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ url }),
        });
        expect(answer.status).toBe(200);
      },
    },
  });
}

const failures = (report: ConformanceReport) => report.results.filter((result) => result.outcome === "fail");
const describeFailure = (result: CheckResult) =>
  `${result.operationId} › ${result.check}: ${result.expected} ≠ ${result.answered}`;
const passed = (report: ConformanceReport, operationId: CheckResult["operationId"], check: RegExp) =>
  report.results.some((result) => result.operationId === operationId && result.outcome === "pass" && check.test(result.check));

describe("merchant conformance suite", () => {
  it("passes the sandbox merchant, writing only to the fixture members", async () => {
    const merchant = await sandbox();
    const fixtures = await loadFixtures(fixturesFile);
    const report = await run(merchant.url, merchant, fixtures);

    expect(failures(report).map(describeFailure)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.writesTo).toEqual(["mem_0001", "mem_0003", "mem_0002"]);
    // The checks that matter ran and passed rather than being skipped.
    expect(passed(report, "createReservation", /^capacity: 6 concurrent bookings of a slot with 4 seats/)).toBe(true);
    expect(passed(report, "createPointTransaction", /^idempotency replay/)).toBe(true);
    expect(passed(report, "createOrder", /^idempotency conflict/)).toBe(true);
    expect(passed(report, "getOrder", /^authorization/)).toBe(true);
    expect(passed(report, "listOrders", /^pagination \(limit 2\)/)).toBe(true);
    expect(passed(report, "listOrders", /^garbage cursor/)).toBe(true);
    expect(passed(report, "createCheckIn", /^400 on a body of the wrong type/)).toBe(true);
    expect(passed(report, "getMemberSummary", /^401 with a wrong API key/)).toBe(true);
    expect(passed(report, "events", /^a signed event after the first link/)).toBe(true);
  });

  it("runs only reads, input and API-key checks without fixtures, and says writes were skipped", async () => {
    const merchant = await sandbox();
    const report = await runConformance({ baseUrl: merchant.url, apiKey: API_KEY, only: ["createOrder", "listLineLinks"] });

    expect(failures(report).map(describeFailure)).toEqual([]);
    expect(report.writesSkipped).toBe(true);
    expect(report.writesTo).toEqual([]);
    expect(
      report.results.some(
        (result) => result.operationId === "createOrder" && result.check === "writes" && result.outcome === "skip",
      ),
    ).toBe(true);
    expect(new Set(report.results.map((result) => result.operationId))).toEqual(new Set(["createOrder", "listLineLinks"]));
    const orders = await fetch(`${merchant.url}/__dev/requests`).then(
      (answer) => answer.json() as Promise<{ requests: Array<{ method: string; path: string }> }>,
    );
    const writes = orders.requests.filter((request) => request.method !== "GET" && /\/v1\/members\/mem_/.test(request.path));
    expect(writes).toEqual([]);
  });

  it("reports each rule a broken merchant breaks as a failure of the right operation and check", async () => {
    const merchant = await sandbox();
    const fixtures = await loadFixtures(fixturesFile);
    const breaks: Break[] = [
      "answersOtherMembersOrders",
      "ignoresIdempotencyKeys",
      "acceptsInvalidBody",
      "wrongErrorCode",
      "overbooks",
    ];
    const broken = await startBrokenMerchant({
      upstream: merchant.url,
      breaks,
      memberIds: fixtures.members.map((member) => member.memberId),
      defaultCheckIn: { storeId: fixtures.staff.storeId, staffId: fixtures.staff.staffId },
    });
    stops.push(() => broken.close());
    const report = await run(broken.url, merchant, fixtures);
    const failed = failures(report);
    const failedOn = (operationId: CheckResult["operationId"], check: RegExp) =>
      failed.some((result) => result.operationId === operationId && check.test(result.check));

    expect(report.ok).toBe(false);
    // answersOtherMembersOrders
    expect(failedOn("getOrder", /^authorization: another member's ord_\w+ is 404/)).toBe(true);
    // ignoresIdempotencyKeys
    expect(failedOn("createPointTransaction", /^idempotency replay/)).toBe(true);
    expect(failedOn("createPointTransaction", /^idempotency conflict/)).toBe(true);
    expect(failedOn("createPointTransaction", /^idempotency: the award counted once/)).toBe(true);
    // acceptsInvalidBody
    expect(failedOn("createCheckIn", /^400 on a body of the wrong type/)).toBe(true);
    // wrongErrorCode
    const wrongCode = failed.find(
      (result) => result.operationId === "getReservation" && result.check.startsWith("404 for unknown ids"),
    );
    expect(wrongCode?.answered).toMatch(/404 with code forbidden/);
    // overbooks
    expect(failedOn("createReservation", /^capacity/)).toBe(true);
    // Nothing else is blamed.
    const blamed = new Set(failed.map((result) => result.operationId));
    expect([...blamed].sort()).toEqual([
      "createCheckIn",
      "createPointTransaction",
      "createReservation",
      "getOrder",
      "getReservation",
    ]);
  });
});
