import { Hono, type Context } from "hono";
import {
  LinkRequest,
  LinkResponse,
  OneTimeCodeRequest,
  OptionalIdempotencyHeaders,
  RegisterRequest,
  type LinkSettingsResponse,
  type RichMenuStatusResponse,
} from "../../shared/api.ts";
import { errorBody } from "../../shared/errors.ts";
import { richMenuStatus } from "../delivery/status.ts";
import { revokeAllCardDevices } from "../card/devices.ts";
import type { AppEnv } from "../env.ts";
import { withIdempotency } from "../lib/idempotency.ts";
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
import { recordLinked, recordUnlinked, type LinkRoute } from "../console/link-log.ts";
import { forgetMemberSnapshotsOfLineUser, saveMemberSnapshot } from "../card/member-snapshot.ts";
import { besideAction, enrollOnLink, scenarioDependenciesOf } from "../console/scenarios.ts";
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
async function completeLink(c: Context<AppEnv>, memberId: string, route: LinkRoute): Promise<LinkResponse> {
  const [summary] = await Promise.all([
    c.get("merchant").getMemberSummary(memberId),
    c.get("outbox").showRichMenu(c.get("lineUserId"), true),
    recordLinked(c.env.DB, { lineUserId: c.get("lineUserId"), memberId, route }),
    besideAction(c.get("log"), "link", () =>
      enrollOnLink(scenarioDependenciesOf(c), { lineUserId: c.get("lineUserId"), memberId, route }),
    ),
  ]);
  // The mapping learnt at link time: the member's card and a scan work from it while the merchant
  // is down (each card open and scan the merchant answers refreshes it).
  if (summary) {
    const link = { lineUserId: c.get("lineUserId"), memberId, linkedAt: new Date().toISOString() };
    await saveMemberSnapshot(c.env.DB, summary, link);
  }
  return { link: linkStatusOf(summary), richMenu: "pending" };
}

const SCOPES = { link: "link.create", register: "link.register", unlink: "link.delete" } as const;

/**
 * ID連携 from the LIFF app: link with member number + second factor, register, unlink. Each
 * write honours an Idempotency-Key when the app sends one (builds from before the keys send
 * none): a retry after a lost answer gets the first answer, not 409 already_linked or 404.
 */
export const linkRoutes = new Hono<AppEnv>()
  .use(liffAuth())
  .get("/settings", async (c) => {
    const settings: LinkSettingsResponse = await c.get("merchant").getLinkSettings();
    return c.json(settings, 200);
  })
  .post("/", validate("header", OptionalIdempotencyHeaders), validate("json", LinkRequest), async (c) => {
    const merchant = c.get("merchant");
    const lineUserId = c.get("lineUserId");
    const request = c.req.valid("json");
    const scope = { scope: SCOPES.link, subject: lineUserId, key: c.req.valid("header")["idempotency-key"] };
    const firstAnswer = { schema: LinkResponse, status: 200, what: "link" } as const;
    // The key is claimed before any budget is reserved: a replay checks no credentials, so it
    // counts as no attempt. Only a link is kept; a refusal (a wrong PIN) releases the key.
    return withIdempotency(c, scope, request, firstAnswer, async (keep) => {
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
        if (remainingTries === 0)
          log.warn("link guessing: a failure budget ran out", { member: member.remainingAfterFailure === 0 });
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
      const body = await completeLink(c, linked.memberId, "app");
      await keep(body);
      return c.json(body, 200);
    });
  })
  .post("/register", validate("header", OptionalIdempotencyHeaders), validate("json", RegisterRequest), async (c) => {
    const merchant = c.get("merchant");
    const lineUserId = c.get("lineUserId");
    const request = c.req.valid("json");
    const scope = { scope: SCOPES.register, subject: lineUserId, key: c.req.valid("header")["idempotency-key"] };
    const firstAnswer = { schema: LinkResponse, status: 201, what: "registration" } as const;
    return withIdempotency(c, scope, request, firstAnswer, async (keep) => {
      if (await merchant.getLineLink(lineUserId)) {
        return refuse(c, 409, "already_linked", "This LINE account is already linked to a membership");
      }
      // The merchant creates the member and the link in one step, so a double tap cannot leave
      // a second, unlinked member behind: the repeat is refused as already linked (or, with the
      // first tap's key, waits for its answer and replays it).
      const registered = await merchant.registerMember({ lineUserId, ...request });
      if ("possibleDuplicate" in registered) {
        return refuse(
          c,
          409,
          "possible_duplicate",
          "A member with this name and birth date exists: link it, or confirm this is someone else",
        );
      }
      if ("conflict" in registered) {
        return refuse(c, 409, "already_linked", "This LINE account is already linked to a membership");
      }
      c.get("log").info("registered");
      const body = await completeLink(c, registered.memberId, "register");
      await keep(body);
      return c.json(body, 201);
    });
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
  .delete("/", validate("header", OptionalIdempotencyHeaders), async (c) => {
    const lineUserId = c.get("lineUserId");
    const scope = { scope: SCOPES.unlink, subject: lineUserId, key: c.req.valid("header")["idempotency-key"] };
    const firstAnswer = { schema: LinkResponse, status: 200, what: "unlink" } as const;
    return withIdempotency(c, scope, {}, firstAnswer, async (keep) => {
      if (!(await c.get("merchant").deleteLineLink(lineUserId))) {
        return refuse(c, 404, "not_linked", "This LINE account is not linked to a membership");
      }
      await Promise.all([
        c.get("outbox").showRichMenu(lineUserId, false),
        recordUnlinked(c.env.DB, lineUserId),
        // An unlinked card never shows from the last known details, nor does a scan of it.
        forgetMemberSnapshotsOfLineUser(c.env.DB, lineUserId),
      ]);
      // No phone signs card codes for a membership that is no longer this user's.
      await revokeAllCardDevices(c.env.DB, lineUserId);
      c.get("log").info("unlinked");
      const body: LinkResponse = { link: { status: "unlinked" }, richMenu: "pending" };
      await keep(body);
      return c.json(body, 200);
    });
  })
  .get("/rich-menu", async (c) => {
    const body: RichMenuStatusResponse = await richMenuStatus(c.env.DB, c.get("lineUserId"));
    c.header("cache-control", "no-store");
    return c.json(body, 200);
  });
