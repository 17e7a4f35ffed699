import type { Bindings } from "../env.ts";
import { parseMessagesOff } from "../delivery/kinds.ts";
import { sendToQueue } from "../delivery/outbox.ts";
import type { Logger } from "../lib/log.ts";
import type { MerchantClient } from "../merchant/client.ts";
import { campaignAudience } from "./campaign-audience.ts";
import { campaignResults, RESULT_WINDOW_MS } from "./campaign-results.ts";
import {
  advanceCampaign,
  runCampaigns,
  type AudiencePages,
  type CampaignRow,
  type CampaignRunDeps,
  type RunReport,
} from "./campaigns.ts";

// The campaign runner built from the Worker's bindings, for the console route (start now), the
// queue (go on) and the cron (start what is due, pick up what a dead runner left).

export function campaignRunDeps(
  env: Bindings,
  merchant: MerchantClient,
  log: Logger,
  options: { audience?: AudiencePages; now?: () => number } = {},
): CampaignRunDeps {
  return {
    db: env.DB,
    queue: env.DELIVERY_QUEUE,
    log,
    merchant,
    audience: options.audience ?? campaignAudience(merchant, env.DB),
    liffId: env.LIFF_ID,
    secret: env.MEMBER_CARD_SECRET,
    publicUrl: env.BFF_PUBLIC_URL,
    now: options.now ?? Date.now,
  };
}

/** True when campaign messages are switched off (LINE_MESSAGES_OFF has "campaign"). */
export const campaignsOff = (env: Bindings) => parseMessagesOff(env.LINE_MESSAGES_OFF).has("campaign");

/** Runs a campaign for one budget; when work is left, queues the next run (the cron also picks it up). */
export async function continueCampaign(deps: CampaignRunDeps, campaignId: string): Promise<RunReport> {
  const report = await advanceCampaign(deps, campaignId);
  if (report.outcome === "more") {
    await sendToQueue(deps.queue, [{ body: { type: "campaign", id: campaignId }, delaySeconds: 1 }], deps.log);
  }
  return report;
}

/**
 * The cron's step: due campaigns start, every sending campaign moves on, and results whose 7-day
 * window closed are frozen before the outbox's retention forgets the deliveries they count.
 */
export async function runCampaignsTick(deps: CampaignRunDeps): Promise<RunReport[]> {
  const reports = await runCampaigns(deps);
  const { results: closing } = await deps.db
    .prepare(
      `SELECT * FROM campaigns WHERE results IS NULL AND state IN ('sent', 'cancelled')
         AND send_started_at IS NOT NULL AND send_started_at < ?1 ORDER BY send_started_at LIMIT 20`,
    )
    .bind(deps.now() - RESULT_WINDOW_MS)
    .all<CampaignRow>();
  for (const row of closing) await campaignResults(deps.db, row, deps.now());
  const more = reports.filter((report) => report.outcome === "more");
  await sendToQueue(
    deps.queue,
    more.map((report) => ({ body: { type: "campaign" as const, id: report.campaignId }, delaySeconds: 1 })),
    deps.log,
  );
  return reports;
}
