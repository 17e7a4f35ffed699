import { env } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { pointsExpiringMessageId } from "../../../bff/coupons/messages.ts";
import { runPointsExpiryReminders } from "../../../bff/coupons/points-expiry.ts";
import { createOutbox, deliveryRetryKey } from "../../../bff/delivery/outbox.ts";
import { signMerchantEvent } from "../../../bff/hooks/signature.ts";
import { createLogger } from "../../../bff/lib/log.ts";
import { createMerchantClient } from "../../../bff/merchant/client.ts";
import type { Bindings } from "../../../bff/env.ts";
import { MemberCoupon, MerchantEventReceipt, PointsBalance, type MerchantEvent } from "../../../shared/merchant-contract.ts";
import { drainDeliveries, recordingQueue } from "../delivery/drain.ts";
import { callBff, chooseLanguage, freshLineUserId, JAPANESE_TEXT, jsonBody, merchantApi, mintIdToken } from "../helpers.ts";
import { Scenario } from "../../../shared/console-scenarios.ts";
import { flatten, lineCalls } from "../webhook/helpers.ts";

// Members of this file's own, joined from LINE here (born in June, a month no seeded member
// shares, so the birthday job of other files never reaches them): one reads the app in Japanese,
// one in English.
const japanese = { lineUserId: freshLineUserId(), memberId: "" };
const english = { lineUserId: freshLineUserId(), memberId: "" };
const liffId = `${inject("liffChannelId")}-devmock`;

beforeAll(async () => {
  for (const [member, name] of [
    [japanese, "クーポン 花子"],
    [english, "クーポン 太郎"],
  ] as const) {
    const response = await merchantApi("/v1/members", {
      method: "POST",
      body: JSON.stringify({
        lineUserId: member.lineUserId,
        profile: { name, birthDate: "1990-06-15" },
        consents: { terms: true, marketingMessages: true },
        confirmNotDuplicate: true,
      }),
    });
    expect(response.status).toBe(201);
    member.memberId = ((await response.json()) as { memberId: string }).memberId;
  }
  await chooseLanguage(english.lineUserId, "en");
});

afterAll(async () => {
  for (const member of [japanese, english]) await merchantApi(`/v1/line-links/${member.lineUserId}`, { method: "DELETE" });
});

async function deliver(event: MerchantEvent, bindings: Partial<Bindings> = {}) {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  return callBff("/hooks/merchant", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-merchant-timestamp": String(timestamp),
      "x-merchant-signature": await signMerchantEvent(env.MERCHANT_HOOK_SECRET, timestamp, body),
    },
    body,
    bindings,
  });
}

const eventId = () => `evt_${crypto.randomUUID()}`;

/** A coupon the shop grants in its own system (a campaign of its back office). */
async function grantedByTheShop(memberId: string, couponDefinitionId = "line_only_drink_50") {
  const response = await merchantApi(`/v1/members/${memberId}/coupons`, {
    method: "POST",
    headers: { "idempotency-key": crypto.randomUUID() },
    body: JSON.stringify({ couponDefinitionId }),
  });
  expect(response.status).toBe(201);
  return MemberCoupon.parse(await response.json());
}

/** Every push LINE got for one delivery id (its retry key), delivered or not. */
async function pushesFor(deliveryId: string) {
  const retryKey = await deliveryRetryKey(deliveryId);
  return (await lineCalls()).filter((call) => call.path === "/v2/bot/message/push" && call.retryKey === retryKey);
}

function couponGranted(memberId: string, couponId: string): MerchantEvent {
  return { type: "coupon.granted", eventId: eventId(), occurredAt: new Date().toISOString(), memberId, couponId };
}

function pointsExpiring(memberId: string, batchId: string, expiresOn = "2099-12-31"): MerchantEvent {
  return {
    type: "points.expiring",
    eventId: eventId(),
    occurredAt: new Date().toISOString(),
    memberId,
    points: 120,
    expiresOn,
    batchId,
  };
}

