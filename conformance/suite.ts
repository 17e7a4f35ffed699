import { randomUUID } from "node:crypto";
import { MerchantClient, type FetchLike } from "./client.ts";
import { isOperationId, type OperationId } from "./contract.ts";
import type { SuiteContext } from "./context.ts";
import { EventListener, runEventChecks, type EventsOptions } from "./events.ts";
import { membersWrittenTo, type Fixtures } from "./fixtures.ts";
import { runProbes } from "./probes.ts";
import { runAuthorizationReads, runGlobalReads, runMemberReads } from "./reads.ts";
import { Recorder, type CheckResult, type ConformanceReport } from "./report.ts";
import { runCouponWrites, runLinkWrites, runOrderWrites, runRegisterWrites, runReservationWrites } from "./writes.ts";

export interface ConformanceOptions {
  baseUrl: string;
  apiKey: string;
  fixtures?: Fixtures;
  /** Run and report only these operations (`--only`). */
  only?: readonly string[];
  /** Listen for the merchant's signed events (`--events <port> --events-secret <secret>`). */
  events?: EventsOptions;
  fetch?: FetchLike;
  /** Progress lines (the CLI prints them). */
  log?: (line: string) => void;
}

/**
 * Runs the conformance suite against a merchant: probes every operation (API key, invalid input,
 * unknown ids), reads, pages, and, with fixtures, writes to the fixture members only.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const started = Date.now();
  const unknownOnly = (options.only ?? []).filter((name) => name !== "events" && !isOperationId(name));
  if (unknownOnly.length > 0) throw new Error(`--only names no operation of the contract: ${unknownOnly.join(", ")}`);
  const only = options.only && options.only.length > 0 ? new Set(options.only) : null;
  const wanted = (operationId: CheckResult["operationId"]) => only === null || operationId === "suite" || only.has(operationId);
  const fixtures = options.fixtures;
  const writes = fixtures !== undefined && fixtures.readOnly !== true;
  const writesTo = writes ? membersWrittenTo(fixtures) : [];
  const log = options.log ?? (() => {});
  log(
    writes
      ? `Writes go only to the fixture members: ${writesTo.join(", ")}.`
      : "No writes: without fixtures (or with readOnly) only reads, input and API-key checks run.",
  );

  const ctx: SuiteContext = {
    client: new MerchantClient(options.baseUrl, options.apiKey, options.fetch),
    record: new Recorder(wanted),
    fixtures,
    writes,
    runId: randomUUID(),
    wants: (...operationIds: OperationId[]) => operationIds.some(wanted),
    memberA: { orderIds: [], reservationIds: [], couponIds: [], pointEntryIds: [], staffActionIds: [] },
  };

  const listener = options.events && wanted("events") ? new EventListener(options.events) : null;
  if (listener) log(`Listening for events at ${await listener.start()}`);
  // A merchant's answer the checks did not foresee must not end the run: the group is reported and the next one runs.
  const guarded = async (group: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      ctx.record.fail("suite", group, "the group of checks to run to its end", `it stopped: ${message}`);
    }
  };
  try {
    log("API key, input and unknown-id checks…");
    await guarded("probes", () => runProbes(ctx));
    log("Reads and pagination…");
    await guarded("reads", () => runGlobalReads(ctx));
    if (fixtures && writes) {
      log("Writes: points, check-ins, orders, coupons, reservations, capacity…");
      await guarded("register writes", () => runRegisterWrites(ctx, fixtures));
      await guarded("order writes", () => runOrderWrites(ctx, fixtures));
      await guarded("coupon writes", () => runCouponWrites(ctx, fixtures));
      await guarded("reservation writes", () => runReservationWrites(ctx, fixtures));
      await guarded("link writes", () => runLinkWrites(ctx, fixtures));
    } else {
      for (const operationId of writeOperations) {
        if (ctx.wants(operationId)) ctx.record.skip(operationId, "writes", "no fixtures (or readOnly): writes skipped");
      }
    }
    await guarded("member reads", () => runMemberReads(ctx));
    log("Authorization…");
    await guarded("authorization", () => runAuthorizationReads(ctx));
    if (listener) {
      log("Events…");
      await guarded("events", () => runEventChecks(ctx, fixtures, listener));
    } else if (wanted("events")) {
      ctx.record.skip("events", "signed events", "not asked for (--events <port> --events-secret <secret>)");
    }
  } finally {
    await listener?.close();
  }

  const results = ctx.record.results;
  const count = (outcome: CheckResult["outcome"]) => results.filter((result) => result.outcome === outcome).length;
  const summary = {
    passed: count("pass"),
    failed: count("fail"),
    skipped: count("skip"),
    requests: ctx.client.requests,
    durationMs: Date.now() - started,
  };
  return { baseUrl: options.baseUrl, writesTo, writesSkipped: !writes, results, summary, ok: summary.failed === 0 };
}

const writeOperations: readonly OperationId[] = [
  "createPointTransaction",
  "createCheckIn",
  "voidStaffAction",
  "createOrder",
  "grantCoupon",
  "redeemCoupon",
  "voidCouponRedemption",
  "createReservation",
  "changeReservation",
  "cancelReservation",
  "putLineLink",
];
