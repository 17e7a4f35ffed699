import type { messagingApi } from "@line/bot-sdk";
import brandConfig from "../../brand/brand.config.json";
import type { Language } from "../../shared/api.ts";
import { contrastRatio, parseBrandConfig, type BrandConfig } from "../../shared/brand.ts";
import { altText as lineAltText, buttonAction, displayText, withinBubbleLimit } from "./message-limits.ts";

// The official account's message look: a small Flex bubble in the shop's brand (its name in a
// band of its primary colour, the title and the main button in that colour) with a title, a few
// lines and up to two buttons, in the recipient's language. Every bubble passes through
// message-limits.ts: no empty text, no text or label past LINE's limits, no URI LINE refuses,
// and a plain text message instead when the bubble would pass 30 KB.

/** Longest title and line; merchant values (notes, names) beyond it are cut with "…". */
const MAX_TITLE_CHARS = 200;
const MAX_LINE_CHARS = 1000;

type Message = messagingApi.Message;
type Action = messagingApi.Action;
type FlexComponent = messagingApi.FlexComponent;

/** What a bubble takes from the shop's brand (brand/brand.config.json). */
export interface FlexBrand {
  shopName: BrandConfig["shopName"];
  colors: BrandConfig["colors"];
}

/** The brand the BFF was built with; validated when the Worker loads, naming any bad field. */
export const shopBrand: FlexBrand = brandForFlex(parseBrandConfig(brandConfig, "brand/brand.config.json"));

export function brandForFlex(config: BrandConfig): FlexBrand {
  return { shopName: config.shopName, colors: config.colors };
}

export interface BubbleContent {
  /** The recipient's language: the shop's name in the header follows it. */
  language: Language;
  altText: string;
  title: string;
  lines: string[];
  /** Placed between the lines and the buttons (an item table, say). */
  extra?: FlexComponent[];
  /** A picture above everything but the shop's name: an https JPEG or PNG URL. */
  heroImageUrl?: string;
  buttons: Action[];
}

/** A Flex message of one bubble within LINE's limits; the first button is the primary one. */
export function bubble(content: BubbleContent, brand: FlexBrand = shopBrand): Message {
  const { colors } = brand;
  const title = displayText(content.title, MAX_TITLE_CHARS);
  const lines = content.lines.map((line) => displayText(line, MAX_LINE_CHARS));
  const buttons = content.buttons.flatMap((action) => buttonAction(action) ?? []);
  const extra = content.extra ?? [];
  const altText = lineAltText(content.altText);
  const message: messagingApi.FlexMessage = {
    type: "flex",
    altText,
    contents: {
      type: "bubble",
      header: {
        type: "box",
        layout: "vertical",
        backgroundColor: colors.primary,
        paddingAll: "md",
        contents: [
          {
            type: "text",
            text: displayText(brand.shopName[content.language], MAX_TITLE_CHARS),
            color: colors.onPrimary,
            size: "xs",
            weight: "bold",
            wrap: true,
          },
        ],
      },
      ...(content.heroImageUrl
        ? {
            hero: {
              type: "image" as const,
              url: content.heroImageUrl,
              size: "full",
              aspectRatio: "20:13",
              aspectMode: "cover" as const,
            },
          }
        : {}),
      body: {
        type: "box",
        layout: "vertical",
        spacing: "md",
        contents: [
          { type: "text", text: title, weight: "bold", size: "md", wrap: true, color: colors.primary },
          ...lines.map((text) => ({ type: "text" as const, text, size: "sm", wrap: true })),
          ...extra,
        ],
      },
      // LINE rejects a box without contents, so a message without buttons has no footer.
      ...(buttons.length === 0
        ? {}
        : {
            footer: {
              type: "box",
              layout: "vertical",
              spacing: "sm",
              contents: buttons.map((action, index) =>
                index === 0
                  ? {
                      type: "button" as const,
                      style: primaryButtonStyle(colors),
                      color: colors.primary,
                      height: "sm" as const,
                      action,
                    }
                  : {
                      type: "button" as const,
                      style: "secondary" as const,
                      color: colors.background,
                      height: "sm" as const,
                      action,
                    },
              ),
            },
          }),
    },
  };
  return withinBubbleLimit(message, [title, ...lines].join("\n"));
}

/**
 * LINE writes a "primary" button's label in white and a "secondary" one's in black, whatever the
 * colour behind: a brand whose text on primary is dark (a yellow, say) gets the black label.
 */
function primaryButtonStyle(colors: BrandConfig["colors"]): "primary" | "secondary" {
  return contrastRatio("#ffffff", colors.primary) >= contrastRatio("#111111", colors.primary) ? "primary" : "secondary";
}

/** A screen of the LIFF app, as LINE opens it from a message: https://liff.line.me/<LIFF id>/<path>. */
export function liffUrl(liffId: string, path: string): string {
  return `https://liff.line.me/${liffId}/${path.replace(/^\/+/, "")}`;
}

export const formatYen = (value: number) => `¥${new Intl.NumberFormat("ja-JP").format(value)}`;
export const formatPoints = (value: number) => `${new Intl.NumberFormat("ja-JP").format(value)} pt`;
