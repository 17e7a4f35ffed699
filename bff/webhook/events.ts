import { z } from "zod";
import { LineUserId } from "../../shared/merchant-contract.ts";

// The webhook events the BFF acts on, in LINE's shapes (Messaging API reference, "Webhook
// Event Objects"). Everything else LINE sends (join, beacon, unsend, …) is ignored, so the
// schemas only describe what the handlers read and let unknown fields through.

/** The request body LINE posts: the bot's user id and zero or more events (zero for "Verify"). */
export const WebhookBody = z.object({
  destination: z.string(),
  events: z.array(z.unknown()),
});

const EventBase = z.object({
  webhookEventId: z.string().min(1).max(64),
  timestamp: z.number().int().nonnegative(),
  mode: z.enum(["active", "standby"]),
  deliveryContext: z.object({ isRedelivery: z.boolean() }),
  // Events from groups and rooms are not for this bot; only one-to-one chats carry a user.
  source: z.looseObject({ type: z.literal("user"), userId: LineUserId }),
});

const ReplyToken = z.string().min(1).max(200);

export const FollowEvent = EventBase.extend({
  type: z.literal("follow"),
  replyToken: ReplyToken.optional(),
  follow: z.looseObject({ isUnblocked: z.boolean() }).optional(),
});
export type FollowEvent = z.infer<typeof FollowEvent>;
export const UnfollowEvent = EventBase.extend({ type: z.literal("unfollow") });
export type UnfollowEvent = z.infer<typeof UnfollowEvent>;
export const MessageEvent = EventBase.extend({
  type: z.literal("message"),
  replyToken: ReplyToken.optional(),
  message: z.discriminatedUnion("type", [
    z.looseObject({ type: z.literal("text"), text: z.string() }),
    // Stickers, images and the rest: nothing to do with them, but they are still messages.
    z.looseObject({ type: z.enum(["image", "video", "audio", "file", "location", "sticker"]) }),
  ]),
});
export type MessageEvent = z.infer<typeof MessageEvent>;
export const PostbackEvent = EventBase.extend({
  type: z.literal("postback"),
  replyToken: ReplyToken.optional(),
  postback: z.looseObject({ data: z.string().max(300) }),
});
export type PostbackEvent = z.infer<typeof PostbackEvent>;
export const AccountLinkEvent = EventBase.extend({
  type: z.literal("accountLink"),
  // LINE leaves both the source and the reply token out when linking failed:
  // https://developers.line.biz/en/reference/messaging-api/#account-link-event
  source: EventBase.shape.source.optional(),
  replyToken: ReplyToken.optional(),
  link: z.object({ result: z.enum(["ok", "failed"]), nonce: z.string().max(255) }),
});
export type AccountLinkEvent = z.infer<typeof AccountLinkEvent>;

export const WebhookEvent = z.discriminatedUnion("type", [
  FollowEvent,
  UnfollowEvent,
  MessageEvent,
  PostbackEvent,
  AccountLinkEvent,
]);
export type WebhookEvent = z.infer<typeof WebhookEvent>;
export type WebhookEventType = WebhookEvent["type"];

const handledTypes = new Set<string>(WebhookEvent.options.map((option) => option.shape.type.value));

export type SortedEvent =
  | { kind: "handle"; event: WebhookEvent }
  | { kind: "ignore"; type: string; reason: "unknown type" | "not from a user chat" | "malformed" | "standby" };

/**
 * Sorts one raw event: one the BFF handles, or one it ignores and why. Unknown types are not
 * errors (LINE adds event types over time), and one bad event never sinks the others.
 */
export function sortWebhookEvent(raw: unknown): SortedEvent {
  const type = z.looseObject({ type: z.string().max(64) }).safeParse(raw);
  if (!type.success) return { kind: "ignore", type: "unknown", reason: "malformed" };
  if (!handledTypes.has(type.data.type)) return { kind: "ignore", type: type.data.type, reason: "unknown type" };

  const event = WebhookEvent.safeParse(raw);
  if (!event.success) {
    const fromUser = z.looseObject({ source: z.looseObject({ type: z.literal("user") }) }).safeParse(raw).success;
    return { kind: "ignore", type: type.data.type, reason: fromUser ? "malformed" : "not from a user chat" };
  }
  // In standby mode another channel (a module) owns the chat; this bot must stay quiet.
  if (event.data.mode === "standby") return { kind: "ignore", type: type.data.type, reason: "standby" };
  return { kind: "handle", event: event.data };
}
