import { env } from "cloudflare:test";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { isBlocked } from "../../../bff/webhook/friends.ts";
import { deliveryRetryKey } from "../../../bff/delivery/outbox.ts";
import { deliveryRow } from "../delivery/drain.ts";
import { devPersona } from "../../fakes/personas.ts";
import { chooseLanguage, ENGLISH_WORDS, ensureLinkedRichMenu, freshLineUserId, JAPANESE_TEXT } from "../helpers.ts";
import {
  buildDelivery,
  deliver,
  deliverEvents,
  flatten,
  lineEvent,
  postWebhook,
  pushesTo,
  repliesWith,
  richMenuOf,
} from "./helpers.ts";

const liffId = `${inject("liffChannelId")}-devmock`;

async function burnReplyToken(replyToken: string | undefined) {
  const response = await fetch(`${inject("fakeLineUrl")}/v2/bot/message/reply`, {
    method: "POST",
    headers: { authorization: `Bearer ${inject("lineChannelAccessToken")}`, "content-type": "application/json" },
    body: JSON.stringify({ replyToken, messages: [{ type: "text", text: "used elsewhere" }] }),
  });
  expect(response.status).toBe(200);
}

describe("POST /webhook/line › follow", () => {
  afterEach(() => vi.restoreAllMocks());

  it("welcomes a friend who has not linked with a reply in Japanese: a button into the app's link screen and one to link in chat", async () => {
    const userId = freshLineUserId();
    const { response, events } = await deliver({ type: "follow", userId });
    expect(response.status).toBe(200);

    const replies = await repliesWith(events[0].replyToken);
    expect(replies).toHaveLength(1);
    expect(replies[0].delivered).toBe(true);
    const { texts, actions } = flatten(replies[0].body?.messages);
    expect(texts.join("\n")).toContain("友だち追加ありがとうございます");
    // Someone the BFF never heard from is welcomed in Japanese only.
    expect(texts.join("\n")).not.toMatch(ENGLISH_WORDS);
    expect(actions).toEqual([
      { type: "uri", label: "会員連携する", uri: `https://liff.line.me/${liffId}/link` },
      { type: "postback", label: "チャットで連携", data: "action=account-link", displayText: "チャットで連携" },
    ]);
    // Not linked: no per-user menu, so the account's default (unlinked) menu shows.
    expect(await richMenuOf(userId)).toBeNull();
    expect(await pushesTo(userId)).toEqual([]);
  });

  it("welcomes a friend who chose English in the app in English only", async () => {
    const userId = freshLineUserId();
    await chooseLanguage(userId, "en");
    const { events } = await deliver({ type: "follow", userId });
    const [reply] = await repliesWith(events[0].replyToken);
    const { texts, actions } = flatten(reply?.body?.messages);
    // The shop's name in the header, then the title: English, as the user chose.
    expect(texts.slice(0, 2)).toEqual(["Komorebi Coffee", "Thanks for adding us!"]);
    for (const text of [...texts, ...actions.map((action) => action.label)]) expect(text).not.toMatch(JAPANESE_TEXT);
  });
  it("shows a linked member the linked menu and sends no welcome", async () => {
    const userId = devPersona("linked").lineUserId;
    // `npm run richmenu -- apply` has made the "linked" menu and its alias.
    const linkedMenu = await ensureLinkedRichMenu();

    const { response, events } = await deliver({ type: "follow", userId });

    expect(response.status).toBe(200);
    expect(await repliesWith(events[0].replyToken)).toEqual([]);
    expect(await richMenuOf(userId)).toBe(linkedMenu);
    expect(await deliveryRow(`richmenu:${userId}`)).toMatchObject({ state: "sent" });
  });

  it("pushes the welcome with a retry key derived from the event when the reply token is refused", async () => {
    const userId = freshLineUserId();
    const built = await buildDelivery({ type: "follow", userId });
    await burnReplyToken(built.events[0].replyToken);

    await postWebhook(built.body, built.signature);

    const pushes = await pushesTo(userId);
    expect(pushes).toHaveLength(1);
    expect(pushes[0].delivered).toBe(true);
    expect(pushes[0].retryKey).toBe(await deliveryRetryKey(`webhook:${built.webhookEventIds[0]}:welcome`));
    expect(pushes[0].retryKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("never doubles a pushed welcome, even when the event is stored and processed again", async () => {
    const userId = freshLineUserId();
    const built = await buildDelivery({ type: "follow", userId });
    await burnReplyToken(built.events[0].replyToken);
    await postWebhook(built.body, built.signature);
    // As if the event had been forgotten and came again: its welcome is already in the outbox.
    await env.DB.prepare("DELETE FROM webhook_events WHERE webhook_event_id = ?1").bind(built.webhookEventIds[0]).run();

    await postWebhook(built.body, built.signature);

    const pushes = await pushesTo(userId);
    expect(pushes.map((push) => [push.status, push.delivered])).toEqual([[200, true]]);
  });
});

describe("POST /webhook/line › unfollow", () => {
  it("remembers a block, so isBlocked is true, and a later follow clears it", async () => {
    const userId = freshLineUserId();
    expect(await isBlocked(env.DB, userId)).toBe(false);

    await deliver({ type: "unfollow", userId });
    expect(await isBlocked(env.DB, userId)).toBe(true);

    await deliver({ type: "follow", userId });
    expect(await isBlocked(env.DB, userId)).toBe(false);
  });

  it("keeps the newest state when events arrive out of order", async () => {
    const userId = freshLineUserId();
    const now = Date.now();
    await deliverEvents([lineEvent("unfollow", userId, { timestamp: now })]);
    await deliverEvents([lineEvent("follow", userId, { timestamp: now - 60_000, follow: { isUnblocked: false } })]);
    expect(await isBlocked(env.DB, userId)).toBe(true);
  });

  it("sends nothing to a blocked user when a message would have to be pushed", async () => {
    const userId = freshLineUserId();
    await deliver({ type: "unfollow", userId });
    // A reply token LINE no longer honours (expired) leaves only a push to answer with.
    const askToLink = lineEvent("postback", userId, { replyToken: "0".repeat(32), postback: { data: "action=account-link" } });
    expect((await deliverEvents([askToLink])).status).toBe(200);
    expect(await pushesTo(userId)).toEqual([]);
  });
});
