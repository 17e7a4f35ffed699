import { env } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ErrorBody } from "../../../shared/errors.ts";
import { MerchantEventReceipt, type MerchantEvent } from "../../../shared/merchant-contract.ts";
import { signMerchantEvent } from "../../../bff/hooks/signature.ts";
import { recordFriendship } from "../../../bff/webhook/friends.ts";
import { deliveryRetryKey } from "../../../bff/delivery/outbox.ts";
import { deliveryRow, settleDeliveries } from "../delivery/drain.ts";
import { callBff, chooseLanguage, ENGLISH_WORDS, freshLineUserId, JAPANESE_TEXT, merchantApi } from "../helpers.ts";
import { flatten, lineCalls } from "../webhook/helpers.ts";

// 中村 大輔 (1000-0008) and 加藤 誠 (1000-0010) are linked to LINE users of this file's own.
const carol = { lineUserId: freshLineUserId(), memberId: "mem_0008" };
const dave = { lineUserId: freshLineUserId(), memberId: "mem_0010" };
const liffId = `${inject("liffChannelId")}-devmock`;

beforeAll(async () => {
  for (const member of [carol, dave]) {
    const linked = await merchantApi(`/v1/line-links/${member.lineUserId}`, {
      method: "PUT",
      body: JSON.stringify({ memberId: member.memberId }),
    });
    expect(linked.status).toBe(200);
  }
});

