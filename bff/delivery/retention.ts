import { MEMBER_SNAPSHOT_MS } from "../card/member-snapshot.ts";
import { STAFF_CACHE_MS } from "../middleware/require-staff.ts";
import type { D1Database } from "@cloudflare/workers-types/experimental";

// How long the BFF keeps each kind of record, and why (README "Retention"). The cron deletes
// by age with the indexes migration 0007 added; each statement is bounded so one tick never
// holds the database for long, and the next tick carries on.

const DAY_MS = 24 * 60 * 60 * 1000;

export const RETENTION = {
  /** Sent or cancelled deliveries: a month, to answer "did the customer get it?". */
  deliveriesDone: 30 * DAY_MS,
  /** Dead or quota-waiting deliveries: three months, time for someone to look and retry. */
  deliveriesFailed: 90 * DAY_MS,
  /** Handled webhook events: a month; LINE redelivers for far less, so dedup needs no more. */
  webhookEventsDone: 30 * DAY_MS,
  /** Dead webhook events: three months, as dead deliveries. */
  webhookEventsFailed: 90 * DAY_MS,
  /** Failure budgets (linking, typed card codes): a day after their day began, the longest window they count. */
  authFailures: DAY_MS,
  /** Typed card codes: a day after they expired (they live 60 s). */
  cardCodes: DAY_MS,
  /** Card devices (phone keys): a day after they were revoked; unseen ones when they expire (60 days, bff/card/devices.ts). */
  cardDevicesRevoked: DAY_MS,
  cardDevicesUnseen: 60 * DAY_MS,
  /** Card scans, staff actions and coupon uses at the register: three months, the customer's and the shop's recent record (the merchant keeps the ledger). */
  cardRecords: 90 * DAY_MS,
  /** Friends who blocked the account: a year after the block; then they count as friends again (LINE delivers nothing to a blocker). */
  blockedFriends: 365 * DAY_MS,
  /**
   * Service message notification tokens: until LINE's expiry (a year after issue); spent ones a
   * day after their last use (their LIFF access token, which must not be traded twice, lives 12 hours).
   */
  serviceTokensSpent: DAY_MS,
  /** Message counts: 13 months, a year of comparison with the same month. */
  messageCounts: 400 * DAY_MS,
  /** Users' languages: while they use the app (it says the language every session); 400 days after the last word. */
  userLanguages: 400 * DAY_MS,
  /** Console records (link events, tracked clicks, the console's audit log): 400 days, a year of comparison. */
  consoleRecords: 400 * DAY_MS,
  /** A campaign's recipient list: 90 days after the send, once its results are frozen (the numbers stay). */
  campaignRecipients: 90 * DAY_MS,
  /**
   * Scenario enrollments that finished or stopped, with their sends: 400 days after they began,
   * the step results of a year; waiting ones are kept. Last purchases: 400 days (a purchase gap
   * trigger counts at most 365). Scenarios, their steps and their monthly job runs are kept.
   */
  scenarioRecords: 400 * DAY_MS,
} as const;

const BATCH = 5000;

