import type { D1Database, D1PreparedStatement, Queue } from "@cloudflare/workers-types/experimental";
import type { Language } from "../../shared/api.ts";
import { ConsoleMessage } from "../../shared/console-message.ts";
import type { CouponBenefit, MemberCoupon, StaffRecord } from "../../shared/merchant-contract.ts";
import type { MessageKind } from "../delivery/kinds.ts";
import {
  MULTICAST_MAX_RECIPIENTS,
  nudgeDeliveries,
  recordDeliveriesStatement,
  type DeliveryQueueMessage,
  type MulticastSpec,
  type PushSpec,
} from "../delivery/outbox.ts";
import { sha256Hex } from "../lib/idempotency.ts";
import type { Logger } from "../lib/log.ts";
import { languagesOf } from "../lib/user-language.ts";
import type { MerchantClient } from "../merchant/client.ts";
import { blockedAmong } from "../webhook/friends.ts";
import { renderConsoleMessage, type GrantedCoupon } from "./render-message.ts";
import { linkTracker } from "./tracked-links.ts";

// Campaigns: a console message to an audience, sent now or at a scheduled time (Japan time on
// screen, UTC here). Sending is a resumable job that spans as many invocations as it needs:
//
// 1. Take a page of the audience: its members go into campaign_recipients ('pending') and the
//    audience cursor moves on, in one transaction. The primary key (campaign, LINE user) makes
//    each member once, however often the page is read again.
// 2. Give pending members their delivery: one multicast per 500 (per language) when the
//    message is the same for all, or one push each when it is personal (a coupon granted to
//    each recipient). The deliveries and the members' 'queued' mark are one transaction, and
//    delivery ids come from the campaign and the batch or member, so a second start, an
//    overlapping run or a restarted Worker records nothing twice.
// 3. The delivery pipeline sends them (rate limits, retry keys, quota).
//
// One runner at a time holds a campaign (a lease in D1); the cron and the queue both run it.

export const CAMPAIGN_SUBJECT = (campaignId: string) => `campaign:${campaignId}`;
const KIND: MessageKind = "campaign";
/** A runner holds a campaign this long; a runner that died is replaced after it. */
const LEASE_MS = 60_000;
/** How long one invocation works on a campaign before handing on (a Worker has 30 s of CPU at most). */
const DEFAULT_BUDGET_MS = 20_000;
/** Audience members read per page. */
const DEFAULT_PAGE_SIZE = 500;
/** Personal messages prepared per round (each grants a coupon at the merchant). */
const PERSONAL_ROUND = 50;
/** Coupon grants in flight at once. */
const GRANT_CONCURRENCY = 6;
/** A member whose coupon could not be granted this many times is skipped. */
const GRANT_ATTEMPTS = 5;

export type CampaignState = "draft" | "scheduled" | "sending" | "sent" | "cancelled";

/** One page of an audience: LINE user ids of linked members, and where the next page starts. */
export type AudiencePages = (
  segmentId: string | null,
  page: { cursor: string | null; limit: number },
) => Promise<{ lineUserIds: string[]; nextCursor: string | null }>;

export interface CampaignRow {
  campaign_id: string;
  name: string;
  message: string;
  segment_id: string | null;
  state: CampaignState;
  scheduled_at: number | null;
  send_started_at: number | null;
  sent_at: number | null;
  origin: string | null;
  cursor: string | null;
  audience_done: number;
  lease_until: number | null;
  recipients: number;
  skipped: number;
  last_error: string | null;
  results: string | null;
  created_by: string;
  created_by_name: string;
  created_at: number;
  updated_by: string;
  updated_by_name: string;
  updated_at: number;
}

export interface Campaign {
  campaignId: string;
  name: string;
  message: ConsoleMessage;
  segmentId: string | null;
  state: CampaignState;
  scheduledAt: number | null;
  sendStartedAt: number | null;
  sentAt: number | null;
  recipients: number;
  skipped: number;
  lastError: string | null;
  createdByName: string;
  createdAt: number;
  updatedByName: string;
  updatedAt: number;
}

