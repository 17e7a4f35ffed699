import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MerchantEvent } from "../../shared/merchant-contract.ts";
import { verifyMerchantSignature } from "../../bff/hooks/signature.ts";
import { serveOnLoopback, type LoopbackServer } from "./http-server.ts";
import { startSandboxMerchant, type SandboxMerchant } from "./sandbox-merchant/index.ts";

const apiKey = "test-merchant-api-key";
const secret = "sandbox-hook-secret-for-tests";

interface Received {
  headers: Record<string, string>;
  body: string;
}

let receiver: LoopbackServer;
const received: Received[] = [];
let answerStatus = 202;

beforeAll(async () => {
  // Stands in for the BFF's /hooks/merchant.
  receiver = await serveOnLoopback(async (request) => {
    received.push({ headers: Object.fromEntries(request.headers), body: await request.text() });
    return new Response(JSON.stringify({ accepted: true }), {
      status: answerStatus,
      headers: { "content-type": "application/json" },
    });
  });
});
afterAll(() => receiver.close());
afterEach(() => {
  received.length = 0;
  answerStatus = 202;
});

async function withMerchant(options: { secret?: string; url?: string }, run: (merchant: SandboxMerchant) => Promise<void>) {
  const merchant = await startSandboxMerchant({
    apiKey,
    merchantEvents: options.secret ? { secret: options.secret, url: options.url } : undefined,
  });
  try {
    await run(merchant);
  } finally {
    await merchant.close();
  }
}

