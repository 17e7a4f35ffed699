import type { messagingApi } from "@line/bot-sdk";
import type { Language } from "../../shared/api.ts";
import { couponButtonLabel, defaultButtonLabels, type ConsoleMessage } from "../../shared/console-message.ts";
import { bubble, liffUrl, shopBrand, type FlexBrand } from "../line/flex.ts";

// A console message (campaign or scenario step) as LINE gets it: one Flex bubble in the shop's
// brand, in the recipient's language, its links through the tracked-link redirect so clicks
// are counted. A coupon message shows the coupon granted to this recipient.

const validUntilLine: Record<Language, (when: string) => string> = {
  ja: (when) => `${when}まで有効`,
  en: (when) => `Valid until ${when}`,
};

/** The coupon a recipient was granted for this message, worded for them. */
export interface GrantedCoupon {
  couponId: string;
  title: string;
  /** "¥300引き", "10% off": the benefit in the recipient's language. */
  benefit: string;
  /** The last day, in Japan time, in the recipient's language. */
  validUntil: string;
}

export interface RenderOptions {
  language: Language;
  liffId: string;
  /** Wraps an app link in the tracked-link redirect; identity when clicks are not counted (a test send). */
  track: (url: string) => string;
  coupon?: GrantedCoupon;
  brand?: FlexBrand;
}

/** The recipient's text: English when they use the app in English and the message has it. */
export function textFor(message: ConsoleMessage, language: Language) {
  return language === "en" && message.en ? message.en : message.ja;
}

export function renderConsoleMessage(message: ConsoleMessage, options: RenderOptions): messagingApi.Message {
  const { language, liffId, track, coupon } = options;
  const text = textFor(message, language);
  const buttons: messagingApi.Action[] = [];
  const extra: messagingApi.FlexComponent[] = [];
  if (coupon) {
    extra.push({
      type: "box",
      layout: "vertical",
      spacing: "xs",
      paddingAll: "md",
      cornerRadius: "md",
      borderWidth: "1px",
      borderColor: (options.brand ?? shopBrand).colors.primary,
      contents: [
        { type: "text", text: coupon.title, weight: "bold", size: "sm", wrap: true },
        { type: "text", text: coupon.benefit, weight: "bold", size: "xl", wrap: true },
        { type: "text", text: validUntilLine[language](coupon.validUntil), size: "xs", color: "#5b6167", wrap: true },
      ],
    });
    buttons.push({
      type: "uri",
      label: couponButtonLabel[language],
      uri: track(liffUrl(liffId, `/coupons/${encodeURIComponent(coupon.couponId)}`)),
    });
  }
  if (message.button) {
    buttons.push({
      type: "uri",
      label: text.buttonLabel ?? defaultButtonLabels[message.button.screen][language],
      uri: track(liffUrl(liffId, message.button.screen)),
    });
  }
  return bubble(
    {
      language,
      altText: text.title,
      title: text.title,
      lines: text.body.split(/\n+/).filter((line) => line.trim() !== ""),
      extra,
      buttons,
      ...(message.imageUrl ? { heroImageUrl: message.imageUrl } : {}),
    },
    options.brand,
  );
}