export async function pruneByAge(db: D1Database, now: number): Promise<Record<string, number>> {
  const iso = (ms: number) => new Date(now - ms).toISOString();
  const statements = {
    deliveries: db
      .prepare(
        `DELETE FROM deliveries WHERE delivery_id IN (SELECT delivery_id FROM deliveries
           WHERE (state IN ('sent', 'cancelled') AND created_at < ?1) OR (state IN ('dead', 'quota_exhausted') AND created_at < ?2) LIMIT ?3)`,
      )
      .bind(now - RETENTION.deliveriesDone, now - RETENTION.deliveriesFailed, BATCH),
    webhookEvents: db
      .prepare(
        `DELETE FROM webhook_events WHERE webhook_event_id IN (SELECT webhook_event_id FROM webhook_events
           WHERE (state = 'done' AND received_at < ?1) OR (state = 'dead' AND received_at < ?2) LIMIT ?3)`,
      )
      .bind(iso(RETENTION.webhookEventsDone), iso(RETENTION.webhookEventsFailed), BATCH),
    authFailures: db
      .prepare("DELETE FROM auth_failures WHERE day_started_at <= ?1")
      .bind(Math.floor((now - RETENTION.authFailures) / 1000)),
    cardCodes: db.prepare("DELETE FROM member_card_codes WHERE expires_at < ?1").bind(now - RETENTION.cardCodes),
    cardDevices: db
      .prepare(
        `DELETE FROM member_card_devices WHERE device_id IN (SELECT device_id FROM member_card_devices
           WHERE (revoked_at IS NOT NULL AND revoked_at < ?1) OR last_seen_at < ?2 LIMIT ?3)`,
      )
      .bind(now - RETENTION.cardDevicesRevoked, now - RETENTION.cardDevicesUnseen, BATCH),
    // Actions before scans: an action refers to its scan.
    cardActions: db.prepare("DELETE FROM member_card_actions WHERE occurred_at < ?1").bind(now - RETENTION.cardRecords),
    cardScans: db
      .prepare(
        `DELETE FROM member_card_scans WHERE scanned_at < ?1
           AND NOT EXISTS (SELECT 1 FROM member_card_actions WHERE member_card_actions.scan_id = member_card_scans.scan_id)`,
      )
      .bind(now - RETENTION.cardRecords),
    memberSnapshots: db.prepare("DELETE FROM member_snapshots WHERE fetched_at <= ?1").bind(now - MEMBER_SNAPSHOT_MS),
    staffCache: db.prepare("DELETE FROM staff_cache WHERE fetched_at <= ?1").bind(now - STAFF_CACHE_MS),
    couponRedemptions: db.prepare("DELETE FROM coupon_redemptions WHERE redeemed_at < ?1").bind(now - RETENTION.cardRecords),
    blockedFriends: db
      .prepare("DELETE FROM line_friends WHERE unfollowed_at IS NOT NULL AND unfollowed_at < ?1")
      .bind(iso(RETENTION.blockedFriends)),
    serviceTokensExpired: db.prepare("DELETE FROM service_message_tokens WHERE expires_at < ?1").bind(now),
    serviceTokensSpent: db
      .prepare("DELETE FROM service_message_tokens WHERE remaining_count = 0 AND updated_at < ?1")
      .bind(now - RETENTION.serviceTokensSpent),
    messageCounts: db.prepare("DELETE FROM message_counts WHERE month < ?1").bind(iso(RETENTION.messageCounts).slice(0, 7)),
    userLanguages: db
      .prepare(
        `DELETE FROM line_user_language WHERE line_user_id IN (SELECT line_user_id FROM line_user_language
           WHERE updated_at < ?1 LIMIT ?2)`,
      )
      .bind(now - RETENTION.userLanguages, BATCH),
    linkEvents: db
      .prepare(`DELETE FROM link_events WHERE event_id IN (SELECT event_id FROM link_events WHERE occurred_at < ?1 LIMIT ?2)`)
      .bind(now - RETENTION.consoleRecords, BATCH),
    trackedClicks: db
      .prepare(
        `DELETE FROM tracked_clicks WHERE click_id IN (SELECT click_id FROM tracked_clicks WHERE clicked_at < ?1 LIMIT ?2)`,
      )
      .bind(now - RETENTION.consoleRecords, BATCH),
    campaignRecipients: db
      .prepare(
        `DELETE FROM campaign_recipients WHERE rowid IN (SELECT r.rowid FROM campaign_recipients r
           JOIN campaigns c ON c.campaign_id = r.campaign_id
           WHERE c.results IS NOT NULL AND c.send_started_at < ?1 LIMIT ?2)`,
      )
      .bind(now - RETENTION.campaignRecipients, BATCH),
    consoleAudit: db
      .prepare(`DELETE FROM console_audit WHERE audit_id IN (SELECT audit_id FROM console_audit WHERE occurred_at < ?1 LIMIT ?2)`)
      .bind(now - RETENTION.consoleRecords, BATCH),
    // Sends before their enrollment: the enrollment is kept until it has none.
    scenarioSends: db
      .prepare(
        `DELETE FROM scenario_sends WHERE rowid IN (SELECT s.rowid FROM scenario_sends s JOIN scenario_enrollments e
           ON e.enrollment_id = s.enrollment_id WHERE e.state IN ('done', 'stopped') AND e.created_at < ?1 LIMIT ?2)`,
      )
      .bind(now - RETENTION.scenarioRecords, BATCH),
    scenarioEnrollments: db
      .prepare(
        `DELETE FROM scenario_enrollments WHERE enrollment_id IN (SELECT enrollment_id FROM scenario_enrollments e
           WHERE state IN ('done', 'stopped') AND created_at < ?1
             AND NOT EXISTS (SELECT 1 FROM scenario_sends s WHERE s.enrollment_id = e.enrollment_id) LIMIT ?2)`,
      )
      .bind(now - RETENTION.scenarioRecords, BATCH),
    scenarioPurchases: db
      .prepare(
        `DELETE FROM scenario_purchases WHERE line_user_id IN (SELECT line_user_id FROM scenario_purchases
           WHERE last_purchase_at < ?1 LIMIT ?2)`,
      )
      .bind(now - RETENTION.scenarioRecords, BATCH),
  };
  const results = await db.batch(Object.values(statements));
  return Object.fromEntries(Object.keys(statements).map((name, index) => [name, results[index]?.meta.changes ?? 0]));
}
