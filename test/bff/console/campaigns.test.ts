import { env } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { campaignRunDeps } from "../../../bff/console/campaign-runner.ts";
import {
  advanceCampaign,
  createCampaign,
  startSending,
  type AudiencePages,
  type CampaignRunDeps,
} from "../../../bff/console/campaigns.ts";
import { STALE_CLAIM_MS } from "../../../bff/delivery/consumer.ts";
import type { Bindings } from "../../../bff/env.ts";
import { recordFriendship } from "../../../bff/webhook/friends.ts";
import { createLogger } from "../../../bff/lib/log.ts";
import { createMerchantClient } from "../../../bff/merchant/client.ts";
import type { ConsoleMessage } from "../../../shared/console-message.ts";
import { devPersona } from "../../fakes/personas.ts";
import { recordingQueue, settleDeliveries } from "../delivery/drain.ts";
import { freshLineUserId, merchantApi } from "../helpers.ts";

// The campaign sender against the fake LINE platform and the sandbox merchant: each member gets
// the campaign once, whatever goes wrong on the way.

const admin = { staffId: "stf_005", name: "高橋 美咲" };
const log = createLogger("campaign-test");
const bindings = { ...(env as Bindings), DELIVERY_QUEUE: recordingQueue };
const merchant = createMerchantClient({
  baseUrl: env.MERCHANT_API_BASE,
  apiKey: env.MERCHANT_API_KEY,
  timeoutMs: 3000,
  requestId: "campaign-test",
  log,
});

const members = (count: number) => Array.from({ length: count }, () => freshLineUserId());

/** An audience over a fixed list, `limit` at a time (the cursor is the offset). */
function listAudience(ids: readonly string[], options: { failAtPage?: number } = {}): AudiencePages & { pages: number } {
  const audience = Object.assign(
    async (_segmentId: string | null, page: { cursor: string | null; limit: number }) => {
      audience.pages += 1;
      if (options.failAtPage !== undefined && audience.pages === options.failAtPage) {
        options.failAtPage = undefined;
        throw new Error("the Worker was stopped here");
      }
      const start = Number(page.cursor ?? 0);
      const next = start + page.limit;
      return { lineUserIds: ids.slice(start, next), nextCursor: next < ids.length ? String(next) : null };
    },
    { pages: 0 },
  );
  return audience;
}

const runDeps = (audience: AudiencePages, overrides: Partial<CampaignRunDeps> = {}): CampaignRunDeps => ({
  ...campaignRunDeps(bindings, merchant, log, { audience }),
  ...overrides,
});

async function startedCampaign(message: ConsoleMessage): Promise<string> {
  const now = Date.now();
  const id = await createCampaign(env.DB, admin, { name: message.ja.title, message, segmentId: null }, now);
  expect(await startSending(env.DB, id, admin, "https://bff.test", now)).toBe(true);
  return id;
}

const message = (title: string, extra: Partial<ConsoleMessage> = {}): ConsoleMessage => ({
  ja: { title, body: "今週末は全品10%オフ。ご来店をお待ちしています。" },
  button: { screen: "/coupons" },
  ...extra,
});

interface Call {
  path: string;
  status: number;
  delivered: boolean;
  retryKey: string | null;
  body: { to?: string | string[]; messages?: Array<{ altText?: string }> };
}

