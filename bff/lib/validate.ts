import type { ValidationTargets } from "hono";
import { validator } from "hono/validator";
import type { z } from "zod";
import { errorBody } from "../../shared/errors.ts";

/** Validates one part of the request with a zod schema; every failure is the same 400 body. */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return validator(target, (value, c) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data as z.output<Schema>;
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
    }));
    return c.json(
      errorBody("bad_request", `The request ${target} is not valid`, {
        requestId: c.get("requestId") as string | undefined,
        issues,
      }),
      400,
    );
  });
}