describe("coupon messages › the merchant's coupon.granted", () => {
  it("sends the coupon card once, however often the event is redelivered or repeated", async () => {
    const coupon = await grantedByTheShop(japanese.memberId);
    const event = couponGranted(japanese.memberId, coupon.couponId);
    const first = await deliver(event);
    expect(first.status).toBe(202);
    expect(MerchantEventReceipt.parse(await first.json())).toEqual({ eventId: event.eventId, duplicate: false });
    // The merchant's retry (same event id), and a second event about the same coupon.
    const retried = await deliver(event);
    expect(MerchantEventReceipt.parse(await retried.json())).toEqual({ eventId: event.eventId, duplicate: true });
    expect((await deliver(couponGranted(japanese.memberId, coupon.couponId))).status).toBe(202);

    const pushes = await pushesFor(`coupon:${coupon.couponId}:granted`);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ delivered: true, body: { to: japanese.lineUserId } });
    const { texts, actions } = flatten(pushes[0]!.body?.messages);
    expect(texts).toEqual(expect.arrayContaining(["クーポンが届きました", "LINE会員限定 ドリンク50円引き", "¥50引き"]));
    expect(texts.some((text) => /^\d+月\d+日\(.\)まで有効$/.test(text))).toBe(true);
    expect(actions[0]).toEqual({
      type: "uri",
      label: "クーポンを使う",
      uri: `https://liff.line.me/${liffId}/coupons/${coupon.couponId}`,
    });
  });

  it("answers 404 for a coupon that is not the member's, and sends nothing", async () => {
    // 鈴木 美咲's seeded coupon, named in an event about this file's member.
    const event = couponGranted(japanese.memberId, "cpn_0003_line");
    const response = await deliver(event);
    expect(response.status).toBe(404);
    expect(await pushesFor("coupon:cpn_0003_line:granted")).toEqual([]);
  });

  it("writes in the member's language", async () => {
    const coupon = await grantedByTheShop(english.memberId);
    expect((await deliver(couponGranted(english.memberId, coupon.couponId))).status).toBe(202);
    const [push] = await pushesFor(`coupon:${coupon.couponId}:granted`);
    const messages = push?.body?.messages as Array<{ altText: string }>;
    const { texts, actions } = flatten(messages);
    expect(messages[0]!.altText).toBe("You have a new coupon");
    expect(texts).toEqual(expect.arrayContaining(["You have a new coupon", "¥50 off"]));
    expect(texts.some((text) => /^Valid until \w{3}, \w{3} \d+$/.test(text))).toBe(true);
    expect(actions.map((action) => action.label)).toEqual(["Use the coupon"]);
    // Only the shop's own words (the coupon's title) stay Japanese.
    const ours = texts.filter((text) => text !== coupon.title && text !== "こもれび珈琲");
    for (const text of ours) expect(text).not.toMatch(JAPANESE_TEXT);
  });

  it("sends nothing when the merchant switched the kind off, and still accepts the event", async () => {
    const coupon = await grantedByTheShop(japanese.memberId);
    const response = await deliver(couponGranted(japanese.memberId, coupon.couponId), {
      LINE_MESSAGES_OFF: "coupon_granted",
    });
    expect(response.status).toBe(202);
    expect(await pushesFor(`coupon:${coupon.couponId}:granted`)).toEqual([]);
  });
});

