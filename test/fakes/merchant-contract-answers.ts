import { ErrorBody } from "../../shared/errors.ts";
import { answersOf, merchantOperations, type MerchantOperation } from "../../shared/merchant-contract.ts";

// Test support: checks a sandbox merchant answer against the contract the BFF is built on.

export type { MerchantOperationId } from "../../shared/merchant-contract.ts";
import type { MerchantOperationId } from "../../shared/merchant-contract.ts";

/**
 * Parses a response with the body schema the contract declares for its status, and throws
 * when the status is not one the operation may answer, or an error answer carries a code the
 * operation does not list for that status (operationErrorCodes). A body-less answer must be empty.
 */
export async function parseContractAnswer(operationId: MerchantOperationId, response: Response): Promise<unknown> {
  const operation = (merchantOperations as readonly MerchantOperation[]).find(
    (candidate) => candidate.operationId === operationId,
  );
  if (!operation) throw new Error(`unknown operation ${operationId}`);
  const answer = answersOf(operation).find((candidate) => candidate.status === response.status);
  if (!answer) throw new Error(`${operationId} does not declare status ${response.status}`);

  const text = await response.text();
  if (answer.body === undefined) {
    if (text !== "") throw new Error(`${operationId} ${response.status} should have no body, got ${text}`);
    return undefined;
  }
  const contentType = response.headers.get("content-type") ?? "";
  if (!contentType.startsWith("application/json")) throw new Error(`${operationId} answered ${contentType}`);
  const body: unknown = answer.body.parse(JSON.parse(text));
  if (answer.codes) {
    const { code } = ErrorBody.parse(body).error;
    if (!answer.codes.includes(code)) throw new Error(`${operationId} ${response.status} does not list code ${code}`);
  }
  return body;
}
