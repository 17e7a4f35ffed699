import { z } from "zod";

// A message the merchant composes in the console, for a campaign or a scenario step. It is
// written in Japanese, optionally in English too; each recipient gets the language they use the
// app in (Japanese when there is no English). The BFF renders it as one Flex bubble in the
// shop's brand (bff/console/render-message.ts).

/** The app screens a message's button may open, by path (a LIFF permanent link). */
export const ConsoleAppScreen = z.enum([
  "/",
  "/card",
  "/points",
  "/coupons",
  "/orders",
  "/reservations",
  "/reservations/new",
  "/settings",
]);
export type ConsoleAppScreen = z.infer<typeof ConsoleAppScreen>;

const MessageText = z.object({
  /** Bold, in the brand colour; also the notification's preview (altText). */
  title: z.string().trim().min(1, "Required").max(80),
  body: z.string().trim().min(1, "Required").max(1000),
  /** The button's label (LINE cuts a Flex button label at 40 characters; 20 reads well). */
  buttonLabel: z.string().trim().min(1).max(20).optional(),
});

export const ConsoleMessage = z
  .object({
    ja: MessageText,
    en: MessageText.optional(),
    /** A picture above the text: https only (LINE refuses other image URLs), ≤ 1,000 characters, JPEG or PNG. */
    imageUrl: z
      .url({ protocol: /^https$/, error: "An https URL" })
      .max(1000)
      .optional(),
    /** A button that opens this screen of the app; its label is buttonLabel, or a default per screen. */
    button: z.object({ screen: ConsoleAppScreen }).optional(),
    /**
     * A coupon from the merchant's catalogue, granted to each recipient when the message is sent
     * and shown as a coupon card whose button opens it in the app. Makes the message personal:
     * each recipient gets their own push.
     */
    couponDefinitionId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
  })
  .refine((message) => !(message.en && !message.en.buttonLabel && message.ja.buttonLabel), {
    message: "Give the English button a label too",
    path: ["en", "buttonLabel"],
  });
export type ConsoleMessage = z.infer<typeof ConsoleMessage>;

/**
 * The words LINE shows on a message's buttons when the merchant gives none, in the recipient's
 * language: one list for the BFF's bubble and the console's preview of it.
 */
export const defaultButtonLabels: Record<ConsoleAppScreen, { ja: string; en: string }> = {
  "/": { ja: "アプリを開く", en: "Open the app" },
  "/card": { ja: "会員証を表示", en: "Show member card" },
  "/points": { ja: "ポイントを見る", en: "See points" },
  "/coupons": { ja: "クーポンを見る", en: "See coupons" },
  "/orders": { ja: "注文履歴を見る", en: "See orders" },
  "/reservations": { ja: "予約を見る", en: "See reservations" },
  "/reservations/new": { ja: "予約する", en: "Book" },
  "/settings": { ja: "設定を開く", en: "Open settings" },
};

/** The coupon card's button. */
export const couponButtonLabel = { ja: "クーポンを使う", en: "Use the coupon" } as const;
