import { createMiddleware } from "hono/factory";
import { errorBody } from "../../shared/errors.ts";
import type { AppEnv } from "../env.ts";

/** The role in the merchant's staff list that opens the console. */
export const ADMIN_ROLE = "admin";

/**
 * Lets through only LINE users the merchant lists as staff with the admin role, and sets
 * `staff`. Use after liffAuth. Everyone else, staff without the role included, gets the same
 * neutral refusal as the staff screen's: nothing says the console is here.
 */
export function requireAdmin() {
  return createMiddleware<AppEnv>(async function requireAdminMiddleware(c, next) {
    const staff = await c.get("merchant").getStaffByLineUser(c.get("lineUserId"));
    if (!staff?.roles?.includes(ADMIN_ROLE)) {
      return c.json(errorBody("forbidden", "Forbidden", { requestId: c.get("requestId") }), 403);
    }
    c.set("staff", staff);
    await next();
  });
}