describe("points-expiring reminders › the merchant's points.expiring", () => {
  it("reminds once per expiry batch: a second event for the same batch sends nothing", async () => {
    const batchId = `batch_${crypto.randomUUID()}`;
    expect((await deliver(pointsExpiring(japanese.memberId, batchId, "2099-01-31"))).status).toBe(202);
    const again = await deliver(pointsExpiring(japanese.memberId, batchId, "2099-01-31"));
    expect(again.status).toBe(202);
    expect(MerchantEventReceipt.parse(await again.json()).duplicate).toBe(false);

    const pushes = await pushesFor(pointsExpiringMessageId(japanese.memberId, batchId));
    expect(pushes).toHaveLength(1);
    const { texts, actions } = flatten(pushes[0]!.body?.messages);
    expect(texts).toEqual(
      expect.arrayContaining(["ポイントの有効期限が近づいています", "120 pt が 1月31日(土) で有効期限を迎えます。"]),
    );
    expect(actions).toEqual([{ type: "uri", label: "ポイントを見る", uri: `https://liff.line.me/${liffId}/points` }]);

    // Another batch is another reminder.
    const other = `batch_${crypto.randomUUID()}`;
    await deliver(pointsExpiring(japanese.memberId, other));
    expect(await pushesFor(pointsExpiringMessageId(japanese.memberId, other))).toHaveLength(1);
  });

  it("writes in the member's language", async () => {
    const batchId = `batch_${crypto.randomUUID()}`;
    await deliver(pointsExpiring(english.memberId, batchId, "2099-01-31"));
    const [push] = await pushesFor(pointsExpiringMessageId(english.memberId, batchId));
    const { texts, actions } = flatten(push?.body?.messages);
    expect(texts).toEqual(
      expect.arrayContaining(["Some of your points expire soon", "120 pt expire at the end of Sat, Jan 31."]),
    );
    expect(actions.map((action) => action.label)).toEqual(["View points"]);
    for (const text of texts.filter((text) => text !== "こもれび珈琲")) expect(text).not.toMatch(JAPANESE_TEXT);
  });

  it("sends nothing for points already expired, nor when the kind is switched off", async () => {
    const late = `batch_${crypto.randomUUID()}`;
    expect((await deliver(pointsExpiring(japanese.memberId, late, "2020-01-31"))).status).toBe(202);
    const off = `batch_${crypto.randomUUID()}`;
    expect((await deliver(pointsExpiring(japanese.memberId, off), { LINE_MESSAGES_OFF: "points_expiring" })).status).toBe(202);
    expect(await pushesFor(pointsExpiringMessageId(japanese.memberId, late))).toEqual([]);
    expect(await pushesFor(pointsExpiringMessageId(japanese.memberId, off))).toEqual([]);
  });
});