async function lineCalls(title: string): Promise<Call[]> {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/calls`);
  const { calls } = (await response.json()) as { calls: Call[] };
  return calls.filter((call) => call.body?.messages?.[0]?.altText === title);
}

/** How many times each LINE user got the message (LINE accepted it), over pushes and multicasts. */
async function receivedBy(title: string): Promise<Map<string, number>> {
  const got = new Map<string, number>();
  for (const call of await lineCalls(title)) {
    if (!call.delivered) continue;
    const to = call.body.to;
    for (const id of Array.isArray(to) ? to : to ? [to] : []) got.set(id, (got.get(id) ?? 0) + 1);
  }
  return got;
}

async function armUserFault(
  userId: string,
  fault: { mode: "rate_limit" | "server_error"; times: number; retryAfterSeconds?: number },
) {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...fault, userId }),
  });
  expect(response.status).toBe(200);
}

const campaignRow = (id: string) =>
  env.DB.prepare("SELECT state, recipients, skipped, audience_done FROM campaigns WHERE campaign_id = ?1")
    .bind(id)
    .first<{ state: string; recipients: number; skipped: number; audience_done: number }>();

describe("campaign sending", () => {
  it("sends a campaign to 10,000 members once, as multicasts of 500, through 429s, even when started twice", async () => {
    const title = `週末セール ${crypto.randomUUID().slice(0, 8)}`;
    const ids = members(10_000);
    const id = await startedCampaign(message(title));
    // LINE answers 429 (then 500) to the batches of the first and a later member a few times.
    await armUserFault(ids[0]!, { mode: "rate_limit", times: 3, retryAfterSeconds: 2 });
    await armUserFault(ids[7_777]!, { mode: "server_error", times: 2 });

    const audience = listAudience(ids);
    // Two runners at once (a double tap on send, the cron, the queue): one holds the campaign.
    const [first, second] = await Promise.all([advanceCampaign(runDeps(audience), id), advanceCampaign(runDeps(audience), id)]);
    expect([first.outcome, second.outcome].sort()).toEqual(["done", "held"]);
    // And once more after it finished: nothing new.
    expect((await advanceCampaign(runDeps(audience), id)).outcome).toBe("not_sending");
    expect(await startSending(env.DB, id, admin, "https://bff.test", Date.now())).toBe(false);

    await settleDeliveries();
    const got = await receivedBy(title);
    expect(got.size).toBe(10_000);
    expect([...got.values()].every((times) => times === 1)).toBe(true);
    const calls = await lineCalls(title);
    const multicasts = calls.filter((call) => call.path.endsWith("/message/multicast"));
    expect(multicasts.every((call) => Array.isArray(call.body.to) && call.body.to.length <= 500)).toBe(true);
    expect(multicasts.filter((call) => call.delivered)).toHaveLength(20);
    expect(calls.filter((call) => call.status === 429).length).toBe(3);
    expect(calls.filter((call) => call.status === 500).length).toBe(2);
    // Each retry carried the first attempt's retry key.
    const keysOfFirst = new Set(
      calls.filter((call) => Array.isArray(call.body.to) && call.body.to.includes(ids[0]!)).map((call) => call.retryKey),
    );
    expect(keysOfFirst.size).toBe(1);
    expect(await campaignRow(id)).toMatchObject({ state: "sent", recipients: 10_000, skipped: 0 });
  }, 30_000);

  it("resumes after the Worker stopped mid-audience, and a multicast LINE accepted before a crash is not sent again", async () => {
    const title = `再開テスト ${crypto.randomUUID().slice(0, 8)}`;
    const ids = members(2_400);
    const id = await startedCampaign(message(title));
    const audience = listAudience(ids, { failAtPage: 3 });

    const stopped = await advanceCampaign(runDeps(audience), id);
    // Stopped: the cron (not a tight queue loop) picks it up again.
    expect(stopped.outcome).toBe("stopped");
    expect((await campaignRow(id))?.recipients).toBe(1_000);

    // A runner that died holding the lease: a run now waits, one after the lease ran out goes on.
    await env.DB.prepare("UPDATE campaigns SET lease_until = ?2 WHERE campaign_id = ?1")
      .bind(id, Date.now() + 60_000)
      .run();
    expect((await advanceCampaign(runDeps(audience), id)).outcome).toBe("held");
    const clock = () => Date.now() + 61_000;
    expect((await advanceCampaign(runDeps(audience, { now: clock }), id)).outcome).toBe("done");

    // A consumer that died after LINE accepted a multicast, before writing it down: the row
    // stays 'sending'. The next consumer takes it over with the same retry key; LINE says 409.
    const row = await env.DB.prepare(
      "SELECT delivery_id, payload, retry_key FROM deliveries WHERE subject = ?1 AND channel = 'multicast' LIMIT 1",
    )
      .bind(`campaign:${id}`)
      .first<{ delivery_id: string; payload: string; retry_key: string }>();
    const accepted = await fetch(`${inject("fakeLineUrl")}/v2/bot/message/multicast`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${inject("lineChannelAccessToken")}`,
        "content-type": "application/json",
        "x-line-retry-key": row!.retry_key,
      },
      body: row!.payload,
    });
    expect(accepted.status).toBe(200);
    const past = Date.now() - STALE_CLAIM_MS - 1000;
    await env.DB.prepare(
      "UPDATE deliveries SET state = 'sending', claimed_at = ?2, attempts = 1, first_attempt_at = ?2 WHERE delivery_id = ?1",
    )
      .bind(row!.delivery_id, past)
      .run();

    await settleDeliveries();
    const got = await receivedBy(title);
    expect(got.size).toBe(2_400);
    expect([...got.values()].every((times) => times === 1)).toBe(true);
    const repeat = (await lineCalls(title)).filter((call) => call.retryKey === row!.retry_key);
    expect(repeat.map((call) => call.status)).toEqual([200, 409]);
    const state = await env.DB.prepare("SELECT state FROM deliveries WHERE delivery_id = ?1")
      .bind(row!.delivery_id)
      .first<{ state: string }>();
    expect(state?.state).toBe("sent");
  }, 20_000);

  it("skips members who blocked the account, and counts the month per recipient", async () => {
    const title = `ブロック除外 ${crypto.randomUUID().slice(0, 8)}`;
    const ids = members(30);
    const blocked = ids.slice(0, 4);
    for (const lineUserId of blocked) await recordFriendship(env.DB, lineUserId, { followed: false, at: Date.now() - 1000 });
    const month = await env.DB.prepare("SELECT COALESCE(SUM(sent), 0) AS n FROM message_counts WHERE kind = 'campaign'").first<{
      n: number;
    }>();
    const id = await startedCampaign(message(title));
    await advanceCampaign(runDeps(listAudience(ids)), id);
    await settleDeliveries();
    const got = await receivedBy(title);
    expect(got.size).toBe(26);
    expect(blocked.some((lineUserId) => got.has(lineUserId))).toBe(false);
    expect(await campaignRow(id)).toMatchObject({ recipients: 30, skipped: 4 });
    const after = await env.DB.prepare("SELECT COALESCE(SUM(sent), 0) AS n FROM message_counts WHERE kind = 'campaign'").first<{
      n: number;
    }>();
    expect(after!.n - month!.n).toBeGreaterThanOrEqual(26);
  });

  it("grants a coupon campaign's coupon once per member at the merchant and pushes each their own coupon card", async () => {
    const title = `クーポン配信 ${crypto.randomUUID().slice(0, 8)}`;
    const linked = devPersona("linked").lineUserId;
    const id = await startedCampaign(message(title, { couponDefinitionId: "line_only_drink_50" }));
    const grantKeyCoupons = async () => {
      const response = await merchantApi("/v1/members/mem_0001/coupons");
      const { coupons } = (await response.json()) as { coupons: Array<{ couponDefinitionId: string; couponId: string }> };
      return coupons.filter((coupon) => coupon.couponDefinitionId === "line_only_drink_50").length;
    };
    const before = await grantKeyCoupons();
    await advanceCampaign(runDeps(listAudience([linked])), id);
    // Run again as if restarted from scratch: the grant key makes the merchant grant nothing new.
    await env.DB.prepare("UPDATE campaign_recipients SET state = 'pending' WHERE campaign_id = ?1").bind(id).run();
    await env.DB.prepare("UPDATE campaigns SET state = 'sending' WHERE campaign_id = ?1").bind(id).run();
    await advanceCampaign(runDeps(listAudience([linked])), id);
    await settleDeliveries();
    expect(await grantKeyCoupons()).toBe(before + 1);
    const calls = (await lineCalls(title)).filter((call) => call.delivered);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toMatch(/\/message\/push$/);
    expect(calls[0]!.body.to).toBe(linked);
    const text = JSON.stringify(calls[0]!.body);
    expect(text).toContain("クーポンを使う");
    expect(text).toMatch(/https:\/\/bff\.test\/t\//);
  });
});
