import { z } from "zod";

/** Every machine-readable error code the BFF and the merchant contract answer with. */
export const ErrorCode = z.enum([
  "bad_request",
  "payload_too_large",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "invalid_credentials",
  "member_locked",
  "possible_duplicate",
  "already_linked",
  "member_linked_elsewhere",
  "not_linked",
  "card_expired",
  "card_used",
  "card_invalid",
  "already_checked_in",
  "over_points_cap",
  "member_unlinked",
  "insufficient_points",
  "idempotency_conflict",
  "request_in_progress",
  "items_unavailable",
  "price_changed",
  "fulfilment_unavailable",
  "slot_full",
  "slot_unavailable",
  "cancellation_window_closed",
  "void_window_closed",
  "reservation_cancelled",
  "coupon_used",
  "coupon_expired",
  "coupon_wrong_store",
  "rate_limited",
  "upstream_unavailable",
  "merchant_unavailable_redeem",
  "merchant_unavailable_coupon",
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

/** A product an order asked for that cannot be ordered now (answer to `items_unavailable`). */
export const UnavailableItem = z.object({
  productId: z.string(),
  availability: z
    .enum(["out_of_stock", "discontinued"])
    .describe("discontinued also covers products the merchant does not know (no longer sold)"),
});
export type UnavailableItem = z.infer<typeof UnavailableItem>;

/** The single JSON shape of every error answer, from the BFF and from a merchant. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string().describe("Human-readable, English; the app shows its own localised text"),
      requestId: z.string().optional(),
      issues: z.array(ErrorIssue).optional(),
      retryAfterSeconds: z.number().int().nonnegative().optional(),
      remainingTries: z
        .number()
        .int()
        .nonnegative()
        .optional()
        .describe("With code invalid_credentials: wrong answers left before linking pauses or the member is locked"),
      unavailableItems: z
        .array(UnavailableItem)
        .optional()
        .describe("With code items_unavailable: every item of the request that cannot be ordered now"),
    }),
  })
  .meta({ id: "ErrorBody" });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Builds an error body; the one place its shape is written. */
export function errorBody(code: ErrorCode, message: string, extra: Omit<ErrorBody["error"], "code" | "message"> = {}): ErrorBody {
  return { error: { code, message, ...extra } };
}
