import { createMiddleware } from "hono/factory";
import { errorBody } from "../../shared/errors.ts";
import type { AppEnv } from "../env.ts";

/** Lets through only LINE users the merchant lists as staff, and sets `staff`. Use after liffAuth. */
export function requireStaff() {
  return createMiddleware<AppEnv>(async function requireStaffMiddleware(c, next) {
    const staff = await c.get("merchant").getStaffByLineUser(c.get("lineUserId"));
    if (!staff) {
      // The same answer for every non-staff caller and every staff route: no hint of what is here.
      return c.json(errorBody("forbidden", "Forbidden", { requestId: c.get("requestId") }), 403);
    }
    c.set("staff", staff);
    await next();
  });
}
