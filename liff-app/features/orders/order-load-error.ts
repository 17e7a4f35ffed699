import { ApiError } from "../../lib/api-client.ts";

/**
 * How a failed order read is shown: "not found" for a missing order, someone else's order (the
 * BFF answers both alike) and an id that can't be one; "not linked" with the way to link.
 */
export function orderLoadFailure(error: unknown): "not_found" | "not_linked" | "other" {
  if (!(error instanceof ApiError)) return "other";
  if (error.code === "not_linked") return "not_linked";
  if (error.status === 404 || error.code === "bad_request") return "not_found";
  return "other";
}
