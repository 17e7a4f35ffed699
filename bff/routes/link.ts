import { Hono, type Context } from "hono";
import {
  LinkRequest,
  RegisterRequest,
  type LinkResponse,
  type LinkSettingsResponse,
  type RichMenuStatusResponse,
} from "../../shared/api.ts";
import { richMenuStatus } from "../delivery/status.ts";
import type { AppEnv } from "../env.ts";
import { linkStatusOf } from "../lib/link-status.ts";
import { refuse } from "../lib/refuse.ts";
import { clearLinkAttempts, countLinkAttempt, type RateLimit } from "../lib/rate-limit.ts";
import { validate } from "../lib/validate.ts";
import { liffAuth } from "../middleware/liff-auth.ts";

/** Tries per LINE user and per member number before linking pauses: slow for guessing, fine for typos. */
export const LINK_ATTEMPT_LIMIT: RateLimit = { limit: 5, windowSeconds: 15 * 60 };

/**
 * After the merchant linked the user: their summary, and the members' rich menu recorded in
 * the outbox. The switch is "pending" until LINE confirms it; the app asks GET /rich-menu.
 */
async function completeLink(c: Context<AppEnv>, memberId: string): Promise<LinkResponse> {
  const [summary] = await Promise.all([
    c.get("merchant").getMemberSummary(memberId),
    c.get("outbox").showRichMenu(c.get("lineUserId"), true),
  ]);
  return { link: linkStatusOf(summary), richMenu: "pending" };
}

/** ID連携 from the LIFF app: link with member number + second factor, register, unlink. */
export const linkRoutes = new Hono<AppEnv>()
  .use(liffAuth())
  .get("/settings", async (c) => {
    const settings: LinkSettingsResponse = await c.get("merchant").getLinkSettings();
    return c.json(settings, 200);
  })
  .post("/", validate("json", LinkRequest), async (c) => {
    const merchant = c.get("merchant");
    const lineUserId = c.get("lineUserId");
    const request = c.req.valid("json");

    if (await merchant.getLineLink(lineUserId)) {
      return refuse(c, 409, "already_linked", "This LINE account is already linked to a membership");
    }
    // Both counters move on every try: one stops a user guessing many numbers, the other
    // stops many accounts guessing one member's PIN.
    const verdicts = await Promise.all([
      countLinkAttempt(c.env.DB, "user", lineUserId, LINK_ATTEMPT_LIMIT),
      countLinkAttempt(c.env.DB, "member", request.memberNumber, LINK_ATTEMPT_LIMIT),
    ]);
    const wait = Math.max(...verdicts.map((v) => (v.allowed ? 0 : v.retryAfterSeconds)));
    if (wait > 0) return refuse(c, 429, "rate_limited", "Too many linking attempts; try again later", wait);

    const memberId = await merchant.authenticateMember(request);
    if (!memberId) {
      return refuse(c, 422, "invalid_credentials", "The member number or the second factor does not match");
    }
    const linked = await merchant.putLineLink(lineUserId, memberId);
    if (!linked) return refuse(c, 422, "invalid_credentials", "The member number or the second factor does not match");
    if ("conflict" in linked) {
      return refuse(c, 409, "member_linked_elsewhere", "This membership is already linked to another LINE account");
    }
    await Promise.all([
      clearLinkAttempts(c.env.DB, "user", lineUserId),
      clearLinkAttempts(c.env.DB, "member", request.memberNumber),
    ]);
    c.get("log").info("linked");
    return c.json(await completeLink(c, linked.memberId), 200);
  })
  .post("/register", validate("json", RegisterRequest), async (c) => {
    const merchant = c.get("merchant");
    const lineUserId = c.get("lineUserId");
    if (await merchant.getLineLink(lineUserId)) {
      return refuse(c, 409, "already_linked", "This LINE account is already linked to a membership");
    }
    // The merchant creates the member and the link in one step, so a double tap cannot leave
    // a second, unlinked member behind: the repeat is refused as already linked.
    const registered = await merchant.registerMember({ lineUserId, ...c.req.valid("json") });
    if ("conflict" in registered) {
      return refuse(c, 409, "already_linked", "This LINE account is already linked to a membership");
    }
    c.get("log").info("registered");
    return c.json(await completeLink(c, registered.memberId), 201);
  })
  .delete("/", async (c) => {
    const lineUserId = c.get("lineUserId");
    if (!(await c.get("merchant").deleteLineLink(lineUserId))) {
      return refuse(c, 404, "not_linked", "This LINE account is not linked to a membership");
    }
    await c.get("outbox").showRichMenu(lineUserId, false);
    c.get("log").info("unlinked");
    const body: LinkResponse = { link: { status: "unlinked" }, richMenu: "pending" };
    return c.json(body, 200);
  })
  .get("/rich-menu", async (c) => {
    const body: RichMenuStatusResponse = await richMenuStatus(c.env.DB, c.get("lineUserId"));
    c.header("cache-control", "no-store");
    return c.json(body, 200);
  });
