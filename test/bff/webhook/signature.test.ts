import { describe, expect, it } from "vitest";
import { ErrorBody } from "../../../shared/errors.ts";
import { freshLineUserId } from "../helpers.ts";
import { deliverEvents, lineCallsAbout, lineEvent, postWebhook, sign, webhookEventRow } from "./helpers.ts";

function followBody(userId: string) {
  const event = lineEvent("follow", userId, { replyToken: "0123456789abcdef0123456789abcdef", follow: { isUnblocked: false } });
  return { event, body: JSON.stringify({ destination: "U00000000000000000000000000000000", events: [event] }) };
}

describe("POST /webhook/line › signature", () => {
  it("answers 401 to a forged signature and processes nothing: no event row, no LINE call", async () => {
    const userId = freshLineUserId();
    const { event, body } = followBody(userId);
    const forged = await sign(`${body} `);

    const response = await postWebhook(body, forged);

    expect(response.status).toBe(401);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("unauthorized");
    expect(await webhookEventRow(event.webhookEventId)).toBeNull();
    expect(await lineCallsAbout(userId)).toEqual([]);
  });

  it("answers 401 without a signature, or with one that is not base64 of 32 bytes", async () => {
    const userId = freshLineUserId();
    const { event, body } = followBody(userId);
    for (const signature of [null, "", "not base64!", btoa("short")]) {
      expect((await postWebhook(body, signature)).status).toBe(401);
    }
    expect(await webhookEventRow(event.webhookEventId)).toBeNull();
    expect(await lineCallsAbout(userId)).toEqual([]);
  });

  it("answers 401 to a body signed with another channel's secret", async () => {
    const { body } = followBody(freshLineUserId());
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode("another-secret"),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
    expect((await postWebhook(body, btoa(String.fromCharCode(...mac)))).status).toBe(401);
  });

  it("accepts the console's Verify request: a signed delivery with no events", async () => {
    const response = await deliverEvents([]);
    expect(response.status).toBe(200);
  });
});

describe("POST /webhook/line › input", () => {
  it("answers 400 to a signed body that is not a LINE webhook", async () => {
    for (const body of ["not json", JSON.stringify({ events: "nope" }), "[]"]) {
      const response = await postWebhook(body, await sign(body));
      expect(response.status).toBe(400);
      expect(ErrorBody.parse(await response.json()).error.code).toBe("bad_request");
    }
  });

  it("answers 413 to a body over 1 MB, before looking at it", async () => {
    const body = JSON.stringify({ destination: "U0", events: [], padding: "x".repeat(1024 * 1024) });
    const response = await postWebhook(body, await sign(body));
    expect(response.status).toBe(413);
  });

  it("ignores event types it does not handle and events from groups, and still handles the rest", async () => {
    const userId = freshLineUserId();
    const unfollow = lineEvent("unfollow", userId);
    const beacon = lineEvent("beacon", userId, { replyToken: "x", beacon: { hwid: "d41d8cd98f", type: "enter" } });
    const fromGroup = {
      ...lineEvent("unfollow", userId),
      source: { type: "group", groupId: "Ca56f94637c0000000000000000000000" },
    };

    const response = await deliverEvents([beacon, fromGroup, unfollow]);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1 });
    expect(await webhookEventRow(unfollow.webhookEventId)).not.toBeNull();
    expect(await webhookEventRow(beacon.webhookEventId)).toBeNull();
    expect(await webhookEventRow(fromGroup.webhookEventId)).toBeNull();
  });
});
