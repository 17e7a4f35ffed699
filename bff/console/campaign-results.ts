import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { CampaignResults } from "../../shared/api.ts";
import type { CampaignRow } from "./campaigns.ts";

// What a campaign achieved, from what the BFF itself records:
// - sent / delivered / pending / failed: each recipient's delivery (a push, or their share of a
//   multicast) and what LINE answered to it;
// - clicks: tracked_clicks for the campaign; unique by recipient when the link was personal (a
//   coupon campaign's push), else by the first-party visitor cookie the redirect sets;
// - orders (conversion): orders placed in the app by a recipient within 7 days after the send
//   started. The BFF sees an app order as the order confirmation it records in the outbox
//   (kind order_confirmation, subject order:<id>), one per order. Orders placed at the shop or
//   on the merchant's own site, and app orders whose confirmation was not recorded (the
//   customer blocked the account, or LINE_MESSAGES_OFF has order_confirmation), are not seen;
// - blocks: recipients who are blocking the account now and whose unfollow (line_friends, the
//   event's time in changed_at) falls within the same 7 days.
// After the window closes with nothing pending the numbers are frozen in the campaign row, so
// they survive the outbox's 30-day retention.

export const RESULT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export async function campaignResults(db: D1Database, campaign: CampaignRow, now: number): Promise<CampaignResults> {
  if (campaign.results) return JSON.parse(campaign.results) as CampaignResults;
  const id = campaign.campaign_id;
  const start = campaign.send_started_at;
  const end = start === null ? null : start + RESULT_WINDOW_MS;
  const [byState, byDelivery, clicks, orders, blocks] = await db.batch([
    db.prepare("SELECT state, COUNT(*) AS n FROM campaign_recipients WHERE campaign_id = ?1 GROUP BY state").bind(id),
    db
      .prepare(
        `SELECT d.state AS state, COUNT(*) AS n FROM campaign_recipients r JOIN deliveries d ON d.delivery_id = r.delivery_id
         WHERE r.campaign_id = ?1 AND r.state = 'queued' GROUP BY d.state`,
      )
      .bind(id),
    db
      .prepare(
        `SELECT COUNT(*) AS clicks,
                COUNT(DISTINCT CASE WHEN line_user_id IS NOT NULL THEN 'u:' || line_user_id ELSE 'v:' || visitor END) AS uniq
         FROM tracked_clicks WHERE source_kind = 'campaign' AND source_id = ?1`,
      )
      .bind(id),
    db
      .prepare(
        `SELECT COUNT(DISTINCT d.subject) AS orders, COUNT(DISTINCT d.line_user_id) AS buyers
         FROM campaign_recipients r JOIN deliveries d ON d.line_user_id = r.line_user_id
         WHERE r.campaign_id = ?1 AND r.state = 'queued' AND d.kind = 'order_confirmation'
           AND d.created_at >= ?2 AND d.created_at < ?3`,
      )
      .bind(id, start ?? 0, end ?? 0),
    db
      .prepare(
        `SELECT COUNT(*) AS n FROM campaign_recipients r JOIN line_friends f ON f.line_user_id = r.line_user_id
         WHERE r.campaign_id = ?1 AND r.state = 'queued' AND f.followed = 0
           AND f.changed_at >= ?2 AND f.changed_at < ?3`,
      )
      .bind(id, start ?? 0, end ?? 0),
  ]);
  const count = (rows: unknown, state: string) =>
    ((rows as { results?: Array<{ state: string; n: number }> }).results ?? []).find((row) => row.state === state)?.n ?? 0;
  const recipientsByState = byState ?? { results: [] };
  const deliveriesByState = byDelivery ?? { results: [] };
  const pending = count(recipientsByState, "pending");
  const queued = count(recipientsByState, "queued");
  const skipped = count(recipientsByState, "skipped");
  const delivered = count(deliveriesByState, "sent");
  const failed =
    count(deliveriesByState, "dead") + count(deliveriesByState, "cancelled") + count(deliveriesByState, "quota_exhausted");
  const clickRow = (clicks?.results?.[0] ?? { clicks: 0, uniq: 0 }) as { clicks: number; uniq: number };
  const orderRow = (orders?.results?.[0] ?? { orders: 0, buyers: 0 }) as { orders: number; buyers: number };
  const blockRow = (blocks?.results?.[0] ?? { n: 0 }) as { n: number };
  const onTheWay = pending + (queued - delivered - failed);
  const results: CampaignResults = {
    recipients: pending + queued + skipped,
    sent: queued,
    delivered,
    pending: onTheWay,
    failed,
    skipped,
    clicks: clickRow.clicks,
    uniqueClicks: clickRow.uniq,
    orders: orderRow.orders,
    buyers: orderRow.buyers,
    blocks: blockRow.n,
    windowEndsAt: end === null ? null : new Date(end).toISOString(),
    final: false,
  };
  const finished = campaign.state === "sent" || campaign.state === "cancelled";
  if (finished && end !== null && now >= end && onTheWay === 0) {
    const frozen = { ...results, final: true };
    await db
      .prepare("UPDATE campaigns SET results = ?2 WHERE campaign_id = ?1 AND results IS NULL")
      .bind(id, JSON.stringify(frozen))
      .run();
    return frozen;
  }
  return results;
}

/** Messages still on their way for every campaign and message kind: the quota they will use. */
export async function messagesOnTheirWay(db: D1Database): Promise<number> {
  const row = await db
    .prepare(
      "SELECT COALESCE(SUM(recipients), 0) AS n FROM deliveries WHERE state IN ('queued', 'sending', 'retrying') AND kind != 'rich_menu'",
    )
    .first<{ n: number }>();
  return row?.n ?? 0;
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The results as CSV: UTF-8 with a BOM (so Excel in Japan reads it as UTF-8), CRLF lines. */
export function resultsCsv(
  campaign: CampaignRow,
  results: CampaignResults,
  labels: { header: string[]; sentAt: (at: number | null) => string },
): string {
  const row = [
    campaign.campaign_id,
    campaign.name,
    campaign.state,
    labels.sentAt(campaign.send_started_at),
    results.recipients,
    results.sent,
    results.delivered,
    results.pending,
    results.failed,
    results.skipped,
    results.clicks,
    results.uniqueClicks,
    results.orders,
    results.buyers,
    results.blocks,
  ];
  return `\uFEFF${[labels.header, row].map((cells) => cells.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
