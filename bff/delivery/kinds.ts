import { z } from "zod";

/**
 * Every kind of LINE message the BFF sends. The merchant can switch any of them off
 * (LINE_MESSAGES_OFF), and each is counted per month against the plan's quota.
 */
export const MessageKind = z.enum([
  "order_confirmation",
  "reservation_booked",
  "reservation_changed",
  "reservation_cancelled",
  "reservation_reminder",
  "card_check_in",
  "card_points",
  "merchant_order_status",
  "merchant_points_changed",
  "welcome",
  "account_link",
  "coupon_birthday",
  "coupon_welcome",
  "coupon_granted",
  "points_expiring",
  "campaign",
  "scenario",
]);
export type MessageKind = z.infer<typeof MessageKind>;

/** Rich menu switches travel the same pipeline but are not messages: never counted, never switched off. */
export type DeliveryKind = MessageKind | "rich_menu";

const OffList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((kind) => kind.trim())
      .filter(Boolean),
  )
  .pipe(z.array(MessageKind));

/**
 * Reads LINE_MESSAGES_OFF ("card_check_in,reservation_changed"). A name that is not a kind is
 * an error naming it, so a typo never silently leaves a message on.
 */
export function parseMessagesOff(value: string | undefined): ReadonlySet<MessageKind> {
  const parsed = OffList.safeParse(value ?? "");
  if (!parsed.success) {
    const wrong = (value ?? "")
      .split(",")
      .map((kind) => kind.trim())
      .filter((kind) => kind && !MessageKind.safeParse(kind).success);
    throw new Error(
      `LINE_MESSAGES_OFF: unknown message kind ${wrong.map((kind) => `"${kind}"`).join(", ")}; known: ${MessageKind.options.join(", ")}`,
    );
  }
  return new Set(parsed.data);
}
