import type { Context, MiddlewareHandler } from "hono";
import { validator } from "hono/validator";
import type { z } from "zod";
import { errorBody, type ErrorBody } from "../../shared/errors.ts";

// Reading requests and writing answers the contract's way: every input through a contract
// schema (a bad one is 400 with the one error shape), every answer through its schema too, so
// a mapping mistake is the adapter's 500 rather than a wrong answer to the BFF.

function badRequestBody(error: z.ZodError): ErrorBody {
  return errorBody("bad_request", "The request is invalid", {
    issues: error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
  });
}

/** Validates path parameters with a contract schema. */
export const validParams = <Schema extends z.ZodType>(schema: Schema) =>
  validator("param", (value, c) => {
    const result = schema.safeParse(value);
    return result.success ? result.data : c.json(badRequestBody(result.error), 400);
  });

/** Validates the JSON body with a contract schema. */
export const validJson = <Schema extends z.ZodType>(schema: Schema) =>
  validator("json", (value, c) => {
    const result = schema.safeParse(value);
    return result.success ? result.data : c.json(badRequestBody(result.error), 400);
  });

/** Validates the query string with a contract schema. */
export const validQuery = <Schema extends z.ZodType>(schema: Schema) =>
  validator("query", (value, c) => {
    const result = schema.safeParse(value);
    return result.success ? result.data : c.json(badRequestBody(result.error), 400);
  });

/** Answers a body after checking it against the contract schema of that answer. */
export function answer<Schema extends z.ZodType, Status extends 200 | 201>(
  c: Context,
  schema: Schema,
  body: z.input<Schema>,
  status: Status,
) {
  return c.json(schema.parse(body) as object, status);
}

export const notFound = (c: Context, message: string) => c.json(errorBody("not_found", message), 404);

async function sha256(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)));
}

/** Compares two secrets without leaking where they differ: both are hashed to equal lengths first. */
export async function secretsMatch(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(presented), sha256(expected)]);
  let difference = 0;
  for (let index = 0; index < a.length; index += 1) difference |= a[index] ^ b[index];
  return difference === 0;
}

/** Lets through only requests with `Authorization: Bearer <the adapter's API key>`, as the BFF sends it. */
export function requireApiKey(apiKey: string): MiddlewareHandler {
  return async function checkApiKey(c, next) {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (presented === undefined || !(await secretsMatch(presented, apiKey))) {
      c.header("WWW-Authenticate", 'Bearer realm="shopify-adapter"');
      return c.json(errorBody("unauthorized", "A valid API key is required"), 401);
    }
    return next();
  };
}
