import type { messagingApi } from "@line/bot-sdk";
import { describe, expect, it } from "vitest";
import { cardActionMessage } from "../../bff/card/messages.ts";
import { couponGrantedMessage, pointsExpiringMessage } from "../../bff/coupons/messages.ts";
import { merchantEventMessage } from "../../bff/hooks/messages.ts";
import { bubble } from "../../bff/line/flex.ts";
import {
  altText,
  buttonAction,
  clampText,
  isSafeActionUri,
  nonEmptyText,
  withinBubbleLimit,
} from "../../bff/line/message-limits.ts";
import { orderConfirmationMessage } from "../../bff/orders/messages.ts";
import {
  reservationCancelledMessage,
  reservationChangedMessage,
  reservationConfirmedMessage,
  reservationReminderMessage,
} from "../../bff/reservations/messages.ts";
import {
  accountLinkLoginMessage,
  alreadyLinkedMessage,
  linkConflictMessage,
  linkedMessage,
  linkExpiredMessage,
  linkFailedMessage,
  welcomeMessage,
} from "../../bff/webhook/messages.ts";
import type { OrderDetailResponse } from "../../shared/api.ts";
import type { MemberCoupon, MemberSummary, ReminderCandidate, Reservation } from "../../shared/merchant-contract.ts";
// The fake LINE platform's own validator: if either side is kinder than LINE, these tests fail.
import { lineMessageRefusals, MAX_BUBBLE_JSON_BYTES, jsonBytes } from "../fakes/line-message-objects.ts";

const huge = "山".repeat(10_000);
const emoji = "☕️🍰".repeat(3_000);
const liffId = "2000000000-devmock";
const languages = ["ja", "en"] as const;

/** Asserts LINE would accept the messages, showing its refusals when it would not. */
function expectLineAccepts(...messages: messagingApi.Message[]) {
  for (const message of messages) expect(lineMessageRefusals([message])).toEqual([]);
}

describe("message limits › helpers", () => {
  it("clamps by code points with an ellipsis, never splitting an emoji, within the UTF-16 limit", () => {
    expect(clampText("abc", 3)).toBe("abc");
    expect(clampText("abcdef", 4)).toBe("abc…");
    const cut = clampText("🍰🍰🍰", 4);
    expect(cut).toBe("🍰…");
    expect(cut.length).toBeLessThanOrEqual(4);
    expect(Array.from(clampText(emoji, 1500)).every((char) => !/[\uD800-\uDFFF]/.test(char) || char.length === 2)).toBe(true);
  });

  it("never leaves text empty, and keeps altText within 1,500", () => {
    expect(nonEmptyText("")).toBe("—");
    expect(nonEmptyText("   ")).toBe("—");
    expect(nonEmptyText(null)).toBe("—");
    expect(altText(huge).length).toBeLessThanOrEqual(1500);
    expect(altText("")).toBe("—");
  });

  it("lets through only URIs LINE opens: ≤ 1,000 characters, http, https, line or tel", () => {
    expect(["https://liff.line.me/x", "http://a.example", "line://nv/chat", "tel:0312345678"].every(isSafeActionUri)).toBe(true);
    for (const uri of [
      "javascript:alert(1)",
      "JAVASCRIPT:alert(1)",
      "data:text/html,x",
      "ftp://x",
      "",
      `https://a.example/${"a".repeat(1000)}`,
    ]) {
      expect(isSafeActionUri(uri)).toBe(false);
    }
    expect(buttonAction({ type: "uri", label: "開く", uri: "javascript:alert(1)" })).toBeNull();
    expect(buttonAction({ type: "uri", label: huge, uri: "https://a.example" })).toMatchObject({
      label: expect.stringMatching(/…$/),
    });
  });

  it("falls back to a plain text message when a bubble's JSON would pass 30 KB", () => {
    const oversized: messagingApi.FlexMessage = {
      type: "flex",
      altText: "x",
      contents: { type: "bubble", body: { type: "box", layout: "vertical", contents: [{ type: "text", text: huge }] } },
    };
    expect(jsonBytes(oversized.contents)).toBeGreaterThan(MAX_BUBBLE_JSON_BYTES);
    const fallback = withinBubbleLimit(oversized, huge);
    expect(fallback.type).toBe("text");
    expectLineAccepts(fallback);
  });
});

