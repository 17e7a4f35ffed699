import { ErrorBody } from "../shared/errors.ts";
import type { Answer } from "./client.ts";
import { declaredAnswer, documentedErrorCodes, operationIds, type OperationId } from "./contract.ts";

// Check results and the report: one line per operation, then each failure with what was
// expected and what the merchant answered.

export type CheckOutcome = "pass" | "fail" | "skip";

export interface CheckResult {
  /** The operation checked; "events" for the event checks; "suite" when a group of checks could not run to its end. */
  operationId: OperationId | "events" | "suite";
  /** The kind of check, e.g. "happy path", "401 without key", "idempotency replay". */
  check: string;
  outcome: CheckOutcome;
  expected?: string;
  answered?: string;
  /** Why a check was skipped, or a note on a pass. */
  note?: string;
}

export interface ConformanceReport {
  baseUrl: string;
  /** The members the suite wrote to (fixture members only). */
  writesTo: string[];
  writesSkipped: boolean;
  results: CheckResult[];
  summary: { passed: number; failed: number; skipped: number; requests: number; durationMs: number };
  ok: boolean;
}

/** Collects check results; drops those of operations outside `--only`. */
export class Recorder {
  readonly results: CheckResult[] = [];
  constructor(private readonly wanted: (operationId: CheckResult["operationId"]) => boolean = () => true) {}

  pass(operationId: CheckResult["operationId"], check: string, note?: string): void {
    this.#add({ operationId, check, outcome: "pass", note });
  }

  fail(operationId: CheckResult["operationId"], check: string, expected: string, answered: string): void {
    this.#add({ operationId, check, outcome: "fail", expected, answered });
  }

  skip(operationId: CheckResult["operationId"], check: string, note: string): void {
    this.#add({ operationId, check, outcome: "skip", note });
  }

  /** Records a check that holds when `ok`; false when it failed. */
  expect(operationId: CheckResult["operationId"], check: string, ok: boolean, expected: string, answered: string): boolean {
    if (ok) this.pass(operationId, check);
    else this.fail(operationId, check, expected, answered);
    return ok;
  }

  /**
   * Checks an answer: the status expected, a body that parses with the contract's schema for
   * that status, and for an error the code expected (and one the contract lists, if it lists
   * any). Returns the parsed body when all hold, else undefined.
   */
  answer(check: string, answer: Answer, expected: { status: number | readonly number[]; code?: string | readonly string[] }) {
    const problem = answerProblem(answer, expected);
    if (problem === null) {
      this.pass(answer.operationId, check);
      return answer.body;
    }
    this.fail(answer.operationId, check, `${describeExpected(expected)} (${answer.request})`, problem);
    return undefined;
  }

  #add(result: CheckResult): void {
    if (this.wanted(result.operationId)) this.results.push(result);
  }
}

function describeExpected(expected: { status: number | readonly number[]; code?: string | readonly string[] }): string {
  const statuses = [expected.status].flat().join(" or ");
  const codes = expected.code === undefined ? "" : ` ${[expected.code].flat().join(" or ")}`;
  return `${statuses}${codes}`;
}

/** What is wrong with an answer, or null. */
export function answerProblem(
  answer: Answer,
  expected: { status: number | readonly number[]; code?: string | readonly string[] },
): string | null {
  if (answer.status === 0) return `no answer: ${answer.error ?? "network error"}`;
  const statuses = [expected.status].flat();
  if (!statuses.includes(answer.status)) return `${answer.status} ${abbreviate(answer.text)}`;
  const contractProblem = contractAnswerProblem(answer);
  if (contractProblem !== null) return contractProblem;
  if (expected.code !== undefined) {
    const code = ErrorBody.parse(answer.body).error.code;
    const codes = [expected.code].flat();
    if (!codes.includes(code)) return `${answer.status} with code ${code}`;
  }
  return null;
}

/** Whether an answer is one the contract allows for its operation: a declared status and a body of its schema. */
export function contractAnswerProblem(answer: Answer): string | null {
  const declared = declaredAnswer(answer.operationId, answer.status);
  if (declared === null) return `${answer.status}, a status ${answer.operationId} does not document: ${abbreviate(answer.text)}`;
  if (declared.body === undefined) return answer.text === "" ? null : `${answer.status} with a body, documented as empty`;
  if (!answer.contentType.startsWith("application/json")) {
    return `${answer.status} with content-type "${answer.contentType}", not application/json`;
  }
  const parsed = declared.body.safeParse(answer.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${answer.status} with a body that does not match the documented schema: ${issue.path.join(".") || "(body)"}: ${issue.message}`;
  }
  if (answer.status >= 400) {
    const code = ErrorBody.parse(answer.body).error.code;
    const listed = documentedErrorCodes(answer.operationId, answer.status);
    if (listed !== null && !listed.includes(code)) {
      return `${answer.status} with code ${code}, not one the contract lists (${listed.join(", ")})`;
    }
  }
  return null;
}

export const abbreviate = (text: string, length = 160) => {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
};

/** The human report: one line per operation (✓, ✗ or –), failures in full, then a summary. */
export function formatReport(report: ConformanceReport): string {
  const lines: string[] = [];
  lines.push(`Merchant conformance: ${report.baseUrl}`);
  lines.push(
    report.writesSkipped
      ? "Writes: skipped (no fixtures, or readOnly): only read-only, input and API-key checks ran."
      : `Writes: only to the fixture members ${report.writesTo.join(", ")}.`,
  );
  lines.push("");
  const groups: Array<CheckResult["operationId"]> = [...operationIds, "events", "suite"];
  for (const operationId of groups) {
    const results = report.results.filter((result) => result.operationId === operationId);
    if (results.length === 0) continue;
    const failed = results.filter((result) => result.outcome === "fail");
    const passed = results.filter((result) => result.outcome === "pass");
    const skipped = results.filter((result) => result.outcome === "skip");
    const mark = failed.length > 0 ? "✗" : passed.length > 0 ? "✓" : "–";
    const counts = [
      `${passed.length} passed`,
      failed.length > 0 ? `${failed.length} failed` : "",
      skipped.length > 0 ? `${skipped.length} skipped` : "",
    ]
      .filter(Boolean)
      .join(", ");
    lines.push(`${mark} ${operationId.padEnd(28)} ${counts}`);
    for (const failure of failed) {
      lines.push(`    ✗ ${failure.check}: expected ${failure.expected}; answered ${failure.answered}`);
    }
    for (const skip of skipped) lines.push(`    – ${skip.check}: skipped, ${skip.note}`);
  }
  const { passed, failed, skipped, requests, durationMs } = report.summary;
  lines.push("");
  lines.push(
    `${report.ok ? "PASS" : "FAIL"}: ${passed} checks passed, ${failed} failed, ${skipped} skipped ` +
      `(${requests} requests, ${(durationMs / 1000).toFixed(1)} s)`,
  );
  return lines.join("\n");
}