export function toCampaign(row: CampaignRow): Campaign {
  return {
    campaignId: row.campaign_id,
    name: row.name,
    message: ConsoleMessage.parse(JSON.parse(row.message)),
    segmentId: row.segment_id,
    state: row.state,
    scheduledAt: row.scheduled_at,
    sendStartedAt: row.send_started_at,
    sentAt: row.sent_at,
    recipients: row.recipients,
    skipped: row.skipped,
    lastError: row.last_error,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
    updatedByName: row.updated_by_name,
    updatedAt: row.updated_at,
  };
}

/** True when every recipient gets the same message: it can go as multicast. */
export const isPersonal = (message: ConsoleMessage) => message.couponDefinitionId !== undefined;

export async function getCampaignRow(db: D1Database, campaignId: string): Promise<CampaignRow | null> {
  return db.prepare("SELECT * FROM campaigns WHERE campaign_id = ?1").bind(campaignId).first<CampaignRow>();
}

export async function listCampaignRows(db: D1Database, limit = 100): Promise<CampaignRow[]> {
  const { results } = await db
    .prepare("SELECT * FROM campaigns ORDER BY updated_at DESC LIMIT ?1")
    .bind(limit)
    .all<CampaignRow>();
  return results;
}

type Staff = Pick<StaffRecord, "staffId" | "name">;

export interface CampaignDraft {
  name: string;
  message: ConsoleMessage;
  segmentId: string | null;
}

export async function createCampaign(db: D1Database, staff: Staff, draft: CampaignDraft, now: number): Promise<string> {
  const campaignId = `cmp_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
  await db
    .prepare(
      `INSERT INTO campaigns (campaign_id, name, message, segment_id, state, created_by, created_by_name, created_at,
         updated_by, updated_by_name, updated_at)
       VALUES (?1, ?2, ?3, ?4, 'draft', ?5, ?6, ?7, ?5, ?6, ?7)`,
    )
    .bind(campaignId, draft.name, JSON.stringify(draft.message), draft.segmentId, staff.staffId, staff.name, now)
    .run();
  return campaignId;
}

/** Rewrites a draft; false when it is not a draft (any more). */
export async function updateDraft(
  db: D1Database,
  campaignId: string,
  staff: Staff,
  draft: CampaignDraft,
  now: number,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE campaigns SET name = ?2, message = ?3, segment_id = ?4, updated_by = ?5, updated_by_name = ?6, updated_at = ?7
       WHERE campaign_id = ?1 AND state = 'draft'`,
    )
    .bind(campaignId, draft.name, JSON.stringify(draft.message), draft.segmentId, staff.staffId, staff.name, now)
    .run();
  return result.meta.changes > 0;
}

/** Starts sending now (from a draft or a scheduled campaign); false when it is past that. */
export async function startSending(
  db: D1Database,
  campaignId: string,
  staff: Staff,
  origin: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE campaigns SET state = 'sending', send_started_at = ?2, origin = ?3, updated_by = ?4, updated_by_name = ?5,
         updated_at = ?2
       WHERE campaign_id = ?1 AND state IN ('draft', 'scheduled')`,
    )
    .bind(campaignId, now, origin, staff.staffId, staff.name)
    .run();
  return result.meta.changes > 0;
}

/** Schedules a draft, or moves a scheduled campaign's time; false otherwise. */
export async function scheduleCampaign(
  db: D1Database,
  campaignId: string,
  staff: Staff,
  at: number,
  origin: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE campaigns SET state = 'scheduled', scheduled_at = ?2, origin = ?3, updated_by = ?4, updated_by_name = ?5,
         updated_at = ?6
       WHERE campaign_id = ?1 AND state IN ('draft', 'scheduled')`,
    )
    .bind(campaignId, at, origin, staff.staffId, staff.name, now)
    .run();
  return result.meta.changes > 0;
}

