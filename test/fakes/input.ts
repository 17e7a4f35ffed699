import type { z } from "zod";
import { errorBody, type ErrorBody } from "../../shared/errors.ts";

// Reading and rejecting request input the same way in both fakes' dev endpoints and in the
// sandbox merchant's contract routes.

/** The shared 400 body for input that failed a zod schema; each issue keeps its dotted path. */
export function badRequestBody(error: z.ZodError, message = "The request is invalid"): ErrorBody {
  return errorBody("bad_request", message, {
    issues: error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
  });
}

/** A body that is not JSON becomes undefined, so zod reports it like any other bad input. */
export async function readJsonOrUndefined(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}
