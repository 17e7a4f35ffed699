import { validator } from "hono/validator";
import type { z } from "zod";
import { badRequestBody } from "../input.ts";

// One wrapper per input kind, so every rejected input gets the same 400 ErrorBody. Malformed
// JSON never reaches these: Hono throws for it and the app's onError answers the same body.

/** Validates path parameters with a shared contract schema. */
export function validPathParams<Schema extends z.ZodType>(schema: Schema) {
  return validator("param", (value, c) => {
    const result = schema.safeParse(value);
    return result.success ? result.data : c.json(badRequestBody(result.error), 400);
  });
}

/** Validates a JSON body with a shared contract schema. */
export function validJsonBody<Schema extends z.ZodType>(schema: Schema) {
  return validator("json", (value, c) => {
    const result = schema.safeParse(value);
    return result.success ? result.data : c.json(badRequestBody(result.error), 400);
  });
}

/** Validates the query string with a shared contract schema. */
export function validQuery<Schema extends z.ZodType>(schema: Schema) {
  return validator("query", (value, c) => {
    const result = schema.safeParse(value);
    return result.success ? result.data : c.json(badRequestBody(result.error), 400);
  });
}