/**
 * Cancels a scheduled campaign, or stops one that is sending: members not yet handed to the
 * pipeline get nothing, and deliveries LINE has not accepted yet are dropped. Returns the
 * deliveries dropped, or null when there was nothing to cancel.
 */
export async function cancelCampaign(db: D1Database, campaignId: string, staff: Staff, now: number): Promise<number | null> {
  const [updated, dropped] = await db.batch([
    db
      .prepare(
        `UPDATE campaigns SET state = 'cancelled', updated_by = ?2, updated_by_name = ?3, updated_at = ?4
         WHERE campaign_id = ?1 AND state IN ('scheduled', 'sending')`,
      )
      .bind(campaignId, staff.staffId, staff.name, now),
    db
      .prepare(
        `UPDATE deliveries SET state = 'cancelled', last_error = 'the campaign was cancelled'
         WHERE subject = ?1 AND kind = ?2 AND state IN ('queued', 'retrying', 'quota_exhausted')
           AND EXISTS (SELECT 1 FROM campaigns WHERE campaign_id = ?3 AND state = 'cancelled')`,
      )
      .bind(CAMPAIGN_SUBJECT(campaignId), KIND, campaignId),
  ]);
  if ((updated?.meta.changes ?? 0) === 0) return null;
  return dropped?.meta.changes ?? 0;
}

// ── Sending ───────────────────────────────────────────────────────────────────────────────

export interface CampaignRunDeps {
  db: D1Database;
  queue: Queue<DeliveryQueueMessage>;
  log: Logger;
  merchant: Pick<MerchantClient, "grantCoupon" | "listCouponCatalogue" | "getLineLink">;
  audience: AudiencePages;
  liffId: string;
  /** MEMBER_CARD_SECRET: tracked links are signed with a key derived from it. */
  secret: string;
  /** BFF_PUBLIC_URL when set; else each campaign's recorded origin. */
  publicUrl?: string;
  now: () => number;
  pageSize?: number;
  budgetMs?: number;
}

export interface RunReport {
  campaignId: string;
  /**
   * held: another runner has it; more: the budget ran out with work left (the queue goes on at
   * once); stopped: the merchant or D1 failed (the cron tries again in a few minutes, so an outage
   * is not hammered); done: all recorded.
   */
  outcome: "held" | "more" | "stopped" | "done" | "not_sending";
  recorded: number;
}

/** Moves due scheduled campaigns to sending; returns their ids. */
export async function startDueCampaigns(db: D1Database, now: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      `UPDATE campaigns SET state = 'sending', send_started_at = ?1
       WHERE state = 'scheduled' AND scheduled_at <= ?1 RETURNING campaign_id`,
    )
    .bind(now)
    .all<{ campaign_id: string }>();
  return results.map((row) => row.campaign_id);
}

/** The cron's part: start what is due, then work on every campaign that is sending. */
export async function runCampaigns(deps: CampaignRunDeps): Promise<RunReport[]> {
  await startDueCampaigns(deps.db, deps.now());
  const { results } = await deps.db
    .prepare("SELECT campaign_id FROM campaigns WHERE state = 'sending' ORDER BY send_started_at LIMIT 20")
    .all<{ campaign_id: string }>();
  const reports: RunReport[] = [];
  for (const row of results) reports.push(await advanceCampaign(deps, row.campaign_id));
  return reports;
}

/**
 * Works on one sending campaign for up to the budget: takes audience pages and records
 * deliveries. Safe to call from several places at once (one holds the lease, the others return
 * "held") and to call again after a crash (it resumes from D1).
 */
