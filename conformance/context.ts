import type { z } from "zod";
import type { Answer, MerchantClient } from "./client.ts";
import type { OperationId } from "./contract.ts";
import type { Fixtures } from "./fixtures.ts";
import type { Recorder } from "./report.ts";

/** What every group of checks works with. */
export interface SuiteContext {
  client: MerchantClient;
  record: Recorder;
  fixtures: Fixtures | undefined;
  /** Whether writes to the fixture members are allowed (fixtures given and not readOnly). */
  writes: boolean;
  /** Unique per run: grant keys and notes carry it. */
  runId: string;
  /** Whether `--only` selects this operation. */
  wants(...operationIds: OperationId[]): boolean;
  /** Resources of the first fixture member, found by reading or made by the writes, for the authorization checks. */
  memberA: MemberResources;
}

export interface MemberResources {
  orderIds: string[];
  reservationIds: string[];
  couponIds: string[];
  pointEntryIds: string[];
  /** A point transaction or check-in the suite made, for voidStaffAction as another member. */
  staffActionIds: string[];
}

/** Ids no merchant has: syntactically valid, so a correct merchant answers 404, never 400. */
export const UNKNOWN = {
  memberId: "conformance-unknown-member",
  lineUserId: `U${"c0ffee00".repeat(4)}`,
  id: "conformance_unknown_id",
  memberNumber: "conformance-unknown",
  nonce: "conformance-unknown-nonce",
} as const;

/** A 200 answer's body parsed with the contract's schema, or null (another status, or off the schema). */
export function okBody<Schema extends z.ZodType>(answer: Answer, schema: Schema): z.infer<Schema> | null {
  if (answer.status !== 200) return null;
  const parsed = schema.safeParse(answer.body);
  return parsed.success ? parsed.data : null;
}

/** Japan calendar date `days` from now (the contract's dates are Japan dates). */
export function japanDate(days = 0, now = Date.now()): string {
  return new Date(now + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

export const firstMember = (fixtures: Fixtures) => fixtures.members[0];
export const secondMember = (fixtures: Fixtures) => fixtures.members[1];