describe("message limits › every builder stays within LINE's limits, whatever the merchant sends", () => {
  it("bubble: empty and absurd titles, lines, labels and javascript: URIs", () => {
    const message = bubble({
      language: "ja",
      altText: "",
      title: "",
      lines: ["", huge, emoji, "   "],
      buttons: [
        { type: "uri", label: "", uri: "javascript:alert(1)" },
        { type: "uri", label: huge, uri: `https://liff.line.me/${liffId}/${"a".repeat(2000)}` },
        { type: "postback", label: huge, data: "action=x", displayText: huge },
      ],
    });
    expectLineAccepts(message);
  });

  it("bubble: a 30 KB body becomes a text message LINE accepts", () => {
    const message = bubble({
      language: "ja",
      altText: "お知らせ",
      title: huge,
      lines: Array.from({ length: 40 }, () => huge),
      buttons: [],
    });
    expect(message.type).toBe("text");
    expectLineAccepts(message);
  });

  it.each(languages)(
    "order confirmation (%s): 200 items with 10,000-character names, an empty store name, an absurd order id",
    (language) => {
      const items = Array.from({ length: 200 }, (_, index) => ({
        productId: `p${index}`,
        name: index % 2 ? huge : "",
        quantity: 3,
        unitPriceYen: 1000,
        lineTotalYen: 3000,
      }));
      const order = {
        orderId: "o".repeat(10_000),
        orderedAt: "2026-05-01T10:00:00+09:00",
        status: "placed",
        statusChangedAt: "2026-05-01T10:00:00+09:00",
        items,
        totalYen: 600_000,
        fulfilment: { type: "pickup", storeId: "s1", storeName: "" },
        sourceOrderId: null,
      } as unknown as OrderDetailResponse;
      const message = orderConfirmationMessage(order, liffId, language);
      expectLineAccepts(message);
      expect(JSON.stringify(message)).toContain(language === "ja" ? "ほか 192 点" : "and 192 more items");
    },
  );

  it.each(languages)("reservations (%s): empty and 10,000-character store and service names", (language) => {
    for (const [storeName, serviceName] of [
      ["", ""],
      [huge, emoji],
    ]) {
      const reservation = {
        reservationId: "r".repeat(5000),
        storeId: "s1",
        storeName,
        serviceId: "v1",
        serviceName,
        startsAt: "2026-05-03T18:00:00+09:00",
        endsAt: "2026-05-03T19:00:00+09:00",
        partySize: 2,
        note: huge,
        status: "confirmed",
        changeableUntil: "2026-05-02T18:00:00+09:00",
        bookedAt: "2026-05-01T10:00:00+09:00",
      } as unknown as Omit<Reservation, "memberId">;
      const candidate = { ...reservation, lineUserId: null } as unknown as ReminderCandidate;
      expectLineAccepts(
        reservationConfirmedMessage(reservation, liffId, language),
        reservationChangedMessage(reservation, liffId, language),
        reservationCancelledMessage(reservation, language),
        reservationReminderMessage(candidate, "day_before", liffId, language),
        reservationReminderMessage(candidate, "hours_before", liffId, language),
      );
    }
  });

  it.each(languages)("member card actions (%s): empty and 10,000-character store names", (language) => {
    for (const storeName of ["", huge, emoji]) {
      for (const kind of ["check_in", "award", "redeem"] as const) {
        const action = { kind, storeId: "s1", storeName, points: 50, balance: 1200, occurredAt: Date.now() };
        const message = cardActionMessage(action, language);
        expectLineAccepts(message);
      }
    }
  });

  it.each(languages)("merchant events (%s): absurd order ids, carriers, tracking numbers and notes", (language) => {
    const base = { eventId: "evt_00000001", occurredAt: "2026-05-01T10:00:00+09:00", memberId: "mem_0001" };
    const events = [
      { ...base, type: "order.status_changed", orderId: huge, status: "shipped", carrier: huge, trackingNumber: emoji },
      { ...base, type: "order.status_changed", orderId: "", status: "cancelled", carrier: "", trackingNumber: "" },
      { ...base, type: "points.changed", kind: "adjusted", points: -5, balance: 0, note: huge },
      { ...base, type: "points.changed", kind: "earned_in_store", points: 5, balance: 10, note: "   " },
    ] as unknown as Array<Parameters<typeof merchantEventMessage>[0]>;
    for (const event of events) expectLineAccepts(merchantEventMessage(event, liffId, language));
  });

  it.each(languages)("coupon and points-expiring messages (%s): the longest titles and items the contract allows", (language) => {
    const coupon: MemberCoupon = {
      couponId: "c".repeat(64),
      couponDefinitionId: "birthday_cake",
      kind: "birthday",
      title: "🍰".repeat(80),
      benefit: { type: "free_item", item: "山".repeat(100) },
      conditions: null,
      everyStore: true,
      stores: [],
      status: "available",
      grantedAt: "2027-02-01T00:05:00+09:00",
      validUntil: "2027-03-04T00:00:00+09:00",
      usesAllowed: 1,
      usesLeft: 1,
      lastUsedAt: null,
    };
    for (const kind of ["birthday", "welcome", "campaign"] as const) {
      expectLineAccepts(couponGrantedMessage({ ...coupon, kind }, language, liffId));
    }
    expectLineAccepts(pointsExpiringMessage({ points: 9_999_999, expiresOn: "2027-12-31" }, language, liffId));
  });

  it.each(languages)("chat messages (%s): 10,000-character member names, and login URLs LINE would refuse", (language) => {
    const member = {
      memberId: "mem_0001",
      memberNumber: "1000-0001",
      name: huge,
      rank: { name: emoji },
      points: { balance: 10 },
    };
    expectLineAccepts(
      welcomeMessage({ liffId }, language),
      alreadyLinkedMessage({ liffId }, language),
      linkedMessage({ liffId }, member as unknown as MemberSummary, language),
      linkedMessage({ liffId }, null, language),
      linkExpiredMessage(language),
      linkFailedMessage(language),
      linkConflictMessage("member", language),
      linkConflictMessage("line-account", language),
      accountLinkLoginMessage(`https://merchant.example/line/account-link?linkToken=${"t".repeat(2000)}`, language),
      accountLinkLoginMessage("javascript:alert(1)", language),
    );
  });
});

