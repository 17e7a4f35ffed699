import { describe, expect, it } from "vitest";
import { createFormats } from "../../../liff-app/lib/formats.ts";

const ja = createFormats("ja");
const en = createFormats("en");
// 14:05 on Thursday 24 December 2026 in Tokyo; still the 23rd in UTC for a late one.
const afternoon = "2026-12-24T05:05:00Z";
const justAfterMidnight = "2026-12-23T15:30:00Z";

describe("createFormats", () => {
  it("writes yen with the same narrow sign and commas in both languages", () => {
    expect(ja.yen(3200)).toBe("¥3,200");
    expect(en.yen(3200)).toBe("¥3,200");
    expect(ja.yen(10_000_000)).toBe("¥10,000,000");
    expect(ja.yen(0)).toBe("¥0");
  });

  it("groups plain numbers with commas", () => {
    expect(ja.number(1280)).toBe("1,280");
    expect(en.number(1280)).toBe("1,280");
  });

  it("gives every date its day of the week", () => {
    expect(ja.date("2026-12-24")).toBe("12月24日(木)");
    expect(en.date("2026-12-24")).toBe("Thu, Dec 24");
  });

  it("keeps a calendar date on its day whatever the phone's zone", () => {
    expect(ja.date("2026-01-01")).toBe("1月1日(木)");
  });

  it("tells the time in Japan: 24-hour in Japanese, 12-hour in English", () => {
    expect(ja.time(afternoon)).toBe("14:05");
    expect(en.time(afternoon)).toBe("2:05\u00a0PM");
    expect(ja.time(justAfterMidnight)).toBe("00:30");
    expect(en.time(justAfterMidnight)).toBe("12:30\u00a0AM");
    expect(ja.time(Date.parse(afternoon))).toBe("14:05");
  });

  it("puts the Japan date before the time, on the Japan day", () => {
    expect(ja.dateTime(afternoon)).toBe("12月24日(木) 14:05");
    expect(en.dateTime(afternoon)).toBe("Thu, Dec 24, 2:05\u00a0PM");
    expect(ja.dateTime(justAfterMidnight)).toBe("12月24日(木) 00:30");
  });

  it("writes a span as one date and two times, with word joiners so the time range never breaks at the dash", () => {
    expect(ja.span("2026-12-24T01:00:00Z", "2026-12-24T02:00:00Z")).toBe("12月24日(木) 10:00\u2060–\u206011:00");
    expect(en.span("2026-12-24T01:00:00Z", "2026-12-24T02:00:00Z")).toBe("Thu, Dec 24, 10:00\u00a0AM\u2060–\u206011:00\u00a0AM");
  });

  it("uses the singular only for one, and only in English", () => {
    expect([0, 1, 2].map(en.pluralForm)).toEqual(["other", "one", "other"]);
    expect([0, 1, 2].map(ja.pluralForm)).toEqual(["other", "other", "other"]);
  });
});