export async function advanceCampaign(deps: CampaignRunDeps, campaignId: string): Promise<RunReport> {
  const started = deps.now();
  const budget = deps.budgetMs ?? DEFAULT_BUDGET_MS;
  const leased = await deps.db
    .prepare(
      `UPDATE campaigns SET lease_until = ?2
       WHERE campaign_id = ?1 AND state = 'sending' AND (lease_until IS NULL OR lease_until < ?3)
       RETURNING *`,
    )
    .bind(campaignId, started + LEASE_MS, started)
    .first<CampaignRow>();
  if (!leased) {
    const row = await getCampaignRow(deps.db, campaignId);
    return { campaignId, outcome: row?.state === "sending" ? "held" : "not_sending", recorded: 0 };
  }
  const message = ConsoleMessage.parse(JSON.parse(leased.message));
  const origin = deps.publicUrl?.trim() || leased.origin || "";
  let recorded = 0;
  let outcome: RunReport["outcome"] = "more";
  try {
    const track = origin
      ? await linkTracker({ secret: deps.secret, origin }, { kind: "campaign", sourceId: campaignId })
      : (url: string) => url;
    const shared = new Map<Language, ReturnType<typeof renderConsoleMessage>>();
    const sharedMessage = (language: Language) => {
      let rendered = shared.get(language);
      if (!rendered) {
        rendered = renderConsoleMessage(message, { language, liffId: deps.liffId, track });
        shared.set(language, rendered);
      }
      return rendered;
    };
    let cursor = leased.cursor;
    let audienceDone = leased.audience_done === 1;
    while (deps.now() - started < budget) {
      // Still sending? A cancel stops it between rounds. The lease is renewed each round.
      const state = await deps.db
        .prepare("UPDATE campaigns SET lease_until = ?2 WHERE campaign_id = ?1 RETURNING state")
        .bind(campaignId, deps.now() + LEASE_MS)
        .first<{ state: string }>();
      if (state?.state !== "sending") {
        outcome = "not_sending";
        break;
      }
      const round = isPersonal(message)
        ? await dispatchPersonal(deps, message, origin, campaignId)
        : { moved: await dispatchShared(deps, campaignId, sharedMessage), retryLater: false };
      recorded += round.moved;
      if (round.retryLater) {
        outcome = "stopped";
        await deps.db
          .prepare("UPDATE campaigns SET last_error = ?2 WHERE campaign_id = ?1")
          .bind(campaignId, "the merchant did not grant some coupons; trying again in a few minutes")
          .run();
        break;
      }
      if (round.moved > 0) continue;
      if (await hasPending(deps.db, campaignId)) {
        // Pending members that could not be prepared this round (the merchant is down): later.
        outcome = "stopped";
        break;
      }
      if (audienceDone) {
        await deps.db
          .prepare(
            `UPDATE campaigns SET state = 'sent', sent_at = ?2, lease_until = NULL, last_error = NULL
             WHERE campaign_id = ?1 AND state = 'sending'`,
          )
          .bind(campaignId, deps.now())
          .run();
        outcome = "done";
        break;
      }
      const page = await deps.audience(leased.segment_id, { cursor, limit: deps.pageSize ?? DEFAULT_PAGE_SIZE });
      await takeAudiencePage(deps.db, campaignId, page.lineUserIds, page.nextCursor);
      cursor = page.nextCursor;
      audienceDone = page.nextCursor === null;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unknown";
    deps.log.error("campaign run stopped", { campaignId, error: reason });
    outcome = "stopped";
    await deps.db
      .prepare("UPDATE campaigns SET last_error = ?2 WHERE campaign_id = ?1")
      .bind(campaignId, reason.slice(0, 300))
      .run();
  } finally {
    await deps.db.prepare("UPDATE campaigns SET lease_until = NULL WHERE campaign_id = ?1").bind(campaignId).run();
  }
  deps.log.info("campaign run", { campaignId, outcome, recorded });
  return { campaignId, outcome, recorded };
}

async function hasPending(db: D1Database, campaignId: string): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS one FROM campaign_recipients WHERE campaign_id = ?1 AND state = 'pending' LIMIT 1")
    .bind(campaignId)
    .first<{ one: number }>();
  return row !== null;
}