describe("messages › one language each", () => {
  const reservation = {
    reservationId: "r1",
    storeId: "s1",
    storeName: "渋谷店",
    serviceId: "v1",
    serviceName: "カット",
    startsAt: "2026-12-23T18:00:00+09:00",
    endsAt: "2026-12-23T19:00:00+09:00",
    partySize: 1,
    note: null,
    status: "confirmed",
    changeableUntil: "2026-12-22T18:00:00+09:00",
    bookedAt: "2026-12-01T10:00:00+09:00",
  } as unknown as Omit<Reservation, "memberId">;
  const texts = (message: messagingApi.Message) => JSON.stringify(message);

  it("writes the slot in Japan time: 12月23日(水) 18:00, or Wed, Dec 23, 18:00 (Japan time)", () => {
    expect(texts(reservationConfirmedMessage(reservation, liffId, "ja"))).toContain("12月23日(水) 18:00");
    expect(texts(reservationConfirmedMessage(reservation, liffId, "en"))).toContain("Wed, Dec 23, 18:00 (Japan time)");
  });

  it("counts people and items in correct English", () => {
    expect(texts(reservationConfirmedMessage(reservation, liffId, "en"))).toContain("1 person");
    expect(texts(reservationConfirmedMessage({ ...reservation, partySize: 3 }, liffId, "en"))).toContain("3 people");
    const item = { productId: "p", name: "Coffee", quantity: 1, unitPriceYen: 3200, lineTotalYen: 3200 };
    const order = (count: number) =>
      ({
        orderId: "o1",
        items: Array.from({ length: count }, () => item),
        totalYen: 3200 * count,
        fulfilment: { type: "delivery" },
      }) as unknown as OrderDetailResponse;
    expect(texts(orderConfirmationMessage(order(9), liffId, "en"))).toContain('and 1 more item"');
    expect(texts(orderConfirmationMessage(order(10), liffId, "en"))).toContain("and 2 more items");
    expect(texts(orderConfirmationMessage(order(1), liffId, "en"))).toContain("¥3,200");
  });

  it("shows points as 1,280 pt in both languages", () => {
    for (const language of languages) {
      const message = cardActionMessage(
        { kind: "award", storeId: "s1", storeName: "Shibuya", points: 50, balance: 1280, occurredAt: Date.now() },
        language,
      );
      expect(texts(message)).toContain("1,280 pt");
    }
  });
});
