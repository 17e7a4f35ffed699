import { createMiddleware } from "hono/factory";
import { errorBody } from "../../shared/errors.ts";
import type { AppEnv } from "../env.ts";

/**
 * Lets through only LINE users linked to a membership and sets `memberId`, looked up at the
 * merchant from the verified token's user, never taken from the request. Use after liffAuth.
 */
export function requireMember() {
  return createMiddleware<AppEnv>(async function requireMemberMiddleware(c, next) {
    const link = await c.get("merchant").getLineLink(c.get("lineUserId"));
    if (!link) {
      return c.json(
        errorBody("not_linked", "Link a membership to see points and orders", { requestId: c.get("requestId") }),
        404,
      );
    }
    c.set("memberId", link.memberId);
    await next();
  });
}
