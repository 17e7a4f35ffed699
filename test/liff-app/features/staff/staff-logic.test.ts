import { describe, expect, it } from "vitest";
import { localDeadline } from "../../../../liff-app/features/staff/scan-member-card.ts";
import { formatMinutesSeconds } from "../../../../liff-app/features/staff/seconds-left.ts";
import {
  checkManualEntry,
  checkPurchaseAmount,
  checkRedeemPoints,
  parseWholeNumber,
} from "../../../../liff-app/features/staff/staff-form-validation.ts";
import { newIdempotencyKey } from "../../../../liff-app/lib/idempotency-key.ts";

describe("staff screen logic", () => {
  it("reads whole numbers typed with full-width digits, spaces or thousands separators", () => {
    expect(parseWholeNumber("1200")).toBe(1200);
    expect(parseWholeNumber("１，２００")).toBe(1200);
    expect(parseWholeNumber(" 1,200 ")).toBe(1200);
    expect(parseWholeNumber("12.5")).toBeNull();
    expect(parseWholeNumber("-5")).toBeNull();
    expect(parseWholeNumber("")).toBeNull();
  });

  it("accepts purchase amounts from 1 to 10,000,000 yen", () => {
    expect(checkPurchaseAmount("1")).toEqual({ ok: true, value: 1 });
    expect(checkPurchaseAmount("10000000")).toEqual({ ok: true, value: 10_000_000 });
    expect(checkPurchaseAmount("0")).toEqual({ ok: false, error: "staff.actions.award.invalid" });
    expect(checkPurchaseAmount("10000001")).toEqual({ ok: false, error: "staff.actions.award.invalid" });
    expect(checkPurchaseAmount(" ")).toEqual({ ok: false, error: "staff.actions.award.required" });
  });

  it("never lets a redemption go below zero", () => {
    expect(checkRedeemPoints("1280", 1280)).toEqual({ ok: true, value: 1280 });
    expect(checkRedeemPoints("1281", 1280)).toEqual({ ok: false, error: "staff.actions.redeem.overBalance" });
    expect(checkRedeemPoints("1", 0)).toEqual({ ok: false, error: "staff.actions.redeem.overBalance" });
    expect(checkRedeemPoints("0", 1280)).toEqual({ ok: false, error: "staff.actions.redeem.invalid" });
  });

  it("checks manual entry: a member number and exactly 6 digits", () => {
    expect(checkManualEntry({ memberNumber: " 1000-0001 ", code: "１２３ ４５６" })).toEqual({
      ok: true,
      request: { memberNumber: "1000-0001", code: "123456" },
    });
    expect(checkManualEntry({ memberNumber: "1000-0001", code: "1234567" })).toEqual({
      ok: false,
      errors: { code: "staff.manual.code.invalid" },
    });
    expect(checkManualEntry({ memberNumber: "1000 0001", code: "" })).toEqual({
      ok: false,
      errors: { memberNumber: "staff.manual.memberNumber.invalid", code: "staff.manual.code.required" },
    });
  });

  it("moves the scan's deadline onto the device clock using the server's Date header", () => {
    const receivedAt = Date.parse("2026-07-01T10:03:00Z"); // the device runs 3 minutes fast
    const actUntil = "2026-07-01T10:10:00Z";
    // The header's whole second is taken at its end: a second early rather than late.
    expect(localDeadline(actUntil, "Wed, 01 Jul 2026 10:00:00 GMT", receivedAt)).toBe(Date.parse("2026-07-01T10:12:59Z"));
    expect(localDeadline(actUntil, null, receivedAt)).toBe(Date.parse(actUntil));
    expect(localDeadline(actUntil, "not a date", receivedAt)).toBe(Date.parse(actUntil));
  });

  it("formats the time left as m:ss", () => {
    expect(formatMinutesSeconds(600)).toBe("10:00");
    expect(formatMinutesSeconds(545)).toBe("9:05");
    expect(formatMinutesSeconds(0)).toBe("0:00");
  });

  it("makes idempotency keys the BFF accepts, a new one each time", () => {
    const keys = new Set(Array.from({ length: 50 }, newIdempotencyKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
  });
});
