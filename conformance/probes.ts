import type { z } from "zod";
import { newIdempotencyKey, type CallOptions } from "./client.ts";
import { declaresStatus, isIdempotentWrite, operation, operationIds, type OperationId } from "./contract.ts";
import { japanDate, UNKNOWN, type SuiteContext } from "./context.ts";

// Checks every operation can take without touching data: the API key (401), invalid bodies,
// parameters and query strings (400), a missing Idempotency-Key (400) and unknown ids (404).
// Every probe names ids no merchant has, so even a merchant that wrongly accepts one changes nothing.

/** A request every operation accepts in shape, naming unknown ids. */
export function sampleRequest(operationId: OperationId, ctx: SuiteContext): CallOptions {
  const storeId = ctx.fixtures?.staff.storeId ?? UNKNOWN.id;
  const staffId = ctx.fixtures?.staff.staffId ?? UNKNOWN.id;
  const params: Record<string, string> = {};
  for (const name of Object.keys(operation(operationId).pathParams ?? {})) params[name] = unknownValue(name);
  const future = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const queries: Partial<Record<OperationId, CallOptions["query"]>> = {
    listReservationSlots: { serviceId: UNKNOWN.id, date: japanDate(3) },
    listReminderCandidates: { from: new Date().toISOString(), to: future },
    listBirthdayCandidates: { month: 1 },
    listPointsExpiryCandidates: { from: japanDate(0), through: japanDate(30) },
  };
  const bodies: Partial<Record<OperationId, unknown>> = {
    authenticateMember: { memberNumber: UNKNOWN.memberNumber, secondFactor: { type: "pin", value: "0000" } },
    requestOneTimeCode: { memberNumber: UNKNOWN.memberNumber },
    putLineLink: { memberId: UNKNOWN.memberId },
    // Registering could create a member: the probe names a LINE user already linked, or sends no valid body.
    registerMember: ctx.fixtures?.members[0].lineUserId
      ? {
          lineUserId: ctx.fixtures.members[0].lineUserId,
          profile: { name: "適合 検査" },
          consents: { terms: true, marketingMessages: false },
        }
      : {},
    previewPointAward: { purchaseAmountYen: 1000, storeId },
    createPointTransaction: { kind: "award", purchaseAmountYen: 1000, storeId, staffId },
    createCheckIn: { storeId, staffId },
    voidStaffAction: { storeId, staffId },
    createOrder: { items: [{ productId: UNKNOWN.id, quantity: 1 }], fulfilment: { type: "delivery" } },
    createReservation: { serviceId: UNKNOWN.id, startsAt: future, partySize: 1 },
    changeReservation: { startsAt: future },
    grantCoupon: { couponDefinitionId: UNKNOWN.id },
    redeemCoupon: { storeId, staffId },
    evaluateSegment: { filter: {}, limit: 1 },
  };
  return {
    params,
    query: queries[operationId],
    body: bodies[operationId],
    idempotencyKey: isIdempotentWrite(operationId) ? newIdempotencyKey() : undefined,
  };
}

function unknownValue(parameter: string): string {
  if (parameter === "memberId") return UNKNOWN.memberId;
  if (parameter === "lineUserId") return UNKNOWN.lineUserId;
  if (parameter === "memberNumber") return UNKNOWN.memberNumber;
  if (parameter === "nonce") return UNKNOWN.nonce;
  return UNKNOWN.id;
}

/** A value the schema refuses, or null when none of the candidates is refused. */
export function invalidValue(schema: z.ZodType): string | null {
  for (const candidate of ["not-valid", "x".repeat(300), "bad.id!", "0", "13"]) {
    if (!schema.safeParse(candidate).success) return candidate;
  }
  return null;
}

export async function runProbes(ctx: SuiteContext): Promise<void> {
  const { client, record } = ctx;
  for (const operationId of operationIds) {
    if (!ctx.wants(operationId)) continue;
    const sample = sampleRequest(operationId, ctx);
    const definition = operation(operationId);

    // The API key: 401 ErrorBody without one and with a wrong one.
    record.answer("401 without API key", await client.call(operationId, { ...sample, auth: "none" }), {
      status: 401,
      code: "unauthorized",
    });
    record.answer("401 with a wrong API key", await client.call(operationId, { ...sample, auth: "wrong" }), {
      status: 401,
      code: "unauthorized",
    });

    // Bodies: not an object, and not JSON at all.
    if (definition.requestBody) {
      record.answer("400 on a body of the wrong type", await client.call(operationId, { ...sample, body: [] }), {
        status: 400,
        code: "bad_request",
      });
      record.answer("400 on malformed JSON", await client.call(operationId, { ...sample, body: undefined, rawBody: '{"' }), {
        status: 400,
        code: "bad_request",
      });
    }

    // Path parameters: one the schema refuses.
    for (const [name, schema] of Object.entries(definition.pathParams ?? {})) {
      const invalid = invalidValue(schema);
      if (invalid === null) continue;
      const answer = await client.call(operationId, { ...sample, params: { ...sample.params, [name]: invalid } });
      record.answer(`400 on an invalid ${name}`, answer, { status: 400, code: "bad_request" });
      break;
    }

    // Query parameters (cursors and limits are the pagination checks').
    for (const [name, schema] of Object.entries(definition.queryParams ?? {})) {
      if (name === "cursor" || name === "limit") continue;
      const invalid = invalidValue(schema);
      if (invalid === null) continue;
      const answer = await client.call(operationId, { ...sample, query: { ...sample.query, [name]: invalid } });
      record.answer(`400 on an invalid ${name}`, answer, { status: 400, code: "bad_request" });
    }

    if (isIdempotentWrite(operationId)) {
      const answer = await client.call(operationId, { ...sample, idempotencyKey: undefined });
      record.answer("400 without Idempotency-Key", answer, { status: 400, code: "bad_request" });
      const malformed = await client.call(operationId, { ...sample, idempotencyKey: "short" });
      record.answer("400 on a malformed Idempotency-Key", malformed, { status: 400, code: "bad_request" });
    }

    // Unknown ids: 404 not_found where the operation documents it.
    if (definition.pathParams && declaresStatus(operationId, 404)) {
      record.answer("404 for unknown ids", await client.call(operationId, sample), { status: 404, code: "not_found" });
    }
  }
}
