import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { MemberCoupon } from "../../shared/merchant-contract.ts";
import type { Logger } from "../lib/log.ts";
import { sha256Hex } from "../lib/idempotency.ts";
import type { MerchantClient } from "../merchant/client.ts";
import type { Outbox, PushSpec } from "../delivery/outbox.ts";
import { DEFAULT_LANGUAGE, languagesOf } from "../lib/user-language.ts";
import { couponGrantedMessage, couponMessageId, couponMessageKind, nextDaytimeInJapan } from "./messages.ts";

// The birthday coupon job: on the 1st of each month in Japan time, every member linked to LINE
// whose birthday is that month gets the merchant's birthday coupon. Once per member per year:
// the merchant grants at most one coupon per grant key (birthday:<member>:<year>), so ticks that
// overlap, a pass cut short and resumed, or a second run the same day grant nothing twice. Each
// grant brings the member the coupon message in the Japan daytime, its id taken from the coupon,
// so a repeated grant (which answers with the same coupon) records no second message.

const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;
const PAGE_SIZE = 500;
/** Pages one tick may walk; a larger membership carries on from its cursor on the next ticks of the day. */
const MAX_PAGES_PER_TICK = 20;

export interface BirthdayJobDependencies {
  db: D1Database;
  merchant: Pick<MerchantClient, "listCouponCatalogue" | "listBirthdayCandidates" | "grantCoupon" | "getMemberLineLink">;
  outbox: Pick<Outbox, "pushMany">;
  liffId: string;
  log: Logger;
  now: number;
  pagesPerTick?: number;
}

export type BirthdayJobResult =
  | { ran: false; reason: "not_the_first" | "done" | "no_birthday_coupon" }
  | { ran: true; month: string; members: number; finished: boolean };

/** The Japan calendar date at an instant: year, month (1–12), day. */
export function japanCalendar(now: number) {
  const japan = new Date(now + JAPAN_OFFSET_MS);
  return { year: japan.getUTCFullYear(), month: japan.getUTCMonth() + 1, day: japan.getUTCDate() };
}

/** The grant key that makes a member's birthday coupon of a year happen once. */
export const birthdayGrantKey = (memberId: string, year: number) => `birthday:${memberId}:${year}`;

export async function runBirthdayCouponJob(deps: BirthdayJobDependencies): Promise<BirthdayJobResult> {
  const { db, merchant, outbox, liffId, log, now, pagesPerTick = MAX_PAGES_PER_TICK } = deps;
  const { year, month, day } = japanCalendar(now);
  if (day !== 1) return { ran: false, reason: "not_the_first" };
  const period = `${year}-${String(month).padStart(2, "0")}`;
  const run = await db
    .prepare("SELECT cursor, completed_at AS completedAt FROM coupon_job_runs WHERE job = 'birthday' AND period = ?1")
    .bind(period)
    .first<{ cursor: string | null; completedAt: number | null }>();
  if (run?.completedAt != null) return { ran: false, reason: "done" };

  const birthday = (await merchant.listCouponCatalogue()).coupons.find((coupon) => coupon.kind === "birthday");
  if (!birthday) return { ran: false, reason: "no_birthday_coupon" };

  const saveProgress = (cursor: string | null, completedAt: number | null) =>
    db
      .prepare(
        `INSERT INTO coupon_job_runs (job, period, cursor, completed_at) VALUES ('birthday', ?1, ?2, ?3)
         ON CONFLICT (job, period) DO UPDATE SET cursor = excluded.cursor, completed_at = excluded.completed_at
         WHERE coupon_job_runs.completed_at IS NULL`,
      )
      .bind(period, cursor, completedAt)
      .run();

  let members = 0;
  let cursor = run?.cursor ?? undefined;
  for (let page = 0; page < pagesPerTick; page += 1) {
    const candidates = await merchant.listBirthdayCandidates(month, { cursor, limit: PAGE_SIZE });
    const granted: Array<{ lineUserId: string; coupon: MemberCoupon }> = [];
    for (const { memberId, lineUserId } of candidates.members) {
      const grantKey = birthdayGrantKey(memberId, year);
      // The same Idempotency-Key for the same grant, so a retried call is one call to the merchant.
      const coupon = await merchant.grantCoupon(
        memberId,
        { couponDefinitionId: birthday.couponDefinitionId, grantKey },
        await sha256Hex(grantKey),
      );
      members += 1;
      // A merchant that does not list the LINE user is asked for it (a member unlinked since has none).
      const to = lineUserId ?? (coupon ? (await merchant.getMemberLineLink(memberId))?.lineUserId : undefined);
      if (coupon && to) granted.push({ lineUserId: to, coupon });
    }
    await outbox.pushMany(await couponMessages(db, granted, liffId, nextDaytimeInJapan(now)));
    if (candidates.nextCursor === null) {
      await saveProgress(null, now);
      log.info("birthday coupons granted", { period, members });
      return { ran: true, month: period, members, finished: true };
    }
    cursor = candidates.nextCursor;
    await saveProgress(cursor, null);
  }
  log.info("birthday coupons: the pass carries on next tick", { period, members });
  return { ran: true, month: period, members, finished: false };
}

/** The coupon messages for a page of grants, each in its member's language. */
async function couponMessages(
  db: D1Database,
  granted: ReadonlyArray<{ lineUserId: string; coupon: MemberCoupon }>,
  liffId: string,
  notBefore: number,
): Promise<PushSpec[]> {
  const languages = await languagesOf(
    db,
    granted.map((grant) => grant.lineUserId),
  );
  return granted.map(({ lineUserId, coupon }) => ({
    id: couponMessageId(coupon.couponId),
    kind: couponMessageKind(coupon.kind),
    to: lineUserId,
    messages: [couponGrantedMessage(coupon, languages.get(lineUserId) ?? DEFAULT_LANGUAGE, liffId)],
    notBefore,
  }));
}
