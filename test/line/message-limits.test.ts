import type { messagingApi } from "@line/bot-sdk";
import { describe, expect, it } from "vitest";
import { cardActionMessage } from "../../bff/card/messages.ts";
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
import type { MemberSummary, MerchantEvent, ReminderCandidate, Reservation } from "../../shared/merchant-contract.ts";
// The fake LINE platform's own validator: if either side is kinder than LINE, these tests fail.
import { lineMessageRefusals, MAX_BUBBLE_JSON_BYTES, jsonBytes } from "../fakes/line-message-objects.ts";

const huge = "山".repeat(10_000);
const emoji = "☕️🍰".repeat(3_000);
const liffId = "2000000000-devmock";

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
    const message = bubble({ altText: "お知らせ", title: huge, lines: Array.from({ length: 40 }, () => huge), buttons: [] });
    expect(message.type).toBe("text");
    expectLineAccepts(message);
  });

  it("order confirmation: 200 items with 10,000-character names, an empty store name, an absurd order id", () => {
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
    const message = orderConfirmationMessage(order, liffId);
    expectLineAccepts(message);
    expect(JSON.stringify(message)).toContain("ほか 192 点");
  });

  it("reservations: empty and 10,000-character store and service names", () => {
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
        reservationConfirmedMessage(reservation, liffId),
        reservationChangedMessage(reservation, liffId),
        reservationCancelledMessage(reservation),
        reservationReminderMessage(candidate, "day_before", liffId),
        reservationReminderMessage(candidate, "hours_before", liffId),
      );
    }
  });

  it("member card actions: empty and 10,000-character store names", () => {
    for (const storeName of ["", huge, emoji]) {
      for (const kind of ["check_in", "award", "redeem"] as const) {
        const message = cardActionMessage({ kind, storeId: "s1", storeName, points: 50, balance: 1200, occurredAt: Date.now() });
        expectLineAccepts(message);
      }
    }
  });

  it("merchant events: absurd order ids, carriers, tracking numbers and notes", () => {
    const base = { eventId: "evt_00000001", occurredAt: "2026-05-01T10:00:00+09:00", memberId: "mem_0001" };
    const events = [
      { ...base, type: "order.status_changed", orderId: huge, status: "shipped", carrier: huge, trackingNumber: emoji },
      { ...base, type: "order.status_changed", orderId: "", status: "cancelled", carrier: "", trackingNumber: "" },
      { ...base, type: "points.changed", kind: "adjusted", points: -5, balance: 0, note: huge },
      { ...base, type: "points.changed", kind: "earned_in_store", points: 5, balance: 10, note: "   " },
    ] as unknown as MerchantEvent[];
    for (const event of events) expectLineAccepts(merchantEventMessage(event, liffId));
  });

  it("chat messages: 10,000-character member names, and login URLs LINE would refuse", () => {
    const member = {
      memberId: "mem_0001",
      memberNumber: "1000-0001",
      name: huge,
      rank: { name: emoji },
      points: { balance: 10 },
    };
    expectLineAccepts(
      welcomeMessage({ liffId }),
      alreadyLinkedMessage({ liffId }),
      linkedMessage({ liffId }, member as unknown as MemberSummary),
      linkedMessage({ liffId }, null),
      linkExpiredMessage(),
      linkFailedMessage(),
      linkConflictMessage("member"),
      linkConflictMessage("line-account"),
      accountLinkLoginMessage(`https://merchant.example/line/account-link?linkToken=${"t".repeat(2000)}`),
      accountLinkLoginMessage("javascript:alert(1)"),
    );
  });
});
