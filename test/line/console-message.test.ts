import type { messagingApi } from "@line/bot-sdk";
import { describe, expect, it } from "vitest";
import { renderConsoleMessage } from "../../bff/console/render-message.ts";
import { ConsoleMessage } from "../../shared/console-message.ts";
import { lineMessageRefusals } from "../fakes/line-message-objects.ts";

const LIFF_ID = "1234567890-abcdefgh";
const track = (url: string) => `https://bff.example/t/abc?u=${encodeURIComponent(url)}`;

const message = ConsoleMessage.parse({
  ja: { title: "秋の新豆が入荷しました", body: "エチオピア ゲイシャが入荷。\n\n今週末まで試飲できます。" },
  en: { title: "Autumn beans are in", body: "Ethiopia Geisha has arrived.", buttonLabel: "See the beans" },
  imageUrl: "https://cdn.example.jp/autumn.jpg",
  button: { screen: "/reservations/new" },
});

function bubbleOf(rendered: messagingApi.Message): messagingApi.FlexBubble {
  if (rendered.type !== "flex" || rendered.contents.type !== "bubble") throw new Error("expected a bubble");
  return rendered.contents;
}
const texts = (rendered: messagingApi.Message) =>
  (bubbleOf(rendered).body?.contents ?? []).flatMap((part) => (part.type === "text" ? [part.text] : []));
const buttons = (rendered: messagingApi.Message) =>
  (bubbleOf(rendered).footer?.contents ?? []).map((part) => (part as messagingApi.FlexButton).action as messagingApi.URIAction);

describe("console messages as LINE gets them", () => {
  it("speak the recipient's language, with Japanese for English readers when there is no English", () => {
    const ja = renderConsoleMessage(message, { language: "ja", liffId: LIFF_ID, track });
    const en = renderConsoleMessage(message, { language: "en", liffId: LIFF_ID, track });
    expect(texts(ja)).toEqual(["秋の新豆が入荷しました", "エチオピア ゲイシャが入荷。", "今週末まで試飲できます。"]);
    expect(texts(en)[0]).toBe("Autumn beans are in");
    expect(en).toMatchObject({ altText: "Autumn beans are in" });
    const jaOnly = ConsoleMessage.parse({ ja: message.ja });
    expect(texts(renderConsoleMessage(jaOnly, { language: "en", liffId: LIFF_ID, track }))[0]).toBe("秋の新豆が入荷しました");
  });

  it("open the chosen app screen through the tracked link, labelled by the merchant or by default", () => {
    const ja = renderConsoleMessage(message, { language: "ja", liffId: LIFF_ID, track });
    const en = renderConsoleMessage(message, { language: "en", liffId: LIFF_ID, track });
    expect(buttons(ja)).toEqual([
      { type: "uri", label: "予約する", uri: track(`https://liff.line.me/${LIFF_ID}/reservations/new`) },
    ]);
    expect(buttons(en)[0]?.label).toBe("See the beans");
    expect(bubbleOf(ja).hero).toMatchObject({ type: "image", url: "https://cdn.example.jp/autumn.jpg" });
  });

  it("show the recipient's own coupon with a button that opens it in the app", () => {
    const rendered = renderConsoleMessage(ConsoleMessage.parse({ ja: message.ja, couponDefinitionId: "cpd_autumn" }), {
      language: "ja",
      liffId: LIFF_ID,
      track,
      coupon: { couponId: "cpn_0042", title: "秋のドリンク割引", benefit: "¥100引き", validUntil: "12月31日(木)" },
    });
    expect(JSON.stringify(bubbleOf(rendered).body)).toContain("¥100引き");
    expect(JSON.stringify(bubbleOf(rendered).body)).toContain("12月31日(木)まで有効");
    expect(buttons(rendered)).toEqual([
      { type: "uri", label: "クーポンを使う", uri: track(`https://liff.line.me/${LIFF_ID}/coupons/cpn_0042`) },
    ]);
  });

  it("pass LINE's checks on message objects", () => {
    for (const language of ["ja", "en"] as const) {
      expect(lineMessageRefusals([renderConsoleMessage(message, { language, liffId: LIFF_ID, track })])).toEqual([]);
    }
  });

  it("refuse what LINE would refuse or the app cannot open", () => {
    const refused = (value: unknown) => !ConsoleMessage.safeParse(value).success;
    expect(refused({ ja: { title: "", body: "本文" } })).toBe(true);
    expect(refused({ ja: message.ja, imageUrl: "http://cdn.example.jp/a.jpg" })).toBe(true);
    expect(refused({ ja: message.ja, button: { screen: "/staff" } })).toBe(true);
    expect(refused({ ja: { ...message.ja, buttonLabel: "予約" }, en: { title: "t", body: "b" }, button: { screen: "/" } })).toBe(
      true,
    );
    expect(refused({ ja: message.ja, button: { screen: "/coupons" } })).toBe(false);
  });
});
