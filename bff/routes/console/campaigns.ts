import { Hono, type Context } from "hono";
import {
  CampaignDraftRequest,
  CampaignParams,
  CampaignScheduleRequest,
  type CampaignActionResponse,
  type CampaignAudienceResponse,
  type CampaignEstimate,
  type CampaignListResponse,
  type CampaignResults,
  type CampaignSummary,
} from "../../../shared/api.ts";
import { errorBody } from "../../../shared/errors.ts";
import { recordConsoleAction } from "../../console/audit.ts";
import { campaignResults, messagesOnTheirWay, resultsCsv } from "../../console/campaign-results.ts";
import { countAudience } from "../../console/campaign-audience.ts";
import { campaignRunDeps, campaignsOff, continueCampaign } from "../../console/campaign-runner.ts";
import {
  cancelCampaign,
  createCampaign,
  getCampaignRow,
  grantedCoupon,
  isPersonal,
  listCampaignRows,
  scheduleCampaign,
  startSending,
  toCampaign,
  updateDraft,
  type CampaignRow,
} from "../../console/campaigns.ts";
import { renderConsoleMessage } from "../../console/render-message.ts";
import { listSavedSegments, loadSavedSegment } from "../../console/segments.ts";
import type { AppEnv } from "../../env.ts";
import { validate } from "../../lib/validate.ts";
import { languageOf } from "../../lib/user-language.ts";

// /api/console/campaigns: compose, test, send or schedule, cancel, and read the results. Mounted
// behind the console's guard (admins only). Every write is in the console's audit log.

type C = Context<AppEnv>;

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

async function summary(c: C, row: CampaignRow, now = Date.now()): Promise<CampaignSummary> {
  const campaign = toCampaign(row);
  return {
    campaignId: campaign.campaignId,
    name: campaign.name,
    message: campaign.message,
    segmentId: campaign.segmentId,
    state: campaign.state,
    scheduledAt: iso(campaign.scheduledAt),
    sendStartedAt: iso(campaign.sendStartedAt),
    sentAt: iso(campaign.sentAt),
    updatedAt: new Date(campaign.updatedAt).toISOString(),
    updatedByName: campaign.updatedByName,
    lastError: campaign.lastError,
    results: row.send_started_at === null ? null : await campaignResults(c.env.DB, row, now),
  };
}

const notFound = (c: C) => c.json(errorBody("not_found", "No such campaign", { requestId: c.get("requestId") }), 404);
const conflict = (c: C, message: string) => c.json(errorBody("conflict", message, { requestId: c.get("requestId") }), 409);

const segmentExists = async (c: C, segmentId: string | null) =>
  segmentId === null || (await loadSavedSegment(c.env.DB, segmentId)) !== null;
const unknownSegment = (c: C) =>
  c.json(
    errorBody("bad_request", "No saved segment has this id", {
      requestId: c.get("requestId"),
      issues: [{ path: "segmentId", message: "Not a saved segment" }],
    }),
    400,
  );

/** The origin tracked links point at: BFF_PUBLIC_URL, else this request's (the same Worker). */
const originOf = (c: C) => c.env.BFF_PUBLIC_URL?.trim() || new URL(c.req.url).origin;

/** What sending would use now, against what the month has left. */
async function estimate(c: C, row: CampaignRow): Promise<CampaignEstimate> {
  const deps = campaignRunDeps(c.env, c.get("merchant"), c.get("log"));
  const recipients = await countAudience(deps.audience, row.segment_id);
  const quota = await readQuota(c);
  const onTheirWay = await messagesOnTheirWay(c.env.DB);
  const remaining = quota.limit === null ? null : Math.max(0, quota.limit - quota.used - onTheirWay);
  const message = toCampaign(row).message;
  return {
    recipients,
    messages: recipients,
    delivery: isPersonal(message) ? "push" : "multicast",
    quotaLimit: quota.limit,
    quotaRemaining: remaining,
    fits: remaining === null || recipients <= remaining,
  };
}

/** LINE's reading now; when LINE cannot be asked, the sweeper's last reading (every 5 minutes). */
async function readQuota(c: C): Promise<{ limit: number | null; used: number }> {
  try {
    return await c.get("line").quota();
  } catch {
    const kept = await c.env.DB.prepare("SELECT value FROM job_state WHERE name = 'line_quota'").first<{ value: string }>();
    if (!kept) throw new Error("LINE's message quota cannot be read now");
    const reading = JSON.parse(kept.value) as { limit: number | null; used: number };
    return { limit: reading.limit, used: reading.used };
  }
}

const sentAtLabel = (at: number | null) =>
  at === null
    ? ""
    : new Intl.DateTimeFormat("ja-JP", {
        timeZone: "Asia/Tokyo",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }).format(at);

