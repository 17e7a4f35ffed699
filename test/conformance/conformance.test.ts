import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startSandboxMerchant, type SandboxMerchant } from "../fakes/sandbox-merchant/index.ts";
import { lineLinkSeeds, memberSeeds } from "../fakes/sandbox-merchant/seed.ts";
import { startBrokenMerchant, type Break } from "../../conformance/broken-merchant.ts";
import { loadFixtures, type Fixtures } from "../../conformance/fixtures.ts";
import type { CheckResult, ConformanceReport } from "../../conformance/report.ts";
import { runConformance } from "../../conformance/suite.ts";

// The suite against the sandbox merchant (the reference implementation: no failure) and against
// a proxy of it that breaks one rule per break (each reported on the right operation and check).

const API_KEY = "conformance-test-key";
const HOOK_SECRET = "conformance-test-hook-secret";
const fixturesFile = fileURLToPath(new URL("../../conformance/fixtures.sandbox.json", import.meta.url));

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
async function run(
  baseUrl: string,
  merchant: SandboxMerchant,
  fixtures: Fixtures,
  { only, secret = HOOK_SECRET, timeoutMs = 3000 }: { only?: string[]; secret?: string; timeoutMs?: number } = {},
): Promise<ConformanceReport> {
  return runConformance({
    baseUrl,
    apiKey: API_KEY,
    fixtures,
    only,
    events: {
      port: 0,
      secret,
      timeoutMs,
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

// Generous timeouts: the machine running `npm test` may be busy; each run takes about a second alone.
describe("merchant conformance suite", { timeout: 30_000 }, () => {
  it("passes the sandbox merchant, writing only to the fixture members", async () => {
    const merchant = await sandbox();
    // More linked members than one small page, so the merchant-wide lists page too.
    const bulk = await fetch(`${merchant.url}/__dev/bulk-members`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ count: 40, seed: "conformance" }),
    });
    expect(bulk.status).toBe(200);
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
    expect(passed(report, "listLineLinks", /^pagination \(limit 2\)/)).toBe(true);
    expect(passed(report, "evaluateSegment", /^pagination \(limit 2\)/)).toBe(true);
    expect(passed(report, "listBirthdayCandidates", /^pagination/)).toBe(true);
    expect(passed(report, "createCheckIn", /^400 on a body of the wrong type/)).toBe(true);
    expect(passed(report, "getMemberSummary", /^401 with a wrong API key/)).toBe(true);
    expect(passed(report, "events", /^a signed event after the first link/)).toBe(true);
  });

  it("without fixtures runs only reads, input and API-key checks, says writes were skipped and writes to no member", async () => {
    const merchant = await sandbox();
    const report = await runConformance({ baseUrl: merchant.url, apiKey: API_KEY });

    expect(failures(report).map(describeFailure)).toEqual([]);
    expect(report.writesSkipped).toBe(true);
    expect(report.writesTo).toEqual([]);
    const skippedWrites = report.results.filter((result) => result.check === "writes" && result.outcome === "skip");
    expect(skippedWrites.map((result) => result.operationId)).toContain("createOrder");
    // Every write the probes sent named ids no member has: none reached a seeded member or LINE user.
    const log = (await (await fetch(`${merchant.url}/__dev/requests`)).json()) as {
      requests: Array<{ method: string; path: string }>;
    };
    const seeded = [...memberSeeds.map((member) => member.memberId), ...lineLinkSeeds.map((link) => link.lineUserId)];
    const writes = log.requests.filter((request) => request.method !== "GET");
    expect(writes.length).toBeGreaterThan(40);
    expect(writes.filter((request) => seeded.some((id) => request.path.includes(id)))).toEqual([]);
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

  it("fails events not signed with the shared secret", async () => {
    const merchant = await sandbox();
    const fixtures = await loadFixtures(fixturesFile);
    const report = await run(merchant.url, merchant, fixtures, { only: ["events"], secret: "another-secret", timeoutMs: 500 });

    const failed = failures(report);
    expect(failed.map((result) => `${result.operationId} › ${result.check}`)).toEqual([
      "events › a signed event after the first link",
      "events › every event signed and shaped as documented",
    ]);
    expect(failed[1].answered).toContain("x-merchant-signature v1=");
  });

  it("CLI: one line per operation, what failed, the members it writes to, and exit code 1 on a failure", async () => {
    const merchant = await sandbox();
    const broken = await startBrokenMerchant({
      upstream: merchant.url,
      breaks: ["acceptsInvalidBody"],
      memberIds: [],
      defaultCheckIn: { storeId: "store_shibuya", staffId: "stf_001" },
    });
    stops.push(() => broken.close());
    const args = ["--api-key", API_KEY, "--fixtures", fixturesFile, "--only", "createCheckIn,getLinkSettings"];

    const failing = await cli(["--base-url", broken.url, ...args]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain("Writes go only to the fixture members: mem_0001, mem_0003, mem_0002.");
    expect(failing.stdout).toMatch(/^✓ getLinkSettings +\d+ passed$/m);
    expect(failing.stdout).toMatch(/^✗ createCheckIn +\d+ passed, 2 failed$/m);
    expect(failing.stdout).toContain("✗ 400 on a body of the wrong type: expected 400 bad_request");

    const passing = await cli(["--base-url", merchant.url, ...args, "--json"]);
    expect(passing.code).toBe(0);
    const report = JSON.parse(passing.stdout) as ConformanceReport;
    expect(report.ok).toBe(true);
    expect(report.summary.failed).toBe(0);
    expect(new Set(report.results.map((result) => result.operationId))).toEqual(new Set(["createCheckIn", "getLinkSettings"]));
  });
});

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "conformance/cli.ts", ...args], { cwd: repoRoot }, (error, stdout) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout });
    });
  });
}
