import type { Bindings } from "../env.ts";
import { parseMessagesOff } from "../delivery/kinds.ts";
import { sendToQueue } from "../delivery/outbox.ts";
import type { Logger } from "../lib/log.ts";
import type { MerchantClient } from "../merchant/client.ts";
import { campaignAudience } from "./campaign-audience.ts";
import { advanceCampaign, runCampaigns, type AudiencePages, type CampaignRunDeps, type RunReport } from "./campaigns.ts";

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

/** The cron's step: due campaigns start, and every sending campaign moves on. */
export async function runCampaignsTick(deps: CampaignRunDeps): Promise<RunReport[]> {
  const reports = await runCampaigns(deps);
  const more = reports.filter((report) => report.outcome === "more");
  await sendToQueue(
    deps.queue,
    more.map((report) => ({ body: { type: "campaign" as const, id: report.campaignId }, delaySeconds: 1 })),
    deps.log,
  );
  return reports;
}
