import { describe, expect, it } from "vitest";
import { z } from "zod";
import { renderMerchantOpenApi } from "../../bff/cli/openapi.ts";
import { ErrorBody } from "../../shared/errors.ts";
import { answersOf, MerchantEvent, merchantOperations, type MerchantOperation } from "../../shared/merchant-contract.ts";
import { merchantEventExamples, merchantOperationExamples } from "../../shared/merchant-contract-examples.ts";

const operations = merchantOperations as readonly MerchantOperation[];
const exampleOf = (op: MerchantOperation) => merchantOperationExamples[op.operationId as keyof typeof merchantOperationExamples];

/** What is wrong with an operation's example: empty when its request and answer are valid by the operation's schemas. */
function problemsOf(op: MerchantOperation): string[] {
  const example = exampleOf(op);
  const problems: string[] = [];
  if (op.requestBody) {
    const body = op.requestBody instanceof z.ZodOptional ? (op.requestBody.unwrap() as z.ZodType) : op.requestBody;
    const parsed = body.safeParse(example.request);
    if (!parsed.success) problems.push(`request: ${parsed.error.message}`);
  } else if (example.request !== undefined) problems.push("a request body for an operation without one");
  const answer = answersOf(op).find((candidate) => candidate.status === example.response.status);
  if (!answer || answer.status >= 300) return [...problems, `status ${example.response.status} is not a success it declares`];
  if (answer.body) {
    const parsed = answer.body.safeParse(example.response.body);
    if (!parsed.success) problems.push(`answer: ${parsed.error.message}`);
  } else if (example.response.body !== undefined) problems.push("a body on an answer without one");
  return problems;
}

describe("the merchant contract's examples", () => {
  it("give every operation a request (when it takes a body) and an answer, each valid by the operation's schemas", () => {
    expect(Object.keys(merchantOperationExamples).sort()).toEqual(operations.map((op) => op.operationId).sort());
    const problems = operations.flatMap((op) => problemsOf(op).map((problem) => `${op.operationId}: ${problem}`));
    expect(problems).toEqual([]);
  });

  it("are checked for real: an order without items is reported", () => {
    const createOrder = operations.find((op) => op.operationId === "createOrder")!;
    const example = exampleOf(createOrder);
    const original = example.request;
    example.request = { items: [], fulfilment: { type: "delivery" } };
    try {
      expect(problemsOf(createOrder)).toHaveLength(1);
    } finally {
      example.request = original;
    }
  });

  it("show every event as a valid MerchantEvent of its type", () => {
    const parsed = Object.entries(merchantEventExamples).map(([type, example]) => [type, MerchantEvent.parse(example).type]);
    expect(parsed.every(([type, parsedType]) => type === parsedType)).toBe(true);
    expect(parsed).toHaveLength(MerchantEvent.options.length);
  });

  it("show one valid ErrorBody per listed code on every error answer of the document, and an example on every success", () => {
    const doc = JSON.parse(renderMerchantOpenApi());
    type Documented = {
      "x-error-codes"?: string[];
      content?: { "application/json": { examples?: Record<string, { value: unknown }>; example?: unknown } };
    };
    const errorAnswers = operations.flatMap((op) =>
      Object.entries<Documented>(doc.paths[op.path][op.method].responses)
        .filter(([status]) => Number(status) >= 400)
        .map(([status, answer]) => ({ where: `${op.operationId} ${status}`, answer })),
    );
    const mismatched = errorAnswers.filter(({ answer }) => {
      const examples = answer.content?.["application/json"].examples ?? {};
      const codes = Object.entries(examples).map(([code, { value }]) =>
        ErrorBody.parse(value).error.code === code ? code : "?",
      );
      return JSON.stringify(codes) !== JSON.stringify(answer["x-error-codes"]);
    });
    expect(mismatched.map(({ where }) => where)).toEqual([]);
    expect(errorAnswers.length).toBeGreaterThan(operations.length * 2);

    const withoutExample = operations.filter((op) => {
      const success: Documented = doc.paths[op.path][op.method].responses[String(exampleOf(op).response.status)];
      return success.content !== undefined && success.content["application/json"].example === undefined;
    });
    expect(withoutExample.map((op) => op.operationId)).toEqual([]);
  });
});
