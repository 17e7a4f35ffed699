import { env } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import type { Bindings } from "../../../bff/env.ts";
import { parseMessagesOff } from "../../../bff/delivery/kinds.ts";
import { createOutbox, deliveryRetryKey, type PushSpec } from "../../../bff/delivery/outbox.ts";
import { richMenuStatus } from "../../../bff/delivery/status.ts";
import { checkQuota, sweepOverdue } from "../../../bff/delivery/sweeper.ts";
import { lineFor, outboxFor } from "../../../bff/delivery/wiring.ts";
import { createLogger } from "../../../bff/lib/log.ts";
import { recordFriendship } from "../../../bff/webhook/friends.ts";
import { callBff, ensureLinkedRichMenu, freshLineUserId, perUserRichMenu } from "../helpers.ts";
import { pushesTo } from "../webhook/helpers.ts";
import { deliveryRow, drainDeliveries, recordingQueue, settleDeliveries } from "./drain.ts";

// The delivery pipeline against the fake LINE platform, through faults. Each test uses a LINE
// user of its own, so faults armed for that user touch nobody else's messages.

const log = createLogger("pipeline-test");
const outbox = (now?: () => number) => createOutbox({ db: env.DB, queue: recordingQueue, log, off: new Set(), now });

function message(to: string, overrides: Partial<PushSpec> = {}): PushSpec {
  return {
    id: `test:${crypto.randomUUID()}`,
    kind: "order_confirmation",
    to,
    messages: [{ type: "text", text: "ご注文ありがとうございます" }],
    ...overrides,
  };
}

async function armFault(
  userId: string,
  fault: { mode: "none" | "rate_limit" | "server_error" | "monthly_limit"; times?: number; retryAfterSeconds?: number },
) {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...fault, userId }),
  });
  expect(response.status).toBe(200);
}

const delivered = async (userId: string) => (await pushesTo(userId)).filter((call) => call.delivered);

