import type { messagingApi } from "@line/bot-sdk";
import { describe, expect, it } from "vitest";
import brandConfig from "../../brand/brand.config.json";
import { bubble, brandForFlex, shopBrand } from "../../bff/line/flex.ts";
import { orderConfirmationMessage } from "../../bff/orders/messages.ts";
import { parseBrandConfig } from "../../shared/brand.ts";
import { lineMessageRefusals } from "../fakes/line-message-objects.ts";

const content = {
  altText: "ご予約を承りました",
  title: "ご予約を承りました",
  lines: ["12月24日(木) 10:00"],
  buttons: [
    { type: "uri" as const, label: "予約を確認", uri: "https://liff.line.me/1234567890-abcdefgh/reservations" },
    { type: "uri" as const, label: "会員証", uri: "https://liff.line.me/1234567890-abcdefgh/card" },
  ],
};

function bubbleOf(message: messagingApi.Message): messagingApi.FlexBubble {
  if (message.type !== "flex" || message.contents.type !== "bubble") throw new Error(`expected a bubble, got ${message.type}`);
  return message.contents;
}

const headerText = (message: messagingApi.Message) => bubbleOf(message).header?.contents[0] as messagingApi.FlexText;
const buttons = (message: messagingApi.Message) => (bubbleOf(message).footer?.contents ?? []) as messagingApi.FlexButton[];

describe("Flex messages › the shop's brand", () => {
  it("carries the shop's name in the recipient's language on a band of the brand's primary colour", () => {
    const ja = bubble({ ...content, language: "ja" });
    const en = bubble({ ...content, language: "en" });
    expect(headerText(ja).text).toBe(brandConfig.shopName.ja);
    expect(headerText(en).text).toBe(brandConfig.shopName.en);
    expect(bubbleOf(ja).header?.backgroundColor).toBe(brandConfig.colors.primary);
    expect(headerText(ja).color).toBe(brandConfig.colors.onPrimary);
    expect(buttons(ja).map((button) => [button.style, button.color])).toEqual([
      ["primary", brandConfig.colors.primary],
      ["secondary", brandConfig.colors.background],
    ]);
    expect(lineMessageRefusals([ja, en])).toEqual([]);
  });

  it("changes its colours and name with the brand config", () => {
    const other = brandForFlex(
      parseBrandConfig({
        ...brandConfig,
        shopName: { ja: "あおぞら書店", en: "Aozora Books" },
        colors: { primary: "#1f5f8b", onPrimary: "#ffffff", accent: "#9cc3dd", background: "#f2f6f9" },
      }),
    );
    const message = bubble({ ...content, language: "en" }, other);
    expect(headerText(message).text).toBe("Aozora Books");
    expect(bubbleOf(message).header?.backgroundColor).toBe("#1f5f8b");
    expect(buttons(message)[0].color).toBe("#1f5f8b");
    expect(buttons(message)[1].color).toBe("#f2f6f9");
  });

  it("keeps the main button legible on a light primary colour: LINE writes its label in black then", () => {
    const yellow = brandForFlex(
      parseBrandConfig({
        ...brandConfig,
        colors: { primary: "#f5c518", onPrimary: "#1a1a1a", accent: "#333333", background: "#333333" },
      }),
    );
    expect(buttons(bubble({ ...content, language: "ja" }, yellow))[0]).toMatchObject({ style: "secondary", color: "#f5c518" });
  });

  it("is what the message builders send: an order confirmation wears the shop's colours", () => {
    const message = orderConfirmationMessage(
      {
        orderId: "ord_0017",
        orderNumber: "A-1024",
        orderedAt: "2026-05-01T10:00:00+09:00",
        status: "placed",
        statusChangedAt: "2026-05-01T10:00:00+09:00",
        items: [{ productId: "p1", name: "ブレンド豆 200g", quantity: 1, unitPriceYen: 1800, lineTotalYen: 1800 }],
        totalYen: 1800,
        fulfilment: { type: "delivery" },
      } as Parameters<typeof orderConfirmationMessage>[0],
      "1234567890-abcdefgh",
      "ja",
    );
    expect(bubbleOf(message).header?.backgroundColor).toBe(shopBrand.colors.primary);
    expect(buttons(message)[0].color).toBe(shopBrand.colors.primary);
  });
});