/** Records a page's members as pending and moves the cursor on, in one transaction. */
async function takeAudiencePage(
  db: D1Database,
  campaignId: string,
  lineUserIds: readonly string[],
  nextCursor: string | null,
): Promise<void> {
  const valid = [...new Set(lineUserIds.filter((id) => /^U[0-9a-f]{32}$/.test(id)))];
  // seq_next is only moved here, under the lease: the page's members get seq_next + 1 and on.
  await db.batch([
    db
      .prepare(
        `INSERT INTO campaign_recipients (campaign_id, line_user_id, seq, state)
         SELECT ?1, value, (SELECT seq_next FROM campaigns WHERE campaign_id = ?1) + key + 1, 'pending'
         FROM json_each(?2) WHERE true
         ON CONFLICT (campaign_id, line_user_id) DO NOTHING`,
      )
      .bind(campaignId, JSON.stringify(valid)),
    db
      .prepare(
        `UPDATE campaigns SET cursor = ?2, audience_done = ?3,
           recipients = recipients + (SELECT COUNT(*) FROM campaign_recipients
             WHERE campaign_id = ?1 AND state = 'pending' AND seq > campaigns.seq_next),
           seq_next = seq_next + ?4
         WHERE campaign_id = ?1`,
      )
      .bind(campaignId, nextCursor, nextCursor === null ? 1 : 0, valid.length),
  ]);
}

interface PendingRow {
  line_user_id: string;
  seq: number;
  attempts: number;
}

async function pendingRecipients(db: D1Database, campaignId: string, limit: number): Promise<PendingRow[]> {
  const { results } = await db
    .prepare(
      `SELECT line_user_id, seq, attempts FROM campaign_recipients
       WHERE campaign_id = ?1 AND state = 'pending' ORDER BY seq LIMIT ?2`,
    )
    .bind(campaignId, limit)
    .all<PendingRow>();
  return results;
}

/** One UPDATE per kind of mark (a few per round), each looking its members up by primary key. */
function markStatements(
  db: D1Database,
  campaignId: string,
  marks: ReadonlyArray<{ lineUserId: string; state: "queued" | "skipped"; deliveryId?: string; reason?: string }>,
): D1PreparedStatement[] {
  const groups = new Map<string, { state: string; deliveryId: string | null; reason: string | null; ids: string[] }>();
  for (const mark of marks) {
    const key = `${mark.state}|${mark.deliveryId ?? ""}|${mark.reason ?? ""}`;
    let group = groups.get(key);
    if (!group) {
      group = { state: mark.state, deliveryId: mark.deliveryId ?? null, reason: mark.reason ?? null, ids: [] };
      groups.set(key, group);
    }
    group.ids.push(mark.lineUserId);
  }
  return [...groups.values()].map((group) =>
    db
      .prepare(
        `UPDATE campaign_recipients SET state = ?2, delivery_id = ?3, skip_reason = ?4
         WHERE campaign_id = ?1 AND state = 'pending' AND line_user_id IN (SELECT value FROM json_each(?5))`,
      )
      .bind(campaignId, group.state, group.deliveryId, group.reason, JSON.stringify(group.ids)),
  );
}

const skippedCount = (db: D1Database, campaignId: string) =>
  db
    .prepare(
      `UPDATE campaigns SET skipped = (SELECT COUNT(*) FROM campaign_recipients WHERE campaign_id = ?1 AND state = 'skipped')
       WHERE campaign_id = ?1`,
    )
    .bind(campaignId);

