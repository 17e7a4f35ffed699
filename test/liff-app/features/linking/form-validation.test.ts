// @vitest-environment node
import { describe, expect, it } from "vitest";
import { isPlausibleBirthDate, normalizeKana, todayInJapan } from "../../../../liff-app/features/linking/form-values.ts";
import { checkLinkForm, linkFieldsFromIssues } from "../../../../liff-app/features/linking/link-form-validation.ts";
import { checkRegisterForm } from "../../../../liff-app/features/linking/register-form-validation.ts";
import { describeRetryTime } from "../../../../liff-app/features/linking/retry-time.ts";

const today = "2025-01-15";

describe("checkLinkForm", () => {
  it("builds the BFF's request for a member number and PIN", () => {
    expect(checkLinkForm({ memberNumber: " 1000-0002 ", secondFactor: "1234" }, "pin", today)).toEqual({
      ok: true,
      request: { memberNumber: "1000-0002", secondFactor: { type: "pin", value: "1234" } },
    });
  });

  it.each([
    ["", "linking.memberNumber.required"],
    ["1000_0002", "linking.memberNumber.invalid"],
    ["1".repeat(33), "linking.memberNumber.invalid"],
  ])("refuses the member number %j", (memberNumber, key) => {
    const check = checkLinkForm({ memberNumber, secondFactor: "1234" }, "pin", today);
    expect(check.ok ? null : check.errors.memberNumber).toBe(key);
  });

  it("allows letters and up to 32 characters in a member number, as the merchant contract does", () => {
    expect(checkLinkForm({ memberNumber: `AB-${"9".repeat(29)}`, secondFactor: "1234" }, "pin", today).ok).toBe(true);
  });

  it.each([
    ["", "linking.pin.required"],
    ["123", "linking.pin.invalid"],
    ["123456789", "linking.pin.invalid"],
    ["12a4", "linking.pin.invalid"],
  ])("refuses the PIN %j", (pin, key) => {
    const check = checkLinkForm({ memberNumber: "1000-0002", secondFactor: pin }, "pin", today);
    expect(check.ok ? null : check.errors.secondFactor).toBe(key);
  });

  it("checks a birth date when the merchant asks for one: a real date, not in the future", () => {
    expect(checkLinkForm({ memberNumber: "1000-0002", secondFactor: "1992-08-23" }, "birthDate", today)).toEqual({
      ok: true,
      request: { memberNumber: "1000-0002", secondFactor: { type: "birthDate", value: "1992-08-23" } },
    });
    for (const [value, key] of [
      ["", "linking.birthDate.required"],
      ["1992-02-30", "linking.birthDate.invalid"],
      ["2025-01-16", "linking.birthDate.invalid"],
    ]) {
      const check = checkLinkForm({ memberNumber: "1000-0002", secondFactor: value }, "birthDate", today);
      expect(check.ok ? null : check.errors.secondFactor).toBe(key);
    }
  });

  it("maps a 400's issue paths to the fields", () => {
    expect(linkFieldsFromIssues([{ path: "memberNumber" }, { path: "secondFactor.value" }])).toEqual({
      memberNumber: "linking.memberNumber.invalid",
      secondFactor: "forms.invalidField",
    });
  });
});

describe("checkRegisterForm", () => {
  const empty = { name: "", nameKana: "", birthDate: "", email: "", phone: "", terms: false, marketingMessages: false };

  it("needs only a name and the terms; empty optional fields are left out", () => {
    expect(checkRegisterForm({ ...empty, name: " 佐藤 花子 ", terms: true }, today)).toEqual({
      ok: true,
      request: { profile: { name: "佐藤 花子" }, consents: { terms: true, marketingMessages: false } },
    });
    expect(checkRegisterForm(empty, today)).toEqual({
      ok: false,
      errors: { name: "register.name.required", terms: "register.consents.termsRequired" },
    });
  });

  it("normalises kana and phone numbers the way customers type them", () => {
    const check = checkRegisterForm(
      { ...empty, name: "佐藤 花子", nameKana: "ｻﾄｳ はなこ", phone: "０９０ー１２３４ー５６７８", terms: true },
      today,
    );
    expect(check.ok && check.request.profile).toEqual({ name: "佐藤 花子", nameKana: "サトウ ハナコ", phone: "09012345678" });
  });

  it("refuses a name over 64 characters and malformed optional fields", () => {
    const check = checkRegisterForm(
      {
        ...empty,
        name: "あ".repeat(65),
        nameKana: "Sato",
        birthDate: "2030-01-01",
        email: "a@b",
        phone: "9012345678",
        terms: true,
      },
      today,
    );
    expect(check).toEqual({
      ok: false,
      errors: {
        name: "register.name.tooLong",
        nameKana: "register.nameKana.invalid",
        birthDate: "register.birthDate.invalid",
        email: "register.email.invalid",
        phone: "register.phone.invalid",
      },
    });
  });
});

describe("form values", () => {
  it("turns hiragana into katakana", () => {
    expect(normalizeKana(" やまだ たろう ")).toBe("ヤマダ タロウ");
  });

  it("knows real calendar dates", () => {
    expect(isPlausibleBirthDate("2000-02-29", today)).toBe(true);
    expect(isPlausibleBirthDate("2001-02-29", today)).toBe(false);
    expect(isPlausibleBirthDate("1899-12-31", today)).toBe(false);
  });

  it("takes today's date in Japan, which is ahead of UTC", () => {
    expect(todayInJapan(new Date("2025-01-15T15:30:00Z"))).toBe("2025-01-16");
  });
});

describe("describeRetryTime", () => {
  it("gives whole minutes and the instant, rounded up to the minute", () => {
    const at = Date.parse("2025-01-15T05:00:20Z"); // 14:00:20 in Tokyo
    expect(describeRetryTime(at, 600)).toEqual({ minutes: 10, retryAt: Date.parse("2025-01-15T05:11:00Z") });
    expect(describeRetryTime(at, 30)).toEqual({ minutes: 1, retryAt: Date.parse("2025-01-15T05:01:00Z") });
  });

  it("waits at least a minute", () => {
    expect(describeRetryTime(Date.parse("2025-01-15T05:00:00Z"), 0).minutes).toBe(1);
  });
});
