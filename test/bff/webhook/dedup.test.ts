import { describe, expect, it } from "vitest";
import { settleDeliveries } from "../delivery/drain.ts";
import { freshLineUserId } from "../helpers.ts";
import { buildDelivery, deliver, lineCallsAbout, postWebhook, repliesWith, webhookEventRow } from "./helpers.ts";

describe("POST /webhook/line › redelivery", () => {
  it("processes a redelivered event once: the second delivery answers 200 and calls nobody", async () => {
    const userId = freshLineUserId();
    const first = await deliver({ type: "follow", userId });
    const callsAfterFirst = await lineCallsAbout(userId, [first.events[0].replyToken]);
    expect(await repliesWith(first.events[0].replyToken)).toHaveLength(1);

    const again = await deliver({ redeliver: first.webhookEventIds[0] });

    expect(again.events[0].deliveryContext.isRedelivery).toBe(true);
    expect(again.webhookEventIds).toEqual(first.webhookEventIds);
    expect(again.response.status).toBe(200);
    expect(await lineCallsAbout(userId, [first.events[0].replyToken])).toEqual(callsAfterFirst);
    expect(await webhookEventRow(first.webhookEventIds[0])).toMatchObject({ event_type: "follow" });
  });

  it("processes concurrent identical deliveries once", async () => {
    const userId = freshLineUserId();
    const built = await buildDelivery({ type: "follow", userId });

    const responses = await Promise.all([1, 2, 3].map(() => postWebhook(built.body, built.signature)));

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(await repliesWith(built.events[0].replyToken)).toHaveLength(1);
  });

  it("keeps an event whose processing failed after the 200 and retries it itself; a redelivery adds nothing", async () => {
    const userId = freshLineUserId();
    const built = await buildDelivery({ type: "follow", userId });
    const merchantDown = { MERCHANT_API_BASE: "http://127.0.0.1:9" };

    // The merchant is unreachable: the follow cannot tell linked from unlinked, so it fails.
    const failed = await postWebhook(built.body, built.signature, merchantDown);
    expect(failed.status).toBe(200);
    expect(await webhookEventRow(built.webhookEventIds[0])).toMatchObject({ state: "retrying" });
    expect(await repliesWith(built.events[0].replyToken)).toEqual([]);

    // LINE redelivers only without a 2xx; even if it did, the stored event is not stored twice.
    const redelivered = await buildDelivery({ redeliver: built.webhookEventIds[0] });
    await postWebhook(redelivered.body, redelivered.signature, merchantDown);
    expect(await webhookEventRow(built.webhookEventIds[0])).toMatchObject({ state: "retrying", attempts: 1 });

    // The merchant is back: the pipeline's own retry does the work, once.
    await settleDeliveries();
    expect(await webhookEventRow(built.webhookEventIds[0])).toMatchObject({ state: "done", attempts: 2 });
    expect(await repliesWith(built.events[0].replyToken)).toHaveLength(1);
  });
});