describe("points-expiring reminders › the BFF's daily pass", () => {
  const JAPAN_OFFSET_MS = 9 * 3600_000;
  const log = createLogger(`test-${crypto.randomUUID()}`);
  const client = createMerchantClient({
    baseUrl: inject("merchantUrl"),
    apiKey: inject("merchantApiKey"),
    timeoutMs: 5000,
    requestId: crypto.randomUUID(),
    log,
  });
  // Other files' members have points expiring too: theirs to remind, so the pass here sees this
  // file's member only (the answers are the sandbox's own, over HTTP).
  const merchant = {
    listPointsExpiryCandidates: async (...args: Parameters<typeof client.listPointsExpiryCandidates>) => {
      const page = await client.listPointsExpiryCandidates(...args);
      return { ...page, members: page.members.filter((batch) => batch.memberId === japanese.memberId) };
    },
  };

  function pass(now: number, off: ReadonlySet<"points_expiring"> = new Set()) {
    return runPointsExpiryReminders({
      db: env.DB,
      merchant,
      outbox: createOutbox({ db: env.DB, queue: recordingQueue, log, off }),
      off,
      log,
      liffId,
      now,
      daysBefore: 7,
    });
  }

  it("reminds a member some days before their points expire, once per batch across overlapping passes and events, in the daytime", async () => {
    // Points earned in a shop today expire a year on: the batch of that date.
    const earned = await fetch(`${inject("merchantUrl")}/__dev/members/${japanese.memberId}/points-event`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ points: 300, kind: "earned_in_store" }),
    });
    expect(earned.status).toBe(200);
    const balance = PointsBalance.parse(await (await merchantApi(`/v1/members/${japanese.memberId}/points`)).json());
    expect(balance.balance).toBeGreaterThan(0);
    const today = new Date(Date.now() + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
    const [year, month, day] = today.split("-").map(Number);
    const expiresOn = new Date(Date.UTC(year! + 1, month! - 1, day!)).toISOString().slice(0, 10);
    const at = (date: string, time: string) => Date.parse(`${date}T${time}+09:00`);
    const daysBefore = (days: number) =>
      new Date(Date.parse(`${expiresOn}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

    // Eight days ahead is outside the window; five days ahead, two ticks at once after midnight.
    expect(await pass(at(daysBefore(8), "00:05:00"))).toMatchObject({ ran: true, reminded: 0 });
    const fiveDays = daysBefore(5);
    const both = await Promise.all([pass(at(fiveDays, "00:05:00")), pass(at(fiveDays, "00:05:00"))]);
    for (const run of both) expect(run).toMatchObject({ ran: true, finished: true });
    expect(await pass(at(fiveDays, "00:10:00"))).toEqual({ ran: false, reason: "done" });
    // The next day's pass, and the merchant's own event for the batch, add nothing.
    expect(await pass(at(daysBefore(4), "00:05:00"))).toMatchObject({ ran: true, reminded: 0 });
    const batchId = `exp_${expiresOn}`;
    expect((await deliver(pointsExpiring(japanese.memberId, batchId, expiresOn))).status).toBe(202);

    const deliveryId = pointsExpiringMessageId(japanese.memberId, batchId);
    const recorded = await env.DB.prepare("SELECT COUNT(*) AS count FROM deliveries WHERE delivery_id = ?1")
      .bind(deliveryId)
      .first<{ count: number }>();
    expect(recorded?.count).toBe(1);
    // Nothing goes out at night: the reminder waits for 10:00 in Japan.
    await drainDeliveries({}, at(fiveDays, "09:59:00"));
    expect(await pushesFor(deliveryId)).toEqual([]);
    await drainDeliveries({}, at(fiveDays, "10:00:00"));
    const pushes = await pushesFor(deliveryId);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ delivered: true, body: { to: japanese.lineUserId } });
    expect(flatten(pushes[0]!.body?.messages).texts).toContain("ポイントの有効期限が近づいています");
  });

  it("asks the merchant nothing when the merchant switched the reminder off", async () => {
    expect(await pass(Date.parse("2031-01-01T00:05:00+09:00"), new Set(["points_expiring"]))).toEqual({
      ran: false,
      reason: "off",
    });
  });
});

describe("points-expiring reminders › step delivery", () => {
  it("enrolls the member in the merchant's 「ポイント失効前」 scenario once per expiry batch", async () => {
    const adminToken = await mintIdToken({ persona: "admin" });
    const created = await callBff("/api/console/scenarios", {
      token: adminToken,
      ...jsonBody({
        name: "ポイント失効前のご案内",
        trigger: "points_expiring",
        steps: [
          {
            delay: { amount: 0, unit: "minutes", from: "trigger" },
            message: { ja: { title: "失効前にご来店ください", body: "今週はポイント2倍です。" } },
          },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const { scenarioId } = Scenario.parse(await created.json());
    try {
      const batchId = `batch_${crypto.randomUUID()}`;
      await deliver(pointsExpiring(japanese.memberId, batchId));
      await deliver(pointsExpiring(japanese.memberId, batchId));
      const { results } = await env.DB.prepare(
        "SELECT occurrence_key AS occurrenceKey FROM scenario_enrollments WHERE scenario_id = ?1 AND line_user_id = ?2",
      )
        .bind(scenarioId, japanese.lineUserId)
        .all<{ occurrenceKey: string }>();
      expect(results).toEqual([{ occurrenceKey: `points-expiring:${batchId}` }]);
    } finally {
      await callBff(`/api/console/scenarios/${scenarioId}/pause`, { token: adminToken, method: "POST" });
    }
  });
});
