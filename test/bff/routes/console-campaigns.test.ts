import { env } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { campaignRunDeps, runCampaignsTick } from "../../../bff/console/campaign-runner.ts";
import { advanceCampaign, createCampaign, startSending } from "../../../bff/console/campaigns.ts";
import { saveSegment } from "../../../bff/console/segments.ts";
import { recordFriendship } from "../../../bff/webhook/friends.ts";
import { trackedLinkUrl } from "../../../bff/console/tracked-links.ts";
import type { Bindings } from "../../../bff/env.ts";
import { createLogger } from "../../../bff/lib/log.ts";
import { createMerchantClient } from "../../../bff/merchant/client.ts";
import { CampaignActionResponse, CampaignEstimate, CampaignListResponse, CampaignResults } from "../../../shared/api.ts";
import type { ConsoleMessage } from "../../../shared/console-message.ts";
import { ErrorBody } from "../../../shared/errors.ts";
import { devPersona } from "../../fakes/personas.ts";
import { recordingQueue, settleDeliveries } from "../delivery/drain.ts";
import { callBff, freshLineUserId, jsonBody, mintIdToken } from "../helpers.ts";

const admin = { staffId: "stf_005", name: "高橋 美咲" };
let token: string;
beforeAll(async () => {
  token = await mintIdToken({ persona: "admin" });
});

const draft = (title: string, extra: Partial<ConsoleMessage> = {}) => ({
  name: title,
  message: { ja: { title, body: "新メニューが始まりました。" }, button: { screen: "/" }, ...extra },
  segmentId: null,
});

async function create(title: string) {
  const response = await callBff("/api/console/campaigns", { token, ...jsonBody(draft(title)) });
  expect(response.status).toBe(201);
  return CampaignActionResponse.parse(await response.json()).campaign;
}

const post = (path: string, body: unknown = {}) => callBff(path, { token, ...jsonBody(body) });

async function auditActions(target: string): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT action FROM console_audit WHERE target = ?1 ORDER BY audit_id")
    .bind(target)
    .all<{ action: string }>();
  return results.map((row) => row.action);
}

async function callsWithTitle(title: string) {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/calls`);
  const { calls } = (await response.json()) as {
    calls: Array<{ path: string; delivered: boolean; body: { to?: string | string[]; messages?: Array<{ altText?: string }> } }>;
  };
  return calls.filter((call) => call.delivered && call.body?.messages?.[0]?.altText === title);
}

async function setQuota(limit: number | null) {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/quota`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ limit }),
  });
  expect(response.status).toBe(200);
}

