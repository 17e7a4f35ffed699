import type { ErrorCode } from "../../shared/errors.ts";

// What clients read when the merchant refuses: our words, never the merchant's. A merchant's
// text can quote its internals, other people's data or markup; only its code travels on.
const refusalMessages: Partial<Record<ErrorCode, string>> = {
  bad_request: "The request was not accepted",
  unauthorized: "The member could not be authenticated",
  forbidden: "This action is not allowed",
  not_found: "Not found",
  conflict: "This conflicts with the current state",
  invalid_credentials: "The member number or the second factor does not match",
  already_linked: "This LINE account is already linked to a membership",
  member_linked_elsewhere: "This membership is already linked to another LINE account",
  not_linked: "Not linked",
  member_unlinked: "The membership is no longer linked",
  insufficient_points: "The points balance is too low",
  idempotency_conflict: "This idempotency key was already used for a different request",
  request_in_progress: "The same request is still in progress",
  items_unavailable: "Some items cannot be ordered now",
  price_changed: "Prices have changed since the order was prepared",
  fulfilment_unavailable: "This way of receiving the order is not available now",
  slot_full: "This time slot is full",
  slot_unavailable: "This time slot cannot be booked",
  cancellation_window_closed: "It is too late to change or cancel this reservation",
  reservation_cancelled: "This reservation has been cancelled",
  void_window_closed: "It is too late to void this action",
  coupon_used: "This coupon has already been used",
  coupon_expired: "This coupon has expired",
  coupon_wrong_store: "This coupon cannot be used at this store",
  rate_limited: "Too many requests; try again later",
};

/** Our own message for a refusal the merchant answered with `code`. */
export function refusalMessage(code: ErrorCode): string {
  return refusalMessages[code] ?? "The merchant refused the request";
}
