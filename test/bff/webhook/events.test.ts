import { describe, expect, it } from "vitest";
import { sortWebhookEvent } from "../../../bff/webhook/events.ts";
import { retryKeyForEvent } from "../../../bff/delivery/retry-key.ts";
import { signLineWebhookBody, verifyLineSignature } from "../../../bff/webhook/signature.ts";
import { freshLineUserId } from "../helpers.ts";
import { lineEvent } from "./helpers.ts";

describe("sortWebhookEvent", () => {
  const userId = freshLineUserId();

  it("handles follow, unfollow, text messages, postbacks and account links from one-to-one chats", () => {
    const events = [
      lineEvent("follow", userId, { replyToken: "r", follow: { isUnblocked: true } }),
      lineEvent("unfollow", userId),
      lineEvent("message", userId, { replyToken: "r", message: { id: "1", type: "text", text: "連携", quoteToken: "q" } }),
      lineEvent("message", userId, { replyToken: "r", message: { id: "2", type: "sticker", packageId: "1", stickerId: "2" } }),
      lineEvent("postback", userId, { replyToken: "r", postback: { data: "action=account-link" } }),
      lineEvent("accountLink", userId, { replyToken: "r", link: { result: "ok", nonce: "n" } }),
    ];
    expect(events.map((event) => sortWebhookEvent(event).kind)).toEqual(Array(6).fill("handle"));
  });

  it("handles a failed account link in LINE's shape: no source and no reply token", () => {
    const { source: _source, ...failed } = lineEvent("accountLink", userId, { link: { result: "failed", nonce: "n" } });
    expect(sortWebhookEvent(failed)).toMatchObject({
      kind: "handle",
      event: { type: "accountLink", link: { result: "failed" } },
    });
  });

  it("says why it ignores an event: unknown type, group chat, standby mode, or a malformed shape", () => {
    expect(sortWebhookEvent(lineEvent("memberJoined", userId))).toMatchObject({ kind: "ignore", reason: "unknown type" });
    expect(sortWebhookEvent({ ...lineEvent("unfollow", userId), source: { type: "room", roomId: "R1" } })).toMatchObject({
      reason: "not from a user chat",
    });
    expect(sortWebhookEvent({ ...lineEvent("unfollow", userId), mode: "standby" })).toMatchObject({ reason: "standby" });
    expect(sortWebhookEvent(lineEvent("accountLink", userId, { link: { result: "maybe" } }))).toMatchObject({
      reason: "malformed",
    });
    expect(
      sortWebhookEvent({ ...lineEvent("unfollow", userId), source: { type: "user", userId: "not-a-user-id" } }),
    ).toMatchObject({
      reason: "malformed",
    });
    expect(sortWebhookEvent("garbage")).toMatchObject({ kind: "ignore", reason: "malformed" });
  });
});

describe("retryKeyForEvent", () => {
  it("gives the same UUID v5 for the same event and purpose, and different ones otherwise", async () => {
    const key = await retryKeyForEvent("01HZXAMPLE0000000000000000", "welcome");
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await retryKeyForEvent("01HZXAMPLE0000000000000000", "welcome")).toBe(key);
    expect(await retryKeyForEvent("01HZXAMPLE0000000000000000", "account-link-result")).not.toBe(key);
    expect(await retryKeyForEvent("01HZXAMPLE0000000000000001", "welcome")).not.toBe(key);
  });
});

describe("verifyLineSignature", () => {
  const text = '{"destination":"U0","events":[]}';
  const body = new Response(text).arrayBuffer();

  it("accepts the base64 HMAC-SHA256 of exactly this body, and nothing once the secret is missing", async () => {
    const signature = await signLineWebhookBody("channel-secret", text);
    expect(await verifyLineSignature("channel-secret", await body, signature)).toBe(true);
    expect(await verifyLineSignature("channel-secret", await body, ` ${signature} `)).toBe(true);
    expect(await verifyLineSignature("other-secret", await body, signature)).toBe(false);
    expect(await verifyLineSignature("", await body, signature)).toBe(false);
  });
});
