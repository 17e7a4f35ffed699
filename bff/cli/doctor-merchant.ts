// The merchant part of `npm run doctor`: a few read-only operations of the merchant contract,
// called with the BFF's key, their answers checked against the contract's zod schemas. Nothing is
// written at the merchant. (The full conformance suite, writes included, is separate.)
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { merchantOperations, type MerchantOperation } from "../../shared/merchant-contract.ts";
import type { DoctorCheck } from "./doctor.ts";

export interface MerchantDoctorOptions {
  apiBase: string;
  apiKey: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

interface ReadOnlyProbe {
  operationId: string;
  path: string;
  /** The statuses the contract allows for this call (a random LINE user is not linked: 404). */
  expect: number[];
}

// A LINE user id no merchant has: the contract's answer for it is 404.
const strangerLineUserId = () => `U${randomBytes(16).toString("hex")}`;

const probes = (): ReadOnlyProbe[] => [
  { operationId: "getLinkSettings", path: "/v1/link-settings", expect: [200] },
  { operationId: "getStaffSettings", path: "/v1/staff-settings", expect: [200] },
  { operationId: "getReservationSettings", path: "/v1/reservation-settings", expect: [200] },
  { operationId: "listReservableStores", path: "/v1/reservable-stores", expect: [200] },
  { operationId: "listLineLinks", path: "/v1/line-links?limit=1", expect: [200] },
  { operationId: "getLineLink", path: `/v1/line-links/${strangerLineUserId()}`, expect: [404] },
];

const KEY_FIX = "set MERCHANT_API_KEY to the key the merchant issued for this BFF (it is sent as `Authorization: Bearer …`)";

/** The merchant checks: reachable, accepts the key, refuses another key, answers by the contract. */
export async function checkMerchant(options: MerchantDoctorOptions): Promise<DoctorCheck[]> {
  const doFetch = options.fetch ?? fetch;
  const base = options.apiBase.replace(/\/+$/, "");
  const call = (path: string, key: string) =>
    doFetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${key}`, accept: "application/json" },
      signal: AbortSignal.timeout(options.timeoutMs),
    });

  const checks: DoctorCheck[] = [];
  const [first, ...rest] = probes();
  let firstResponse: Response;
  try {
    firstResponse = await call(first.path, options.apiKey);
  } catch (error) {
    return [
      {
        name: "merchant reachable",
        status: "problem",
        detail: `GET ${base}${first.path}: ${describeFailure(error, options.timeoutMs)}`,
        fix: "check MERCHANT_API_BASE (the base URL of the merchant's implementation of the merchant contract) and that it is up",
      },
    ];
  }
  if (firstResponse.status === 401 || firstResponse.status === 403) {
    return [
      { name: "merchant reachable", status: "ok", detail: base },
      {
        name: "merchant accepts MERCHANT_API_KEY",
        status: "problem",
        detail: `GET ${first.path} answered ${firstResponse.status}`,
        fix: KEY_FIX,
      },
    ];
  }
  checks.push({ name: "merchant reachable", status: "ok", detail: base });
  checks.push({
    name: "merchant accepts MERCHANT_API_KEY",
    status: "ok",
    detail: `GET ${first.path} answered ${firstResponse.status}`,
  });

  const conformance: string[] = [];
  const judge = async (probe: ReadOnlyProbe, response: Response) => {
    const problem = await conformanceProblem(probe, response);
    if (problem) conformance.push(problem);
  };
  await judge(first, firstResponse);
  for (const probe of rest) {
    try {
      await judge(probe, await call(probe.path, options.apiKey));
    } catch (error) {
      conformance.push(`GET ${probe.path}: ${describeFailure(error, options.timeoutMs)}`);
    }
  }
  checks.push(
    conformance.length === 0
      ? {
          name: "merchant answers by the contract",
          status: "ok",
          detail: `${probes().length} read-only operations (${probes()
            .map((probe) => probe.operationId)
            .join(", ")})`,
        }
      : {
          name: "merchant answers by the contract",
          status: "problem",
          detail: conformance.join("\n"),
          fix: "make these answers match shared/merchant-contract.openapi.json (the sandbox merchant in test/fakes/sandbox-merchant/ is the reference)",
        },
  );

  // A merchant that lets another key in would let anyone read its members.
  try {
    const other = await call(first.path, `doctor-wrong-key-${randomBytes(8).toString("hex")}`);
    checks.push(
      other.status === 401 || other.status === 403
        ? { name: "merchant refuses another key", status: "ok", detail: `a wrong key got ${other.status}` }
        : {
            name: "merchant refuses another key",
            status: "problem",
            detail: `GET ${first.path} with a wrong key answered ${other.status}`,
            fix: "the merchant API must answer 401 to a request without the right `Authorization: Bearer` key",
          },
    );
  } catch (error) {
    checks.push({
      name: "merchant refuses another key",
      status: "problem",
      detail: describeFailure(error, options.timeoutMs),
      fix: "the merchant API must answer 401 to a request without the right `Authorization: Bearer` key",
    });
  }
  return checks;
}

async function conformanceProblem(probe: ReadOnlyProbe, response: Response): Promise<string | null> {
  const where = `GET ${probe.path}`;
  if (!probe.expect.includes(response.status)) {
    return `${where} answered ${response.status}, the contract says ${probe.expect.join(" or ")}`;
  }
  const operation: MerchantOperation | undefined = merchantOperations.find(
    (candidate) => candidate.operationId === probe.operationId,
  );
  const schema: z.ZodType | undefined = operation?.responses.find((answer) => answer.status === response.status)?.body;
  if (!schema) return null;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return `${where} answered ${response.status} without a JSON body`;
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return null;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`)
    .join("; ");
  return `${where} (${probe.operationId}) body does not match the contract: ${issues}`;
}

export function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}