const CSV_HEADER = [
  "キャンペーンID campaign id",
  "名前 name",
  "状態 state",
  "送信開始 (日本時間) sent at (Japan time)",
  "対象 recipients",
  "送信 sent",
  "配信済み delivered",
  "送信中 pending",
  "失敗 failed",
  "対象外 skipped",
  "クリック clicks",
  "ユニーククリック unique clicks",
  "7日以内の注文 orders within 7 days",
  "注文した人 buyers",
  "7日以内のブロック blocks within 7 days",
];

export const campaignRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const rows = await listCampaignRows(c.env.DB);
    const now = Date.now();
    const body: CampaignListResponse = { campaigns: await Promise.all(rows.map((row) => summary(c, row, now))) };
    return c.json(body, 200);
  })
  .get("/audiences", async (c) => {
    // Every linked member (segmentId null), then the saved segments.
    const segments = await listSavedSegments(c.env.DB);
    const body: CampaignAudienceResponse = {
      audiences: [
        { segmentId: null, name: "all" },
        ...segments.map((segment) => ({ segmentId: segment.segmentId, name: segment.name })),
      ],
    };
    return c.json(body, 200);
  })
  .get("/coupons", async (c) => {
    const catalogue = await c.get("merchant").listCouponCatalogue();
    return c.json(
      {
        coupons: catalogue.coupons.map((coupon) => ({
          couponDefinitionId: coupon.couponDefinitionId,
          title: coupon.title,
          kind: coupon.kind,
          benefit: coupon.benefit,
          validDays: coupon.validDays,
        })),
      },
      200,
    );
  })
  .post("/", validate("json", CampaignDraftRequest), async (c) => {
    const draft = c.req.valid("json");
    if (!(await segmentExists(c, draft.segmentId))) return unknownSegment(c);
    const staff = c.get("staff");
    const now = Date.now();
    const campaignId = await createCampaign(c.env.DB, staff, draft, now);
    await recordConsoleAction(c.env.DB, staff, { action: "campaign.save", target: campaignId, detail: { created: true } }, now);
    const row = await getCampaignRow(c.env.DB, campaignId);
    return c.json({ campaign: await summary(c, row!) } satisfies CampaignActionResponse, 201);
  })
  .get("/:id", validate("param", CampaignParams), async (c) => {
    const row = await getCampaignRow(c.env.DB, c.req.valid("param").id);
    if (!row) return notFound(c);
    return c.json({ campaign: await summary(c, row) } satisfies CampaignActionResponse, 200);
  })
  .put("/:id", validate("param", CampaignParams), validate("json", CampaignDraftRequest), async (c) => {
    const { id } = c.req.valid("param");
    const staff = c.get("staff");
    const now = Date.now();
    const row = await getCampaignRow(c.env.DB, id);
    if (!row) return notFound(c);
    if (!(await segmentExists(c, c.req.valid("json").segmentId))) return unknownSegment(c);
    if (!(await updateDraft(c.env.DB, id, staff, c.req.valid("json"), now))) {
      return conflict(c, "Only a draft can be changed: this campaign is scheduled, sending or done");
    }
    await recordConsoleAction(c.env.DB, staff, { action: "campaign.save", target: id }, now);
    return c.json({ campaign: await summary(c, (await getCampaignRow(c.env.DB, id))!) } satisfies CampaignActionResponse, 200);
  })
  .get("/:id/estimate", validate("param", CampaignParams), async (c) => {
    const row = await getCampaignRow(c.env.DB, c.req.valid("param").id);
    if (!row) return notFound(c);
    return c.json(await estimate(c, row), 200);
  })
  .post("/:id/test", validate("param", CampaignParams), async (c) => {
    const { id } = c.req.valid("param");
    const row = await getCampaignRow(c.env.DB, id);
    if (!row) return notFound(c);
    const staff = c.get("staff");
    const lineUserId = c.get("lineUserId");
    const message = toCampaign(row).message;
    const language = await languageOf(c.env.DB, lineUserId);
    // A test grants no coupon: it shows the catalogue's coupon, and its button opens the coupon list.
    let coupon;
    if (message.couponDefinitionId) {
      const definition = (await c.get("merchant").listCouponCatalogue()).coupons.find(
        (entry) => entry.couponDefinitionId === message.couponDefinitionId,
      );
      if (!definition) return conflict(c, "The coupon is no longer in the merchant's catalogue");
      const validUntil = new Date(Date.now() + definition.validDays * 86_400_000).toISOString();
      coupon = grantedCoupon({ couponId: "test", title: definition.title, benefit: definition.benefit, validUntil }, language);
    }
    const liffApp = `https://liff.line.me/${c.env.LIFF_ID}`;
    const rendered = renderConsoleMessage(message, {
      language,
      liffId: c.env.LIFF_ID,
      // Clicks on a test are not counted.
      track: (url) => (url === `${liffApp}/coupons/test` ? `${liffApp}/coupons` : url),
      ...(coupon ? { coupon } : {}),
    });
    // One test per version of the campaign: a double tap sends it once.
    const notice = await c.get("outbox").push({
      id: `campaign-test:${id}:${row.updated_at}`,
      kind: "campaign",
      to: lineUserId,
      messages: [rendered],
    });
    await recordConsoleAction(c.env.DB, staff, { action: "campaign.test", target: id });
    return c.json({ campaign: await summary(c, row), test: notice } satisfies CampaignActionResponse, 202);
  })
  .post("/:id/send", validate("param", CampaignParams), async (c) => {
    const { id } = c.req.valid("param");
    const row = await getCampaignRow(c.env.DB, id);
    if (!row) return notFound(c);
    if (row.state !== "draft" && row.state !== "scheduled") return conflict(c, "This campaign was already sent or cancelled");
    if (campaignsOff(c.env)) return conflict(c, "Campaign messages are switched off (LINE_MESSAGES_OFF)");
    const planned = await estimate(c, row);
    if (!planned.fits) {
      return conflict(
        c,
        `Sending would use ${planned.messages} messages; this month has ${planned.quotaRemaining} left. Nothing was sent.`,
      );
    }
    const staff = c.get("staff");
    const now = Date.now();
    if (!(await startSending(c.env.DB, id, staff, originOf(c), now))) {
      return conflict(c, "This campaign was already sent or cancelled");
    }
    await recordConsoleAction(
      c.env.DB,
      staff,
      { action: "campaign.send", target: id, detail: { recipients: planned.recipients, delivery: planned.delivery } },
      now,
    );
    // The first run starts now, after the answer; the queue and the cron carry it on.
    const deps = campaignRunDeps(c.env, c.get("merchant"), c.get("log"));
    c.executionCtx.waitUntil(continueCampaign(deps, id));
    const body: CampaignActionResponse = {
      campaign: await summary(c, (await getCampaignRow(c.env.DB, id))!),
      estimate: planned,
    };
    return c.json(body, 202);
  })
  .post("/:id/schedule", validate("param", CampaignParams), validate("json", CampaignScheduleRequest), async (c) => {
    const { id } = c.req.valid("param");
    const at = Date.parse(c.req.valid("json").at);
    const now = Date.now();
    const row = await getCampaignRow(c.env.DB, id);
    if (!row) return notFound(c);
    if (at <= now + 60_000) {
      return c.json(
        errorBody("bad_request", "Schedule it at least a minute ahead", {
          requestId: c.get("requestId"),
          issues: [{ path: "at", message: "In the past or too soon" }],
        }),
        400,
      );
    }
    if (campaignsOff(c.env)) return conflict(c, "Campaign messages are switched off (LINE_MESSAGES_OFF)");
    const planned = await estimate(c, row);
    if (!planned.fits) {
      return conflict(
        c,
        `Sending would use ${planned.messages} messages; this month has ${planned.quotaRemaining} left. Nothing was scheduled.`,
      );
    }
    const staff = c.get("staff");
    if (!(await scheduleCampaign(c.env.DB, id, staff, at, originOf(c), now))) {
      return conflict(c, "This campaign was already sent or cancelled");
    }
    await recordConsoleAction(
      c.env.DB,
      staff,
      { action: "campaign.schedule", target: id, detail: { at: new Date(at).toISOString(), recipients: planned.recipients } },
      now,
    );
    const body: CampaignActionResponse = {
      campaign: await summary(c, (await getCampaignRow(c.env.DB, id))!),
      estimate: planned,
    };
    return c.json(body, 200);
  })
  .post("/:id/cancel", validate("param", CampaignParams), async (c) => {
    const { id } = c.req.valid("param");
    const row = await getCampaignRow(c.env.DB, id);
    if (!row) return notFound(c);
    const staff = c.get("staff");
    const now = Date.now();
    const dropped = await cancelCampaign(c.env.DB, id, staff, now);
    if (dropped === null) return conflict(c, "Only a scheduled or sending campaign can be cancelled");
    await recordConsoleAction(c.env.DB, staff, { action: "campaign.cancel", target: id, detail: { dropped } }, now);
    return c.json({ campaign: await summary(c, (await getCampaignRow(c.env.DB, id))!) } satisfies CampaignActionResponse, 200);
  })
  .get("/:id/results", validate("param", CampaignParams), async (c) => {
    const row = await getCampaignRow(c.env.DB, c.req.valid("param").id);
    if (!row) return notFound(c);
    const results: CampaignResults = await campaignResults(c.env.DB, row, Date.now());
    return c.json(results, 200);
  })
  .get("/:id/results.csv", validate("param", CampaignParams), async (c) => {
    const { id } = c.req.valid("param");
    const row = await getCampaignRow(c.env.DB, id);
    if (!row) return notFound(c);
    const results = await campaignResults(c.env.DB, row, Date.now());
    await recordConsoleAction(c.env.DB, c.get("staff"), { action: "campaign.export", target: id });
    const csv = resultsCsv(row, results, { header: CSV_HEADER, sentAt: sentAtLabel });
    return c.body(csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="campaign-${id}.csv"`,
    });
  });