/** Up to 500 pending members: one multicast per language, in one transaction with their marks. */
async function dispatchShared(
  deps: CampaignRunDeps,
  campaignId: string,
  render: (language: Language) => ReturnType<typeof renderConsoleMessage>,
): Promise<number> {
  const pending = await pendingRecipients(deps.db, campaignId, MULTICAST_MAX_RECIPIENTS);
  if (pending.length === 0) return 0;
  const ids = pending.map((row) => row.line_user_id);
  const blocked = await blockedAmong(deps.db, ids);
  const languages = await languagesOf(deps.db, ids);
  const firstSeq = pending[0]!.seq;
  const multicasts: MulticastSpec[] = [];
  const marks: Array<{ lineUserId: string; state: "queued" | "skipped"; deliveryId?: string; reason?: string }> = [];
  for (const language of ["ja", "en"] as const) {
    const to = ids.filter((id) => !blocked.has(id) && languages.get(id) === language);
    if (to.length === 0) continue;
    // Named by the campaign, the batch's first member and the language: the same batch always
    // gets the same id (and retry key), so recording it again is nothing new.
    const id = `${CAMPAIGN_SUBJECT(campaignId)}:m:${firstSeq}:${language}`;
    multicasts.push({ id, kind: KIND, to, messages: [render(language)], subject: CAMPAIGN_SUBJECT(campaignId) });
    for (const lineUserId of to) marks.push({ lineUserId, state: "queued", deliveryId: id });
  }
  for (const lineUserId of blocked) marks.push({ lineUserId, state: "skipped", reason: "blocked" });
  const at = deps.now();
  const [inserted] = await deps.db.batch<{ id: string; fresh: number }>([
    await recordDeliveriesStatement(deps.db, { multicasts }, at),
    ...markStatements(deps.db, campaignId, marks),
    skippedCount(deps.db, campaignId),
  ]);
  await nudgeDeliveries(
    deps.queue,
    (inserted?.results ?? []).filter((row) => row.fresh).map((row) => row.id),
    deps.log,
  );
  return pending.length;
}

/**
 * Pending members of a personal (coupon) campaign: each is granted the coupon at the merchant
 * under a grant key from (campaign, member), so a repeat grants nothing new, and gets a push
 * of their own coupon card.
 */
async function dispatchPersonal(
  deps: CampaignRunDeps,
  message: ConsoleMessage,
  origin: string,
  campaignId: string,
): Promise<{ moved: number; retryLater: boolean }> {
  const pending = await pendingRecipients(deps.db, campaignId, PERSONAL_ROUND);
  if (pending.length === 0) return { moved: 0, retryLater: false };
  const ids = pending.map((row) => row.line_user_id);
  const blocked = await blockedAmong(deps.db, ids);
  const languages = await languagesOf(deps.db, ids);
  const members = await memberIdsOf(
    deps,
    ids.filter((id) => !blocked.has(id)),
  );
  const marks: Array<{ lineUserId: string; state: "queued" | "skipped"; deliveryId?: string; reason?: string }> = [];
  const failed: string[] = [];
  const pushes: PushSpec[] = [];
  for (const lineUserId of blocked) marks.push({ lineUserId, state: "skipped", reason: "blocked" });

  const work = pending.filter((row) => !blocked.has(row.line_user_id));
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(GRANT_CONCURRENCY, work.length) }, async () => {
      while (next < work.length) {
        const row = work[next++]!;
        const memberId = members.get(row.line_user_id);
        if (!memberId) {
          marks.push({ lineUserId: row.line_user_id, state: "skipped", reason: "not_linked" });
          continue;
        }
        let coupon: MemberCoupon | null;
        try {
          const grantKey = `campaign:${campaignId}:${memberId}`;
          coupon = await deps.merchant.grantCoupon(
            memberId,
            { couponDefinitionId: message.couponDefinitionId!, grantKey },
            await sha256Hex(grantKey),
          );
        } catch (error) {
          deps.log.warn("campaign coupon grant failed", {
            campaignId,
            error: error instanceof Error ? error.message : "unknown",
          });
          if (row.attempts + 1 >= GRANT_ATTEMPTS) {
            marks.push({ lineUserId: row.line_user_id, state: "skipped", reason: "coupon" });
          } else failed.push(row.line_user_id);
          continue;
        }
        if (!coupon) {
          marks.push({ lineUserId: row.line_user_id, state: "skipped", reason: "coupon" });
          continue;
        }
        const language = languages.get(row.line_user_id) ?? "ja";
        const track = origin
          ? await linkTracker(
              { secret: deps.secret, origin },
              { kind: "campaign", sourceId: campaignId, lineUserId: row.line_user_id },
            )
          : (url: string) => url;
        const id = `${CAMPAIGN_SUBJECT(campaignId)}:${row.line_user_id}`;
        pushes.push({
          id,
          kind: KIND,
          to: row.line_user_id,
          subject: CAMPAIGN_SUBJECT(campaignId),
          messages: [
            renderConsoleMessage(message, { language, liffId: deps.liffId, track, coupon: grantedCoupon(coupon, language) }),
          ],
        });
        marks.push({ lineUserId: row.line_user_id, state: "queued", deliveryId: id });
      }
    }),
  );
  const at = deps.now();
  const statements: D1PreparedStatement[] = [
    await recordDeliveriesStatement(deps.db, { pushes }, at),
    ...markStatements(deps.db, campaignId, marks),
    skippedCount(deps.db, campaignId),
  ];
  if (failed.length > 0) {
    statements.push(
      deps.db
        .prepare(
          `UPDATE campaign_recipients SET attempts = attempts + 1
           WHERE campaign_id = ?1 AND line_user_id IN (SELECT value FROM json_each(?2))`,
        )
        .bind(campaignId, JSON.stringify(failed)),
    );
  }
  const [inserted] = await deps.db.batch<{ id: string; fresh: number }>(statements);
  await nudgeDeliveries(
    deps.queue,
    (inserted?.results ?? []).filter((row) => row.fresh).map((row) => row.id),
    deps.log,
  );
  // Members whose grant failed stay pending: the next run (a minute or more later) tries again.
  return { moved: marks.length, retryLater: failed.length > 0 };
}