describe("/api/console/campaigns", () => {
  it("saves drafts, refusing a bad one with 400 and saving nothing", async () => {
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM campaigns").first<{ n: number }>();
    const bad = await post("/api/console/campaigns", { ...draft(""), message: { ja: { title: "", body: "" } } });
    expect(bad.status).toBe(400);
    expect(ErrorBody.parse(await bad.json()).error.code).toBe("bad_request");
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM campaigns").first<{ n: number }>())?.n).toBe(before?.n);

    const campaign = await create(`下書き ${crypto.randomUUID().slice(0, 6)}`);
    expect(campaign.state).toBe("draft");
    const changed = await callBff(`/api/console/campaigns/${campaign.campaignId}`, {
      token,
      ...jsonBody(draft("書き直し")),
      method: "PUT",
    });
    expect(changed.status).toBe(200);
    expect(CampaignActionResponse.parse(await changed.json()).campaign.name).toBe("書き直し");
    const list = CampaignListResponse.parse(await (await callBff("/api/console/campaigns", { token })).json());
    expect(list.campaigns.find((entry) => entry.campaignId === campaign.campaignId)?.name).toBe("書き直し");
    expect(await auditActions(campaign.campaignId)).toEqual(["campaign.save", "campaign.save"]);
    expect((await callBff("/api/console/campaigns/cmp_00000000000000000000", { token })).status).toBe(404);
    expect((await callBff("/api/console/campaigns/not-an-id", { token })).status).toBe(400);
  });

  it("sends a test to the admin's own LINE only, saying it is on its way", async () => {
    const title = `テスト送信 ${crypto.randomUUID().slice(0, 6)}`;
    const campaign = await create(title);
    const response = await post(`/api/console/campaigns/${campaign.campaignId}/test`);
    expect(response.status).toBe(202);
    expect(CampaignActionResponse.parse(await response.json()).test).toBe("queued");
    const calls = await callsWithTitle(title);
    expect(calls.map((call) => call.body.to)).toEqual([devPersona("admin").lineUserId]);
    // A double tap: the same version is sent once.
    await post(`/api/console/campaigns/${campaign.campaignId}/test`);
    expect(await callsWithTitle(title)).toHaveLength(1);
    expect(await auditActions(campaign.campaignId)).toEqual(["campaign.save", "campaign.test", "campaign.test"]);
  });

  it("sends now to every linked member, once, and refuses a second send", async () => {
    const title = `今すぐ送信 ${crypto.randomUUID().slice(0, 6)}`;
    const campaign = await create(title);
    const estimate = CampaignEstimate.parse(
      await (await callBff(`/api/console/campaigns/${campaign.campaignId}/estimate`, { token })).json(),
    );
    expect(estimate.recipients).toBeGreaterThanOrEqual(1);
    expect(estimate).toMatchObject({ messages: estimate.recipients, delivery: "multicast", fits: true });

    const response = await post(`/api/console/campaigns/${campaign.campaignId}/send`);
    expect(response.status).toBe(202);
    await settleDeliveries();
    const calls = await callsWithTitle(title);
    const reached = calls.flatMap((call) => (Array.isArray(call.body.to) ? call.body.to : [call.body.to]));
    expect(reached.filter((id) => id === devPersona("linked").lineUserId)).toHaveLength(1);

    const again = await post(`/api/console/campaigns/${campaign.campaignId}/send`);
    expect(again.status).toBe(409);
    const results = CampaignResults.parse(
      await (await callBff(`/api/console/campaigns/${campaign.campaignId}/results`, { token })).json(),
    );
    expect(results.delivered).toBe(new Set(reached).size);
    expect(await auditActions(campaign.campaignId)).toEqual(["campaign.save", "campaign.send"]);
  });

  it("sends to a saved segment only, and refuses a segment that does not exist", async () => {
    const unknown = await post("/api/console/campaigns", { ...draft("存在しないセグメント"), segmentId: "no_such_segment" });
    expect(unknown.status).toBe(400);

    // A segment of the members who clicked a campaign only the linked persona clicked.
    const clickedCampaign = `cmp_seg_${crypto.randomUUID().slice(0, 8)}`;
    const linked = devPersona("linked").lineUserId;
    await env.DB.prepare(
      "INSERT INTO tracked_clicks (click_id, source_kind, source_id, line_user_id, clicked_at) VALUES (?1, 'campaign', ?2, ?3, ?4)",
    )
      .bind(crypto.randomUUID(), clickedCampaign, linked, Date.now())
      .run();
    const segmentId = `seg_${crypto.randomUUID().slice(0, 8)}`;
    await saveSegment(
      env.DB,
      { segmentId, name: "クリックした人", definition: { line: { clickedCampaignIds: [clickedCampaign] } } },
      "stf_005",
    );
    const audiences = (await (await callBff("/api/console/campaigns/audiences", { token })).json()) as {
      audiences: Array<{ segmentId: string | null; name: string }>;
    };
    expect(audiences.audiences).toContainEqual({ segmentId, name: "クリックした人" });

    const title = `セグメント配信 ${crypto.randomUUID().slice(0, 6)}`;
    const created = await post("/api/console/campaigns", { ...draft(title), segmentId });
    expect(created.status).toBe(201);
    const campaign = CampaignActionResponse.parse(await created.json()).campaign;
    const estimate = CampaignEstimate.parse(
      await (await callBff(`/api/console/campaigns/${campaign.campaignId}/estimate`, { token })).json(),
    );
    expect(estimate.recipients).toBe(1);
    expect((await post(`/api/console/campaigns/${campaign.campaignId}/send`)).status).toBe(202);
    await settleDeliveries();
    const reached = (await callsWithTitle(title)).flatMap((call) =>
      Array.isArray(call.body.to) ? call.body.to : [call.body.to],
    );
    expect(reached).toEqual([linked]);
  });

  describe("against the month's quota", () => {
    const holdId = `quota-hold-${crypto.randomUUID()}`;
    afterAll(async () => {
      await env.DB.prepare("DELETE FROM deliveries WHERE delivery_id = ?1").bind(holdId).run();
      await setQuota(null);
    });

    it("refuses to send more than the month has left, clearly, sending nothing", async () => {
      const campaign = await create(`上限超過 ${crypto.randomUUID().slice(0, 6)}`);
      // A roomy plan, nearly all of it spoken for by messages already on their way.
      await setQuota(1_000_000_000);
      await env.DB.prepare(
        `INSERT INTO deliveries (delivery_id, kind, channel, line_user_id, payload, retry_key, state, not_before, next_attempt_at, created_at, recipients)
         VALUES (?1, 'campaign', 'multicast', 'multicast', '{}', ?1, 'queued', ?2, ?2, ?2, 999999999)`,
      )
        .bind(holdId, Date.now() + 30 * 86_400_000)
        .run();
      const estimate = CampaignEstimate.parse(
        await (await callBff(`/api/console/campaigns/${campaign.campaignId}/estimate`, { token })).json(),
      );
      expect(estimate.fits).toBe(false);
      const response = await post(`/api/console/campaigns/${campaign.campaignId}/send`);
      expect(response.status).toBe(409);
      expect(ErrorBody.parse(await response.json()).error.message).toMatch(/this month has \d+ left\. Nothing was sent/);
      const row = await env.DB.prepare("SELECT state FROM campaigns WHERE campaign_id = ?1")
        .bind(campaign.campaignId)
        .first<{ state: string }>();
      expect(row?.state).toBe("draft");
      expect(await auditActions(campaign.campaignId)).toEqual(["campaign.save"]);
    });
  });

  it("schedules in Japan time, sends when the time comes, and can cancel a scheduled one", async () => {
    const title = `予約送信 ${crypto.randomUUID().slice(0, 6)}`;
    const campaign = await create(title);
    const past = await post(`/api/console/campaigns/${campaign.campaignId}/schedule`, { at: "2020-01-01T09:00:00+09:00" });
    expect(past.status).toBe(400);
    const response = await post(`/api/console/campaigns/${campaign.campaignId}/schedule`, { at: "2031-01-05T09:00:00+09:00" });
    expect(response.status).toBe(200);
    const scheduled = CampaignActionResponse.parse(await response.json()).campaign;
    expect(scheduled).toMatchObject({ state: "scheduled", scheduledAt: "2031-01-05T00:00:00.000Z" });

    const log = createLogger("schedule-test");
    const merchant = createMerchantClient({
      baseUrl: env.MERCHANT_API_BASE,
      apiKey: env.MERCHANT_API_KEY,
      timeoutMs: 3000,
      requestId: "schedule-test",
      log,
    });
    const bindings = { ...(env as Bindings), DELIVERY_QUEUE: recordingQueue };
    const tick = (at: string) => runCampaignsTick(campaignRunDeps(bindings, merchant, log, { now: () => Date.parse(at) }));
    await tick("2031-01-04T23:59:00Z");
    const early = await env.DB.prepare("SELECT state FROM campaigns WHERE campaign_id = ?1")
      .bind(campaign.campaignId)
      .first<{ state: string }>();
    expect(early?.state).toBe("scheduled");
    await tick("2031-01-05T00:00:30Z");
    const due = await env.DB.prepare("SELECT state, send_started_at FROM campaigns WHERE campaign_id = ?1")
      .bind(campaign.campaignId)
      .first<{ state: string; send_started_at: number }>();
    expect(due).toEqual({ state: "sent", send_started_at: Date.parse("2031-01-05T00:00:30Z") });
    await settleDeliveries(Date.parse("2031-01-05T00:00:31Z"), 60_000);
    // Seven days on, the cron freezes the results: they no longer depend on the outbox's rows.
    await tick("2031-01-12T00:00:31Z");
    const frozen = CampaignResults.parse(
      await (await callBff(`/api/console/campaigns/${campaign.campaignId}/results`, { token })).json(),
    );
    expect(frozen).toMatchObject({ final: true, windowEndsAt: "2031-01-12T00:00:30.000Z" });
    expect(frozen.delivered).toBe(frozen.sent);

    const other = await create(`取り消し ${crypto.randomUUID().slice(0, 6)}`);
    await post(`/api/console/campaigns/${other.campaignId}/schedule`, { at: "2031-02-01T12:00:00+09:00" });
    const cancelled = await post(`/api/console/campaigns/${other.campaignId}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(CampaignActionResponse.parse(await cancelled.json()).campaign.state).toBe("cancelled");
    expect(await auditActions(other.campaignId)).toEqual(["campaign.save", "campaign.schedule", "campaign.cancel"]);
    expect((await post(`/api/console/campaigns/${other.campaignId}/send`)).status).toBe(409);
  });

  it("counts unique clicks, orders within 7 days by recipients, and blocks within 7 days; exports them as CSV", async () => {
    const [a, b, c] = [freshLineUserId(), freshLineUserId(), freshLineUserId()];
    const stranger = freshLineUserId();
    const message: ConsoleMessage = { ja: { title: "結果", body: "本文" }, button: { screen: "/" } };
    const start = Date.now();
    const id = await createCampaign(env.DB, admin, { name: "結果テスト", message, segmentId: null }, start);
    await startSending(env.DB, id, admin, "https://bff.test", start);
    const log = createLogger("results-test");
    const merchant = createMerchantClient({
      baseUrl: env.MERCHANT_API_BASE,
      apiKey: env.MERCHANT_API_KEY,
      timeoutMs: 3000,
      requestId: "results-test",
      log,
    });
    await advanceCampaign(
      campaignRunDeps({ ...(env as Bindings), DELIVERY_QUEUE: recordingQueue }, merchant, log, {
        audience: async () => ({ lineUserIds: [a, b, c], nextCursor: null }),
      }),
      id,
    );
    await settleDeliveries();

    // Clicks: one browser twice, another once.
    const url = await trackedLinkUrl(
      { secret: env.MEMBER_CARD_SECRET, origin: "https://bff.test" },
      { kind: "campaign", sourceId: id, target: `https://liff.line.me/${env.LIFF_ID}/` },
    );
    const first = await callBff(new URL(url).pathname, { redirect: "manual" });
    const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0]!;
    await callBff(new URL(url).pathname, { redirect: "manual", headers: { cookie } });
    await callBff(new URL(url).pathname, { redirect: "manual" });

    // Orders the app confirmed: a twice within the week, b after it, a stranger within it.
    const order = (lineUserId: string, at: number) =>
      env.DB.prepare(
        `INSERT INTO deliveries (delivery_id, kind, channel, line_user_id, subject, payload, retry_key, state, not_before, next_attempt_at, created_at)
         VALUES (?1, 'order_confirmation', 'push', ?2, ?3, '{}', ?1, 'sent', ?4, ?4, ?4)`,
      )
        .bind(`test-order-${crypto.randomUUID()}`, lineUserId, `order:${crypto.randomUUID()}`, at)
        .run();
    const day = 86_400_000;
    await order(a, start + day);
    await order(a, start + 3 * day);
    await order(b, start + 8 * day);
    await order(stranger, start + day);
    // Blocks: c two days after the send, b after the week.
    // As the webhook records an unfollow event.
    const unfollow = (lineUserId: string, at: number) => recordFriendship(env.DB, lineUserId, { followed: false, at });
    await unfollow(c, start + 2 * day);
    await unfollow(b, start + 9 * day);

    const results = CampaignResults.parse(await (await callBff(`/api/console/campaigns/${id}/results`, { token })).json());
    expect(results).toMatchObject({
      recipients: 3,
      sent: 3,
      delivered: 3,
      pending: 0,
      failed: 0,
      clicks: 3,
      uniqueClicks: 2,
      orders: 2,
      buyers: 1,
      blocks: 1,
      final: false,
    });

    const csv = await callBff(`/api/console/campaigns/${id}/results.csv`, { token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect(Array.from(bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder()
      .decode(bytes)
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("ユニーククリック unique clicks");
    expect(lines[1]!.split(",").slice(-11)).toEqual(["3", "3", "3", "0", "0", "0", "3", "2", "2", "1", "1"]);
    expect(await auditActions(id)).toEqual(["campaign.export"]);
  });
});