describe("delivery pipeline › LINE failing", () => {
  it("honours a 429's Retry-After, then delivers once with the same retry key", async () => {
    const to = freshLineUserId();
    await armFault(to, { mode: "rate_limit", times: 1, retryAfterSeconds: 30 });
    const spec = message(to);
    expect(await outbox().push(spec)).toBe("queued");
    const start = Date.now();
    await drainDeliveries({}, start);
    const waiting = await deliveryRow(spec.id);
    expect(waiting).toMatchObject({ state: "retrying", attempts: 1 });
    expect(waiting!.next_attempt_at - waiting!.first_attempt_at!).toBeGreaterThanOrEqual(30_000);
    // Not a moment before LINE said.
    await drainDeliveries({}, start + 20_000);
    expect((await pushesTo(to)).map((call) => call.status)).toEqual([429]);

    await settleDeliveries(start);
    const calls = await pushesTo(to);
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
    expect(new Set(calls.map((call) => call.retryKey))).toEqual(new Set([await deliveryRetryKey(spec.id)]));
    expect(await deliveryRow(spec.id)).toMatchObject({ state: "sent", attempts: 2 });
  });

  it("keeps trying through 429s and 500s for hours (simulated clock) and delivers exactly once", async () => {
    const to = freshLineUserId();
    await armFault(to, { mode: "rate_limit", times: 3, retryAfterSeconds: 1 });
    const spec = message(to);
    await outbox().push(spec);
    await drainDeliveries();
    await armFault(to, { mode: "server_error", times: 11 });
    const elapsed = await settleDeliveries();
    expect(elapsed).toBeGreaterThan(90 * 60_000);
    const calls = await pushesTo(to);
    // Arming the 500s replaces any 429s not yet used: at least 1 + 11 failures, then one success.
    expect(calls.map((call) => call.status).slice(-12)).toEqual([...Array(11).fill(500), 200]);
    expect(calls.filter((call) => call.delivered)).toHaveLength(1);
    expect(new Set(calls.map((call) => call.retryKey)).size).toBe(1);
    expect(await deliveryRow(spec.id)).toMatchObject({ state: "sent", attempts: calls.length });
  });

  it("treats LINE's 409 for its retry key as delivered when a consumer died after LINE accepted", async () => {
    const to = freshLineUserId();
    const spec = message(to);
    await outbox().push(spec);
    // The first consumer reached LINE, which accepted, and died before writing it down.
    const accepted = await fetch(`${inject("fakeLineUrl")}/v2/bot/message/push`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${inject("lineChannelAccessToken")}`,
        "content-type": "application/json",
        "x-line-retry-key": await deliveryRetryKey(spec.id),
      },
      body: JSON.stringify({ to, messages: spec.messages }),
    });
    expect(accepted.status).toBe(200);
    const died = Date.now() - 5 * 60_000;
    await env.DB.prepare(
      "UPDATE deliveries SET state = 'sending', claimed_at = ?2, attempts = 1, first_attempt_at = ?2 WHERE delivery_id = ?1",
    )
      .bind(spec.id, died)
      .run();

    // The cron's sweeper finds the abandoned claim and nudges it; the next consumer takes it over.
    const swept = await sweepOverdue({ db: env.DB, queue: recordingQueue, log, now: Date.now() });
    expect(swept.deliveries).toBeGreaterThanOrEqual(1);
    await drainDeliveries();
    expect((await pushesTo(to)).map((call) => [call.status, call.delivered])).toEqual([
      [200, true],
      [409, false],
    ]);
    expect(await deliveryRow(spec.id)).toMatchObject({ state: "sent" });
  });

  it("does not retry LINE's monthly limit: the message waits as quota_exhausted and goes once there is room", async () => {
    const to = freshLineUserId();
    await armFault(to, { mode: "monthly_limit", times: 1 });
    const spec = message(to);
    await outbox().push(spec);
    await drainDeliveries();
    expect(await deliveryRow(spec.id)).toMatchObject({
      state: "quota_exhausted",
      last_error: expect.stringContaining("monthly"),
    });
    // Waiting, not retrying: a later drain leaves it alone.
    await drainDeliveries({}, Date.now() + 3600_000);
    expect((await pushesTo(to)).map((call) => call.status)).toEqual([429]);

    // The cron reads the quota (the fake's plan has room) and queues it again.
    const { reading, resumed } = await checkQuota({
      db: env.DB,
      queue: recordingQueue,
      log,
      now: Date.now(),
      line: lineFor(env as Bindings, log),
    });
    expect(reading.used).toBeGreaterThanOrEqual(0);
    expect(resumed).toBeGreaterThanOrEqual(1);
    await drainDeliveries();
    expect(await delivered(to)).toHaveLength(1);
    expect(await deliveryRow(spec.id)).toMatchObject({ state: "sent" });
  });

  it("gives up when the retry key's 24 hours would run out, and `retry-dead` sends it once after the outage", async () => {
    const to = freshLineUserId();
    await armFault(to, { mode: "server_error", times: 60 });
    const spec = message(to);
    await outbox().push(spec);
    await settleDeliveries();
    const dead = await deliveryRow(spec.id);
    expect(dead?.state).toBe("dead");
    expect(dead?.last_error).toMatch(/gave up after \d+ attempts over 2\d h/);
    expect(await delivered(to)).toHaveLength(0);

    // LINE is back (the fault's 60 answers are not all used: the pipeline stopped at 24 h).
    await armFault(to, { mode: "none" });
    const token = "ops-test-token-0123456789";
    expect(
      (await callBff("/ops/deliveries/retry-dead", { method: "POST", bindings: { OPS_TOKEN: token }, drain: false })).status,
    ).toBe(401);
    const retried = await callBff("/ops/deliveries/retry-dead", {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      bindings: { OPS_TOKEN: token },
    });
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as { deliveries: number }).deliveries).toBeGreaterThanOrEqual(1);
    await settleDeliveries();
    expect(await delivered(to)).toHaveLength(1);
  });
});

describe("delivery pipeline › replies", () => {
  it("never follows a reply with no answer by a push of the same message", async () => {
    const to = freshLineUserId();
    const spec = { ...message(to), replyToken: "a".repeat(32) };
    await outbox().reply(spec);
    await drainDeliveries({ LINE_API_BASE: "http://127.0.0.1:9" });
    expect(await deliveryRow(spec.id)).toMatchObject({
      state: "dead",
      last_error: expect.stringContaining("may have delivered"),
    });
    await settleDeliveries();
    expect(await pushesTo(to)).toEqual([]);
  });

  it("pushes instead when LINE refuses the reply token (nothing was sent)", async () => {
    const to = freshLineUserId();
    const spec = { ...message(to), replyToken: "0".repeat(32) };
    await outbox().reply(spec);
    await drainDeliveries();
    await drainDeliveries();
    expect(await delivered(to)).toHaveLength(1);
    expect(await deliveryRow(spec.id)).toMatchObject({ state: "sent", channel: "push" });
  });
});

describe("delivery pipeline › rich menus", () => {
  it("says pending until LINE confirms the switch, through 429s, then applied", async () => {
    const richMenuId = await ensureLinkedRichMenu();
    const userId = freshLineUserId();
    await armFault(userId, { mode: "rate_limit", times: 2, retryAfterSeconds: 1 });
    await outbox().showRichMenu(userId, true);
    await drainDeliveries();
    expect(await richMenuStatus(env.DB, userId)).toEqual({ menu: "linked", state: "pending" });
    expect(await perUserRichMenu(userId)).toBeNull();
    await settleDeliveries();
    expect(await richMenuStatus(env.DB, userId)).toEqual({ menu: "linked", state: "applied" });
    expect(await perUserRichMenu(userId)).toBe(richMenuId);
  });

  it("ends on the last wish when link and unlink follow each other before LINE answered", async () => {
    await ensureLinkedRichMenu();
    const userId = freshLineUserId();
    await outbox().showRichMenu(userId, true);
    await outbox().showRichMenu(userId, false);
    await settleDeliveries();
    expect(await richMenuStatus(env.DB, userId)).toEqual({ menu: "default", state: "applied" });
    expect(await perUserRichMenu(userId)).toBeNull();
  });
});

describe("delivery pipeline › what is sent at all", () => {
  it("records nothing for a kind the merchant switched off, and names a wrong kind", () => {
    const off = outboxFor({ ...(env as Bindings), LINE_MESSAGES_OFF: "card_check_in, order_confirmation" }, log);
    return off.push(message(freshLineUserId())).then((notice) => {
      expect(notice).toBe("off");
      expect(() => parseMessagesOff("card_checkin")).toThrow(/"card_checkin"/);
    });
  });

  it("cancels a message to someone who blocked the account after it was recorded", async () => {
    const to = freshLineUserId();
    const spec = message(to, { notBefore: Date.now() + 60_000 });
    await outbox().push(spec);
    await recordFriendship(env.DB, to, { followed: false, at: Date.now() });
    await drainDeliveries({}, Date.now() + 61_000);
    expect(await deliveryRow(spec.id)).toMatchObject({ state: "cancelled", last_error: expect.stringContaining("blocked") });
    expect(await pushesTo(to)).toEqual([]);
  });

  it("records one delivery however often its cause is recorded", async () => {
    const to = freshLineUserId();
    const spec = message(to);
    await Promise.all([outbox().push(spec), outbox().push(spec), outbox().push(spec)]);
    await drainDeliveries();
    expect(await delivered(to)).toHaveLength(1);
  });
});
