import { Hono, type Context } from "hono";
import {
  LinkRequest,
  OneTimeCodeRequest,
  RegisterRequest,
  type LinkResponse,
  type LinkSettingsResponse,
  type RichMenuStatusResponse,
} from "../../shared/api.ts";
import { errorBody } from "../../shared/errors.ts";
import { richMenuStatus } from "../delivery/status.ts";
import type { AppEnv } from "../env.ts";
import { linkStatusOf } from "../lib/link-status.ts";
import { refuse } from "../lib/refuse.ts";
import {
  clearFailures,
  FAILURE_BUDGETS,
  failureSubject,
  memberNumberIdentity,
  reserveFailure,
  type FailureBudget,
} from "../lib/rate-limit.ts";
import { validate } from "../lib/validate.ts";
import { liffAuth } from "../middleware/liff-auth.ts";

/**
 * Codes a LINE user, and a member, may have sent: each one is an email or a text to a real
 * person, so these count every request, not failures.
 */
export const ONE_TIME_CODE_BUDGET: FailureBudget = {
  short: { limit: 3, windowSeconds: 15 * 60 },
  day: { limit: 10, windowSeconds: 24 * 60 * 60 },
};

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
    const db = c.env.DB;
    const log = c.get("log");
    const userSubject = await failureSubject("link-user", lineUserId);
    // The caller's own budget first: a caller who is paused never spends the member's budget,
    // so nobody can keep someone else's member number locked by trying from a paused account.
    const user = await reserveFailure(db, userSubject, FAILURE_BUDGETS.link);
    if (!user.allowed) {
      return refuse(c, 429, "rate_limited", "Too many linking attempts; try again later", user.retryAfterSeconds);
    }
    const member = await reserveFailure(
      db,
      await failureSubject("link-member", memberNumberIdentity(request.memberNumber)),
      FAILURE_BUDGETS.link,
    );
    if (!member.allowed) {
      // Nothing was checked, so this is no failure of the caller's either.
      await user.refund();
      if (member.dayLimitReached) {
        return refuse(c, 423, "member_locked", "Linking is locked for this membership: please contact the shop");
      }
      return refuse(c, 429, "rate_limited", "Too many linking attempts; try again later", member.retryAfterSeconds);
    }

    let memberId: string | null;
    try {
      memberId = await merchant.authenticateMember(request);
    } catch (error) {
      await Promise.all([user.refund(), member.refund()]);
      throw error;
    }
    if (!memberId) {
      const remainingTries = Math.min(user.remainingAfterFailure, member.remainingAfterFailure);
      if (remainingTries === 0) log.warn("link guessing: a failure budget ran out", { member: member.remainingAfterFailure === 0 });
      const message = "The member number or the second factor does not match";
      return c.json(errorBody("invalid_credentials", message, { requestId: c.get("requestId"), remainingTries }), 422);
    }
    // A right answer is no failure. The caller's own typos are forgiven; the member's other
    // failures today are not: they were made by other callers, who may be guessing still, and
    // forgetting them on this success would hand those callers a fresh budget.
    await Promise.all([member.refund(), clearFailures(db, userSubject)]);
    const linked = await merchant.putLineLink(lineUserId, memberId);
    if (!linked) return refuse(c, 422, "invalid_credentials", "The member number or the second factor does not match");
    if ("conflict" in linked) {
      return refuse(c, 409, "member_linked_elsewhere", "This membership is already linked to another LINE account");
    }
    log.info("linked");
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
    if ("possibleDuplicate" in registered) {
      return refuse(c, 409, "possible_duplicate", "A member with this name and birth date exists: link it, or confirm this is someone else");
    }
    if ("conflict" in registered) {
      return refuse(c, 409, "already_linked", "This LINE account is already linked to a membership");
    }
    c.get("log").info("registered");
    return c.json(await completeLink(c, registered.memberId), 201);
  })
  .post("/one-time-code", validate("json", OneTimeCodeRequest), async (c) => {
    const db = c.env.DB;
    const { memberNumber } = c.req.valid("json");
    // Per LINE user first, then per member: a paused caller cannot use up a member's codes.
    const user = await reserveFailure(db, await failureSubject("otp-user", c.get("lineUserId")), ONE_TIME_CODE_BUDGET);
    if (!user.allowed) return refuse(c, 429, "rate_limited", "Too many codes requested; try again later", user.retryAfterSeconds);
    const member = await reserveFailure(
      db,
      await failureSubject("otp-member", memberNumberIdentity(memberNumber)),
      ONE_TIME_CODE_BUDGET,
    );
    if (!member.allowed) {
      await user.refund();
      return refuse(c, 429, "rate_limited", "Too many codes requested; try again later", member.retryAfterSeconds);
    }
    await c.get("merchant").requestOneTimeCode(memberNumber);
    // The same answer whether or not the number exists: it cannot be used to find members.
    return c.body(null, 202);
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
