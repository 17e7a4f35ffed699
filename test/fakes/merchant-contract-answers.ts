import type { z } from "zod";
import { ErrorBody } from "../../shared/errors.ts";
import { merchantOperations } from "../../shared/merchant-contract.ts";

// Test support: checks a sandbox merchant answer against the contract the BFF is built on.

export type MerchantOperationId = (typeof merchantOperations)[number]["operationId"];

// Answers any operation may give, written once in the contract's header comment rather than per operation.
const ANSWERS_EVERY_OPERATION_MAY_GIVE: ReadonlyArray<{ status: number; body: z.ZodType }> = [
  { status: 400, body: ErrorBody },
  { status: 401, body: ErrorBody },
];

/**
 * Parses a response with the body schema the contract declares for its status, and throws
 * when the status is not one the operation may answer. A body-less answer must be empty.
 */
export async function parseContractAnswer(operationId: MerchantOperationId, response: Response): Promise<unknown> {
  const operation = merchantOperations.find((candidate) => candidate.operationId === operationId);
  if (!operation) throw new Error(`unknown operation ${operationId}`);
  const declared: ReadonlyArray<{ status: number; body?: z.ZodType }> = operation.responses;
  const answer = [...declared, ...ANSWERS_EVERY_OPERATION_MAY_GIVE].find((candidate) => candidate.status === response.status);
  if (!answer) throw new Error(`${operationId} does not declare status ${response.status}`);

  const text = await response.text();
  if (answer.body === undefined) {
    if (text !== "") throw new Error(`${operationId} ${response.status} should have no body, got ${text}`);
    return undefined;
  }
  const contentType = response.headers.get("content-type") ?? "";
  if (!contentType.startsWith("application/json")) throw new Error(`${operationId} answered ${contentType}`);
  return answer.body.parse(JSON.parse(text));
}