/** Members for LINE users: the BFF's own link record first, the merchant for the rest. */
async function memberIdsOf(deps: CampaignRunDeps, lineUserIds: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (lineUserIds.length === 0) return found;
  const { results } = await deps.db
    .prepare("SELECT line_user_id, member_id FROM member_links WHERE line_user_id IN (SELECT value FROM json_each(?1))")
    .bind(JSON.stringify(lineUserIds))
    .all<{ line_user_id: string; member_id: string }>();
  for (const row of results) found.set(row.line_user_id, row.member_id);
  for (const lineUserId of lineUserIds) {
    if (found.has(lineUserId)) continue;
    const link = await deps.merchant.getLineLink(lineUserId);
    if (link) found.set(lineUserId, link.memberId);
  }
  return found;
}

const japanDay = (iso: string, language: Language) =>
  new Intl.DateTimeFormat(language === "ja" ? "ja-JP" : "en-US", {
    timeZone: "Asia/Tokyo",
    year: "numeric",
    month: language === "ja" ? "numeric" : "short",
    day: "numeric",
  }).format(new Date(Date.parse(iso) - 1));

/** The benefit in the recipient's language: "¥300引き", "10% off", "コーヒー1杯 無料". */
export function benefitText(benefit: CouponBenefit, language: Language): string {
  switch (benefit.type) {
    case "amount_off":
      return language === "ja" ? `${benefit.yen.toLocaleString("ja-JP")}円引き` : `¥${benefit.yen.toLocaleString("en-US")} off`;
    case "percent_off":
      return language === "ja" ? `${benefit.percent}%オフ` : `${benefit.percent}% off`;
    case "free_item":
      return language === "ja" ? `${benefit.item} 無料` : `Free ${benefit.item}`;
  }
}

export function grantedCoupon(
  coupon: Pick<MemberCoupon, "couponId" | "title" | "benefit" | "validUntil">,
  language: Language,
): GrantedCoupon {
  return {
    couponId: coupon.couponId,
    title: coupon.title,
    benefit: benefitText(coupon.benefit, language),
    // validUntil is the first instant it is no longer valid: the last day is the one before.
    validUntil: japanDay(coupon.validUntil, language),
  };
}
