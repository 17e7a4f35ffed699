import { Hono } from "hono";
import { CardActivityQuery, type CardActivityResponse, type MemberCardResponse } from "../../shared/api.ts";
import { errorBody } from "../../shared/errors.ts";
import { memberCardKeys } from "../card/keys.ts";
import { issueMemberCardToken, memberCardCodeMac, newMemberCardCode } from "../card/member-card-token.ts";
import {
  cardActivityAfter,
  cardActivityNow,
  decodeCardActivityCursor,
  encodeCardActivityCursor,
  recordMemberCardCode,
} from "../card/scans.ts";
import type { AppEnv } from "../env.ts";
import { linkStatusOf } from "../lib/link-status.ts";
import { validate } from "../lib/validate.ts";
import { liffAuth } from "../middleware/liff-auth.ts";

/** The card refreshes at half the token's life: a code on screen always has 30 s or more left. */
const REFRESH_AFTER_SECONDS = 30;

/** The customer's member card: a fresh QR token each call, and what staff did with it. */
export const cardRoutes = new Hono<AppEnv>()
  .use(liffAuth())
  .get("/", async (c) => {
    const merchant = c.get("merchant");
    const link = await merchant.getLineLink(c.get("lineUserId"));
    const summary = link ? await merchant.getMemberSummary(link.memberId) : null;
    const status = linkStatusOf(summary);
    if (!summary || status.status !== "linked") {
      return c.json(errorBody("not_linked", "Link a membership to get a member card", { requestId: c.get("requestId") }), 404);
    }
    const keys = await memberCardKeys(c.env.MEMBER_CARD_SECRET);
    const issued = await issueMemberCardToken(keys, summary.memberId);
    // The typed code belongs to this card alone: recorded with its token id, it dies with it.
    const code = newMemberCardCode();
    await recordMemberCardCode(c.env.DB, {
      tokenId: issued.tokenId,
      memberId: summary.memberId,
      codeMac: await memberCardCodeMac(keys, summary.memberId, code),
      expiresAt: issued.expiresAt,
    });
    c.header("cache-control", "no-store");
    const body: MemberCardResponse = {
      member: status.member,
      token: issued.token,
      tokenExpiresAt: issued.expiresAt.toISOString(),
      code,
      codeExpiresAt: issued.expiresAt.toISOString(),
      refreshAfterSeconds: REFRESH_AFTER_SECONDS,
    };
    return c.json(body, 200);
  })
  .get("/activity", validate("query", CardActivityQuery), async (c) => {
    const merchant = c.get("merchant");
    const link = await merchant.getLineLink(c.get("lineUserId"));
    if (!link) return c.json(errorBody("not_linked", "Not linked", { requestId: c.get("requestId") }), 404);
    const { cursor } = c.req.valid("query");
    if (cursor === undefined) {
      return c.json({ activities: [], cursor: encodeCardActivityCursor(cardActivityNow()) } satisfies CardActivityResponse, 200);
    }
    const { actions, next } = await cardActivityAfter(c.env.DB, link.memberId, decodeCardActivityCursor(cursor));
    const body: CardActivityResponse = {
      cursor: encodeCardActivityCursor(next),
      activities: actions.map((action) => ({
        kind: action.kind,
        storeName: action.storeName,
        points: action.points,
        balance: action.balance,
        occurredAt: new Date(action.occurredAt).toISOString(),
      })),
    };
    c.header("cache-control", "no-store");
    return c.json(body, 200);
  });
