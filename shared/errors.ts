import { z } from "zod";

/** Every machine-readable error code the BFF and the merchant contract answer with. */
export const ErrorCode = z.enum([
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "invalid_credentials",
  "already_linked",
  "member_linked_elsewhere",
  "not_linked",
  "card_expired",
  "card_used",
  "card_invalid",
  "member_unlinked",
  "insufficient_points",
  "idempotency_conflict",
  "rate_limited",
  "upstream_unavailable",
  "upstream_timeout",
  "upstream_invalid",
  "internal",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** One field-level problem in a rejected request. */
export const ErrorIssue = z.object({
  path: z.string().describe("Dotted path of the offending field, empty for the whole input"),
  message: z.string(),
});
export type ErrorIssue = z.infer<typeof ErrorIssue>;

/** The single JSON shape of every error answer, from the BFF and from a merchant. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string().describe("Human-readable, English; the app shows its own localised text"),
      requestId: z.string().optional(),
      issues: z.array(ErrorIssue).optional(),
      retryAfterSeconds: z.number().int().nonnegative().optional(),
    }),
  })
  .meta({ id: "ErrorBody" });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Builds an error body; the one place its shape is written. */
export function errorBody(
  code: ErrorCode,
  message: string,
  extra: Omit<ErrorBody["error"], "code" | "message"> = {},
): ErrorBody {
  return { error: { code, message, ...extra } };
}