function devPost(merchant: SandboxMerchant, path: string, body: unknown) {
  return fetch(`${merchant.url}/__dev${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

const events = () => received.map((request) => MerchantEvent.parse(JSON.parse(request.body)));

describe("sandbox merchant › signed events to the BFF", () => {
  it("sends a signed order event when an order ships, with the tracking number", async () => {
    await withMerchant({ secret, url: `${receiver.url}/hooks/merchant` }, async (merchant) => {
      const response = await devPost(merchant, "/orders/ord_0002/status", {
        status: "shipped",
        trackingNumber: "1111-2222-3333",
      });
      expect(response.status).toBe(200);
      const { order, deliveries } = (await response.json()) as {
        order: { status: string };
        deliveries: Array<{ status: number }>;
      };
      expect(order.status).toBe("shipped");
      expect(deliveries.map((delivery) => delivery.status)).toEqual([202]);

      const [request] = received;
      const [event] = events();
      expect(event).toMatchObject({
        type: "order.status_changed",
        memberId: "mem_0001",
        orderId: "ord_0002",
        status: "shipped",
        trackingNumber: "1111-2222-3333",
      });
      const timestamp = request.headers["x-merchant-timestamp"];
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
      const expected = createHmac("sha256", secret).update(`${timestamp}.${request.body}`).digest("hex");
      expect(request.headers["x-merchant-signature"]).toBe(`v1=${expected}`);
      // And the BFF's own check agrees.
      const verdict = await verifyMerchantSignature(secret, new TextEncoder().encode(request.body).buffer as ArrayBuffer, {
        timestamp,
        signature: request.headers["x-merchant-signature"],
      });
      expect(verdict).toEqual({ ok: true });
    });
  });

  it("awards the points of a delivered order once, and reports them in a second event", async () => {
    await withMerchant({ secret, url: `${receiver.url}/hooks/merchant` }, async (merchant) => {
      const summary = async () =>
        (
          (await (
            await fetch(`${merchant.url}/v1/members/mem_0001/summary`, { headers: { authorization: `Bearer ${apiKey}` } })
          ).json()) as {
            points: { balance: number };
          }
        ).points.balance;
      const before = await summary();
      await devPost(merchant, "/orders/ord_0017/status", { status: "delivered" });
      await devPost(merchant, "/orders/ord_0017/status", { status: "delivered" });
      // ¥3,564 at gold's 3 points per ¥100.
      expect(await summary()).toBe(before + 105);
      expect(events().map((event) => event.type)).toEqual(["order.status_changed", "points.changed", "order.status_changed"]);
      expect(events()[1]).toMatchObject({ kind: "earned_online", points: 105, balance: before + 105 });
    });
  });

  it("changes points with a signed event, and never below zero", async () => {
    await withMerchant({ secret, url: `${receiver.url}/hooks/merchant` }, async (merchant) => {
      const added = await devPost(merchant, "/members/mem_0004/points-event", {
        points: 50,
        kind: "earned_in_store",
        note: "来店ボーナス",
      });
      expect(added.status).toBe(200);
      expect(await added.json()).toMatchObject({ balance: 140, delivery: { status: 202 } });
      expect(events()).toEqual([
        expect.objectContaining({
          type: "points.changed",
          memberId: "mem_0004",
          kind: "earned_in_store",
          points: 50,
          balance: 140,
          note: "来店ボーナス",
        }),
      ]);
      expect((await devPost(merchant, "/members/mem_0004/points-event", { points: -141 })).status).toBe(422);
      expect((await devPost(merchant, "/members/mem_0004/points-event", { points: -5, kind: "earned_online" })).status).toBe(400);
      expect((await devPost(merchant, "/members/mem_9999/points-event", { points: 5 })).status).toBe(404);
    });
  });

  it("redelivers an event with its id and a fresh signature, as a merchant's retry would", async () => {
    await withMerchant({ secret, url: `${receiver.url}/hooks/merchant` }, async (merchant) => {
      answerStatus = 503;
      const first = (await (await devPost(merchant, "/orders/ord_0018/status", { status: "delivered" })).json()) as {
        deliveries: Array<{ eventId: string; status: number }>;
      };
      expect(first.deliveries[0].status).toBe(503);
      answerStatus = 202;
      const again = await fetch(`${merchant.url}/__dev/events/${first.deliveries[0].eventId}/redeliver`, { method: "POST" });
      expect(await again.json()).toMatchObject({ eventId: first.deliveries[0].eventId, status: 202 });
      expect(events()[0]).toEqual(events().at(-1));
      expect((await fetch(`${merchant.url}/__dev/events/evt_unknown0/redeliver`, { method: "POST" })).status).toBe(404);
    });
  });

  it("sends to the URL set later (POST /__dev/hook-endpoint), and says so when there is none", async () => {
    await withMerchant({ secret }, async (merchant) => {
      const unsent = (await (await devPost(merchant, "/orders/ord_0005/status", { status: "cancelled" })).json()) as {
        deliveries: Array<{ status: number | null; error?: string }>;
      };
      expect(unsent.deliveries[0]).toMatchObject({ status: null, error: expect.stringMatching(/hook-endpoint/) });
      expect(received).toEqual([]);

      const set = await devPost(merchant, "/hook-endpoint", { url: `${receiver.url}/hooks/merchant` });
      expect(await set.json()).toEqual({ url: `${receiver.url}/hooks/merchant`, signing: true });
      await devPost(merchant, "/orders/ord_0005/status", { status: "cancelled" });
      expect(events()).toEqual([expect.objectContaining({ orderId: "ord_0005", status: "cancelled" })]);
      expect((await devPost(merchant, "/orders/ord_0005/status", { status: "placed" })).status).toBe(400);
      expect((await devPost(merchant, "/orders/ord_9999/status", { status: "confirmed" })).status).toBe(404);
    });
  });

  it("sends coupon.granted for a coupon the shop grants on its own and for the welcome coupon (first link, joining from LINE), signed", async () => {
    await withMerchant({ secret, url: `${receiver.url}/hooks/merchant` }, async (merchant) => {
      const response = await devPost(merchant, "/members/mem_0003/coupon-grants", { couponDefinitionId: "line_only_drink_50" });
      expect(response.status).toBe(200);
      const { couponId } = (await response.json()) as { couponId: string };
      const linked = await fetch(`${merchant.url}/v1/line-links/U${"a".repeat(32)}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ memberId: "mem_0004" }),
      });
      expect(linked.status).toBe(200);
      await expect.poll(() => received.length).toBe(2);
      const joined = await fetch(`${merchant.url}/v1/members`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          lineUserId: `U${"b".repeat(32)}`,
          profile: { name: "新規 会員" },
          consents: { terms: true, marketingMessages: false },
        }),
      });
      expect(joined.status).toBe(201);
      const { memberId } = (await joined.json()) as { memberId: string };
      await expect.poll(() => received.length).toBe(3);
      expect(events()).toEqual([
        expect.objectContaining({ type: "coupon.granted", memberId: "mem_0003", couponId }),
        expect.objectContaining({ type: "coupon.granted", memberId: "mem_0004", couponId: expect.stringMatching(/^cpn_/) }),
        expect.objectContaining({ type: "coupon.granted", memberId, couponId: expect.stringMatching(/^cpn_/) }),
      ]);
      for (const request of received) {
        const verdict = await verifyMerchantSignature(secret, new TextEncoder().encode(request.body).buffer, {
          timestamp: request.headers["x-merchant-timestamp"],
          signature: request.headers["x-merchant-signature"],
        });
        expect(verdict).toEqual({ ok: true });
      }
      expect((await devPost(merchant, "/members/mem_0003/coupon-grants", { couponDefinitionId: "nope" })).status).toBe(404);
    });
  });

  it("warns of the member's soonest expiring points with points.expiring, naming the batch", async () => {
    await withMerchant({ secret, url: `${receiver.url}/hooks/merchant` }, async (merchant) => {
      // 吉田 愛's limited-time bonus runs out 9 days after seeding.
      const response = await devPost(merchant, "/members/mem_0011/points-expiring-event", {});
      expect(response.status).toBe(200);
      const expiresOn = new Date(Date.now() + 9 * 3600_000 + 9 * 86_400_000).toISOString().slice(0, 10);
      expect(events()).toEqual([
        expect.objectContaining({ type: "points.expiring", memberId: "mem_0011", expiresOn, batchId: `exp_${expiresOn}` }),
      ]);
    });
  });
});
