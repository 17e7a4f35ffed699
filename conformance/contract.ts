import { z } from "zod";
import { ErrorBody } from "../shared/errors.ts";
import * as contract from "../shared/merchant-contract.ts";
import { merchantOperations, type MerchantOperation } from "../shared/merchant-contract.ts";

// What the suite expects, read from the merchant contract (shared/merchant-contract.ts): the
// operation table gives each operation's method, path, inputs and the body schema of every
// status it may answer. Nothing here restates the document by hand.

export type OperationId = (typeof merchantOperations)[number]["operationId"];

export const operationIds: readonly OperationId[] = merchantOperations.map((operation) => operation.operationId);

export function operation(operationId: OperationId): MerchantOperation {
  const found = (merchantOperations as readonly MerchantOperation[]).find((candidate) => candidate.operationId === operationId);
  if (!found) throw new Error(`unknown operation ${operationId}`);
  return found;
}

export const isOperationId = (value: string): value is OperationId => (operationIds as readonly string[]).includes(value);

/** Answers every operation may give, as the contract's header says (a bad input, a missing or wrong key). */
const EVERY_OPERATION_MAY_ANSWER: ReadonlyArray<{ status: number; body: z.ZodType }> = [
  { status: 400, body: ErrorBody },
  { status: 401, body: ErrorBody },
];

type DeclaredAnswer = { status: number; body?: z.ZodType; codes?: readonly string[] };

/**
 * Every answer the document lists for an operation: the contract's own `answersOf` when it
 * exports one (it adds the answers every operation may give), else the operation's responses
 * and the 400 and 401 every operation may answer.
 */
function answersOf(operationId: OperationId): readonly DeclaredAnswer[] {
  const exported: unknown = (contract as Record<string, unknown>).answersOf;
  if (typeof exported === "function")
    return (exported as (operation: MerchantOperation) => DeclaredAnswer[])(operation(operationId));
  const declared: readonly DeclaredAnswer[] = operation(operationId).responses;
  return [...declared, ...EVERY_OPERATION_MAY_ANSWER.filter((answer) => !declared.some((own) => own.status === answer.status))];
}

/** The declared answer for a status, or null when the operation does not document it. */
export function declaredAnswer(operationId: OperationId, status: number): DeclaredAnswer | null {
  return answersOf(operationId).find((answer) => answer.status === status) ?? null;
}

export const declaresStatus = (operationId: OperationId, status: number) =>
  operation(operationId).responses.some((answer) => answer.status === status);

/**
 * The error codes the contract lists for an operation and status, when it exports such a list
 * (`operationErrorCodes`, keyed by operation, then optionally by status; or `errorCodes` on an
 * answer of the table). Null when it lists none: any code of the ErrorBody enum is then allowed.
 */
export function documentedErrorCodes(operationId: OperationId, status: number): readonly string[] | null {
  const declared = declaredAnswer(operationId, status) as { errorCodes?: unknown; codes?: unknown } | null;
  const onAnswer = stringList(declared?.errorCodes) ?? stringList(declared?.codes);
  if (onAnswer) return onAnswer;
  const table: unknown = (contract as Record<string, unknown>).operationErrorCodes;
  if (typeof table !== "object" || table === null) return null;
  const forOperation: unknown = (table as Record<string, unknown>)[operationId];
  const flat = stringList(forOperation);
  if (flat) return flat;
  if (typeof forOperation === "object" && forOperation !== null) {
    return stringList((forOperation as Record<string, unknown>)[String(status)]);
  }
  return null;
}

function stringList(value: unknown): readonly string[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? (value as string[]) : null;
}

/**
 * The largest page a list operation serves: the contract's `paging.maxLimit` when it has one,
 * else the maximum of its `limit` query parameter (or, for evaluateSegment, of the body's).
 */
export function maxPageLimit(operationId: OperationId): number | null {
  const definition = operation(operationId) as MerchantOperation & { paging?: { maxLimit?: unknown } };
  if (typeof definition.paging?.maxLimit === "number") return definition.paging.maxLimit;
  const limit = definition.queryParams?.limit;
  if (limit) return maximumOf(limit);
  if (operationId === "evaluateSegment") return contract.SEGMENT_PAGE_MAX;
  return null;
}

/** The largest value a numeric parameter schema accepts (a page limit's maximum), or null. */
export function maximumOf(schema: z.ZodType): number | null {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    maximum?: number;
    $ref?: string;
    $defs?: Record<string, { maximum?: number }>;
  };
  if (typeof json.maximum === "number") return json.maximum;
  const name = json.$ref?.split("/").pop();
  const referenced = name === undefined ? undefined : json.$defs?.[name];
  return typeof referenced?.maximum === "number" ? referenced.maximum : null;
}

/** The request body schema of an operation; throws for one without a body. */
export function requestBodySchema(operationId: OperationId): z.ZodType {
  const schema = operation(operationId).requestBody;
  if (!schema) throw new Error(`${operationId} takes no body`);
  return schema;
}

export const isIdempotentWrite = (operationId: OperationId) =>
  operation(operationId).headerParams?.["Idempotency-Key"] !== undefined;
