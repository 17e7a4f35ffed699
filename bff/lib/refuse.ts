import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { errorBody, type ErrorCode } from "../../shared/errors.ts";
import type { AppEnv } from "../env.ts";

/** Answers an expected "no" (not found, conflict, limits…) with the shared error body. */
export function refuse<Status extends ContentfulStatusCode>(
  c: Context<AppEnv>,
  status: Status,
  code: ErrorCode,
  message: string,
  retryAfterSeconds?: number,
) {
  if (retryAfterSeconds !== undefined) c.header("retry-after", String(retryAfterSeconds));
  return c.json(errorBody(code, message, { requestId: c.get("requestId"), retryAfterSeconds }), status);
}