afterAll(async () => {
  for (const member of [carol, dave]) await merchantApi(`/v1/line-links/${member.lineUserId}`, { method: "DELETE" });
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

function shippedEvent(overrides: Partial<Extract<MerchantEvent, { type: "order.status_changed" }>> = {}): MerchantEvent {
  return {
    type: "order.status_changed",
    eventId: `evt_${crypto.randomUUID()}`,
    occurredAt: new Date().toISOString(),
    memberId: carol.memberId,
    orderId: "ord_0500",
    orderNumber: "1024-0500",
    status: "shipped",
    carrier: "ヤマト運輸",
    trackingNumber: "4821-0937-0500",
    ...overrides,
  };
}

/** The headers a merchant sends with a body, signed now (or at another time) with the Worker's secret. */
async function signed(body: string, timestamp = nowSeconds(), secret = env.MERCHANT_HOOK_SECRET) {
  return { "x-merchant-timestamp": String(timestamp), "x-merchant-signature": await signMerchantEvent(secret, timestamp, body) };
}

function postHook(body: string, headers: Record<string, string>) {
  return callBff("/hooks/merchant", { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
}

async function deliver(event: unknown) {
  const body = JSON.stringify(event);
  return postHook(body, await signed(body));
}

const retryKeyOf = (eventId: string) => deliveryRetryKey(`merchant-event:${eventId}`);

/** Every push the BFF tried for an event (its retry key), delivered or not. */
async function pushesFor(eventId: string) {
  const retryKey = await retryKeyOf(eventId);
  return (await lineCalls()).filter((call) => call.path === "/v2/bot/message/push" && call.retryKey === retryKey);
}

const delivered = async (eventId: string) => (await pushesFor(eventId)).filter((push) => push.delivered);
const code = async (response: Response) => ErrorBody.parse(await response.json()).error.code;

async function armLineFault(
  fault: { mode: "rate_limit" | "server_error"; times: number; retryAfterSeconds?: number },
  userId = carol.lineUserId,
) {
  const response = await fetch(`${inject("fakeLineUrl")}/__dev/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...fault, userId }),
  });
  expect(response.status).toBe(200);
}

/** The state of the event's message in the delivery outbox, or null when none was recorded. */
async function outcomeOf(eventId: string) {
  return (await deliveryRow(`merchant-event:${eventId}`))?.state ?? null;
}

describe("POST /hooks/merchant › messages", () => {
  it("tells the linked member their order shipped, with the tracking number and a link to the order", async () => {
    const event = shippedEvent();
    const response = await deliver(event);
    expect(response.status).toBe(202);
    expect(MerchantEventReceipt.parse(await response.json())).toEqual({ eventId: event.eventId, duplicate: false });

    const pushes = await pushesFor(event.eventId);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ delivered: true, body: { to: carol.lineUserId } });
    const { texts, actions } = flatten(pushes[0].body?.messages);
    expect(texts).toEqual(
      expect.arrayContaining([
        "ご注文の商品を発送しました",
        "注文番号 1024-0500",
        "配送業者: ヤマト運輸",
        "お問い合わせ番号: 4821-0937-0500",
      ]),
    );
    expect(texts.join("\n")).not.toContain("ord_0500");
    expect(actions).toEqual([{ type: "uri", label: "注文を確認", uri: `https://liff.line.me/${liffId}/orders/ord_0500` }]);
    expect(await outcomeOf(event.eventId)).toBe("sent");
  });

  it("shows no number when the merchant's event has none: the order id is never shown", async () => {
    const event = shippedEvent({ orderNumber: undefined });
    expect((await deliver(event)).status).toBe(202);

    const pushes = await pushesFor(event.eventId);
    expect(pushes).toHaveLength(1);
    const messages = pushes[0].body?.messages as Array<{ altText: string }>;
    const { texts } = flatten(messages);
    expect(messages[0]!.altText).toBe("ご注文の商品を発送しました");
    expect(texts).toContain("ご注文の商品を発送しました");
    expect([messages[0]!.altText, ...texts].join("\n")).not.toMatch(/ord_0500|注文番号/);
  });

  it("has a message for every order status", async () => {
    const titles = {
      confirmed: "ご注文を確認しました",
      ready_for_pickup: "お受け取りの準備ができました",
      delivered: "お届け・お受け取りが完了しました",
      cancelled: "ご注文をキャンセルしました",
    } as const;
    for (const [status, title] of Object.entries(titles)) {
      const event = shippedEvent({ status: status as keyof typeof titles, carrier: null, trackingNumber: null });
      expect((await deliver(event)).status).toBe(202);
      const [push] = await delivered(event.eventId);
      expect(flatten(push?.body?.messages).texts, status).toContain(title);
    }
  });

  it("tells the member about a points change with the new balance and a link to their points", async () => {
    const event: MerchantEvent = {
      type: "points.changed",
      eventId: `evt_${crypto.randomUUID()}`,
      occurredAt: new Date().toISOString(),
      memberId: carol.memberId,
      kind: "earned_online",
      points: 120,
      balance: 1380,
      note: null,
    };
    expect((await deliver(event)).status).toBe(202);
    const [push] = await delivered(event.eventId);
    const { texts, actions } = flatten(push.body?.messages);
    expect(texts).toEqual(expect.arrayContaining(["120 pt を獲得しました", "ポイント残高 1,380 pt"]));
    expect(actions).toEqual([{ type: "uri", label: "ポイントを見る", uri: `https://liff.line.me/${liffId}/points` }]);
  });

  it("speaks the member's language only: English to an English user, no English sentence to a Japanese one", async () => {
    const words = async (event: MerchantEvent) => {
      expect((await deliver(event)).status).toBe(202);
      const [push] = await delivered(event.eventId);
      const messages = push?.body?.messages as Array<{ altText: string }>;
      const { texts, actions } = flatten(messages);
      return [messages[0]!.altText, ...texts, ...actions.map((action) => action.label)];
    };
    const pointsEvent = (): MerchantEvent => ({
      type: "points.changed",
      eventId: `evt_${crypto.randomUUID()}`,
      occurredAt: new Date().toISOString(),
      memberId: dave.memberId,
      kind: "earned_in_store",
      points: 50,
      balance: 1280,
      note: null,
    });
    const shipped = () => shippedEvent({ memberId: dave.memberId, carrier: null, trackingNumber: "4821-0937-0500" });
    await chooseLanguage(dave.lineUserId, "en");
    try {
      const english = [...(await words(shipped())), ...(await words(pointsEvent()))];
      expect(english).toEqual(expect.arrayContaining(["Your order is on its way", "View order", "Your balance: 1,280 pt"]));
      for (const text of english) expect(text).not.toMatch(JAPANESE_TEXT);
    } finally {
      await chooseLanguage(dave.lineUserId, "ja");
    }
    const japanese = [...(await words(shipped())), ...(await words(pointsEvent()))];
    expect(japanese).toEqual(expect.arrayContaining(["ご注文の商品を発送しました", "ポイント残高 1,280 pt"]));
    for (const text of japanese) expect(text).not.toMatch(ENGLISH_WORDS);
  });

  it("accepts the event but sends nothing to a member who blocked the account", async () => {
    await recordFriendship(env.DB, dave.lineUserId, { followed: false, at: Date.now() });
    try {
      const event = shippedEvent({ memberId: dave.memberId });
      expect((await deliver(event)).status).toBe(202);
      expect(await pushesFor(event.eventId)).toEqual([]);
      expect(await outcomeOf(event.eventId)).toBeNull();
    } finally {
      await recordFriendship(env.DB, dave.lineUserId, { followed: true, at: Date.now() + 1 });
    }
  });
});

describe("POST /hooks/merchant › signature", () => {
  it("refuses a missing, malformed or wrong signature with 401 before reading the body, and sends nothing", async () => {
    const event = shippedEvent();
    const body = JSON.stringify(event);
    const good = await signed(body);
    const attempts: Array<Record<string, string>> = [
      {},
      { "x-merchant-timestamp": good["x-merchant-timestamp"] },
      { "x-merchant-signature": good["x-merchant-signature"] },
      { ...good, "x-merchant-signature": "v1=zz" },
      await signed(body, nowSeconds(), "a-secret-the-bff-does-not-know"),
      await signed(`${body} `),
      { ...good, "x-merchant-timestamp": String(nowSeconds() + 1) },
    ];
    for (const headers of attempts) {
      const response = await postHook(body, headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(await code(response)).toBe("unauthorized");
    }
    // A signed body that is not even JSON would be a 400; unsigned it is a 401: the signature comes first.
    expect((await postHook("{nope", {})).status).toBe(401);
    expect(await pushesFor(event.eventId)).toEqual([]);
    expect(await outcomeOf(event.eventId)).toBeNull();
  });

  it("refuses a correctly signed event more than 5 minutes old or ahead, so a captured request dies", async () => {
    for (const skew of [-301, 301, -3600]) {
      const event = shippedEvent();
      const body = JSON.stringify(event);
      const response = await postHook(body, await signed(body, nowSeconds() + skew));
      expect(response.status, String(skew)).toBe(401);
      expect(ErrorBody.parse(await response.json()).error.message).toMatch(/timestamp/);
      expect(await pushesFor(event.eventId)).toEqual([]);
    }
    const justInTime = shippedEvent();
    const body = JSON.stringify(justInTime);
    expect((await postHook(body, await signed(body, nowSeconds() - 290))).status).toBe(202);
  });
});

describe("POST /hooks/merchant › once per event", () => {
  it("answers a replayed request (same body, timestamp and signature) with 202 and sends no second message", async () => {
    const event = shippedEvent();
    const body = JSON.stringify(event);
    const headers = await signed(body);
    const first = await postHook(body, headers);
    const replay = await postHook(body, headers);
    expect([first.status, replay.status]).toEqual([202, 202]);
    expect(MerchantEventReceipt.parse(await replay.json())).toEqual({ eventId: event.eventId, duplicate: true });
    expect(await pushesFor(event.eventId)).toHaveLength(1);
  });

  it("handles a merchant's retry (same event id, fresh signature) once", async () => {
    const event = shippedEvent();
    expect((await deliver(event)).status).toBe(202);
    const retry = await deliver({ ...event, occurredAt: new Date().toISOString() });
    expect(MerchantEventReceipt.parse(await retry.json()).duplicate).toBe(true);
    expect(await pushesFor(event.eventId)).toHaveLength(1);
  });

  it("sends one message for two simultaneous deliveries of one event", async () => {
    const event = shippedEvent();
    const receipts = await Promise.all([deliver(event), deliver(event)]).then((answers) =>
      Promise.all(answers.map(async (answer) => ({ status: answer.status, ...MerchantEventReceipt.parse(await answer.json()) }))),
    );
    expect(receipts.map((receipt) => receipt.status)).toEqual([202, 202]);
    expect(receipts.map((receipt) => receipt.duplicate).sort((a, b) => Number(a) - Number(b))).toEqual([false, true]);
    expect(await pushesFor(event.eventId)).toHaveLength(1);
  });
});

describe("POST /hooks/merchant › answers", () => {
  it("refuses a signed body that is not a MerchantEvent with 400, naming the fields", async () => {
    const notJson = "{nope";
    const bad = await postHook(notJson, await signed(notJson));
    expect(bad.status).toBe(400);
    expect(await code(bad)).toBe("bad_request");

    const incomplete = JSON.stringify({
      type: "order.status_changed",
      eventId: `evt_${crypto.randomUUID()}`,
      memberId: carol.memberId,
      status: "lost",
    });
    const response = await postHook(incomplete, await signed(incomplete));
    expect(response.status).toBe(400);
    const { issues } = ErrorBody.parse(await response.json()).error;
    expect(issues?.map((issue) => issue.path).sort()).toEqual(["occurredAt", "orderId", "status"]);

    const unknownType = JSON.stringify({ ...shippedEvent(), type: "order.exploded" });
    expect((await postHook(unknownType, await signed(unknownType))).status).toBe(400);
  });

  it("answers 404 for a member it does not know or who has not linked LINE, and records nothing", async () => {
    for (const memberId of ["mem_9999", "mem_0004"]) {
      const event = shippedEvent({ memberId });
      const response = await deliver(event);
      expect(response.status, memberId).toBe(404);
      expect(await code(response)).toBe("not_linked");
      expect(await outcomeOf(event.eventId)).toBeNull();
    }
  });

  it("answers 413 for a body far larger than any event", async () => {
    const body = JSON.stringify({ ...shippedEvent(), padding: "x".repeat(70 * 1024) });
    expect((await postHook(body, await signed(body))).status).toBe(413);
  });
});

describe("POST /hooks/merchant › LINE failing", () => {
  it("waits out LINE's 429 (Retry-After) and delivers the message once", async () => {
    await armLineFault({ mode: "rate_limit", times: 1, retryAfterSeconds: 7 });
    const event = shippedEvent();
    expect((await deliver(event)).status).toBe(202);
    // The 202 went out at once; the message waits in the outbox for LINE's Retry-After.
    expect((await pushesFor(event.eventId)).map((push) => push.status)).toEqual([429]);
    const waiting = await deliveryRow(`merchant-event:${event.eventId}`);
    expect(waiting?.state).toBe("retrying");
    expect(waiting!.next_attempt_at - waiting!.first_attempt_at!).toBeGreaterThanOrEqual(7000);

    await settleDeliveries();
    const pushes = await pushesFor(event.eventId);
    expect(pushes.map((push) => push.status)).toEqual([429, 200]);
    expect(new Set(pushes.map((push) => push.retryKey)).size).toBe(1);
    expect(pushes.filter((push) => push.delivered)).toHaveLength(1);
  });

  it("retries LINE's 5xx with the same retry key and delivers the message once", async () => {
    await armLineFault({ mode: "server_error", times: 2 });
    const event = shippedEvent();
    expect((await deliver(event)).status).toBe(202);
    await settleDeliveries();
    const pushes = await pushesFor(event.eventId);
    expect(pushes.map((push) => push.status)).toEqual([500, 500, 200]);
    expect(pushes.filter((push) => push.delivered)).toHaveLength(1);
    expect(await outcomeOf(event.eventId)).toBe("sent");
  });

  it("keeps retrying an event LINE kept refusing without the merchant's help, and a merchant retry sends nothing more", async () => {
    await armLineFault({ mode: "server_error", times: 5 });
    const event = shippedEvent();
    expect((await deliver(event)).status).toBe(202);
    expect(await delivered(event.eventId)).toEqual([]);
    expect(await outcomeOf(event.eventId)).toBe("retrying");

    await settleDeliveries();
    expect(await delivered(event.eventId)).toHaveLength(1);
    expect(await outcomeOf(event.eventId)).toBe("sent");

    const again = await deliver(event);
    expect(MerchantEventReceipt.parse(await again.json()).duplicate).toBe(true);
    await settleDeliveries();
    expect(await delivered(event.eventId)).toHaveLength(1);
  });

  it("does not send again when LINE already accepted the push (409 for its retry key)", async () => {
    const event = shippedEvent();
    // As if an earlier attempt reached LINE but its answer was lost on the way back.
    const earlier = await fetch(`${inject("fakeLineUrl")}/v2/bot/message/push`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${inject("lineChannelAccessToken")}`,
        "content-type": "application/json",
        "x-line-retry-key": await retryKeyOf(event.eventId),
      },
      body: JSON.stringify({ to: carol.lineUserId, messages: [{ type: "text", text: "shipped" }] }),
    });
    expect(earlier.status).toBe(200);
    expect((await deliver(event)).status).toBe(202);
    expect((await pushesFor(event.eventId)).map((push) => push.status)).toEqual([200, 409]);
    expect(await delivered(event.eventId)).toHaveLength(1);
    expect(await outcomeOf(event.eventId)).toBe("sent");
  });
});
