import type { LinkRequest } from "../../../shared/api.ts";
import type { MessageKey } from "../../lib/messages.ts";
import {
  MEMBER_NUMBER,
  ONE_TIME_CODE,
  PIN,
  isPlausibleBirthDate,
  normalizeDigits,
  normalizeMemberNumber,
  todayInJapan,
} from "./form-values.ts";
import type { SecondFactorType } from "./link-settings.ts";

export interface LinkFormValues {
  memberNumber: string;
  /** The PIN, the birth date (YYYY-MM-DD) or the one-time code, whichever the merchant asks for. */
  secondFactor: string;
}

export type LinkFormField = keyof LinkFormValues;
export type LinkFormErrors = Partial<Record<LinkFormField, MessageKey>>;

export type LinkFormCheck = { ok: true; request: LinkRequest } | { ok: false; errors: LinkFormErrors };

/** The form's values as the BFF's LinkRequest, or a message per field that would be refused. */
export function checkLinkForm(values: LinkFormValues, factor: SecondFactorType, today = todayInJapan()): LinkFormCheck {
  const errors: LinkFormErrors = {};

  const memberNumber = normalizeMemberNumber(values.memberNumber);
  if (!memberNumber) errors.memberNumber = "linking.memberNumber.required";
  else if (!MEMBER_NUMBER.test(memberNumber)) errors.memberNumber = "linking.memberNumber.invalid";

  let secondFactor: LinkRequest["secondFactor"] | null = null;
  if (factor === "pin") {
    const pin = normalizeDigits(values.secondFactor);
    if (!pin) errors.secondFactor = "linking.pin.required";
    else if (!PIN.test(pin)) errors.secondFactor = "linking.pin.invalid";
    else secondFactor = { type: "pin", value: pin };
  } else if (factor === "otp") {
    const code = normalizeDigits(values.secondFactor);
    if (!code) errors.secondFactor = "linking.otp.required";
    else if (!ONE_TIME_CODE.test(code)) errors.secondFactor = "linking.otp.invalid";
    else secondFactor = { type: "otp", value: code };
  } else {
    const birthDate = values.secondFactor.trim();
    if (!birthDate) errors.secondFactor = "linking.birthDate.required";
    else if (!isPlausibleBirthDate(birthDate, today)) errors.secondFactor = "linking.birthDate.invalid";
    else secondFactor = { type: "birthDate", value: birthDate };
  }

  if (errors.memberNumber || errors.secondFactor || !secondFactor) return { ok: false, errors };
  return { ok: true, request: { memberNumber, secondFactor } };
}

/** The fields a 400's issues point at ("memberNumber", "secondFactor.value"). */
export function linkFieldsFromIssues(issues: readonly { path: string }[]): LinkFormErrors {
  const errors: LinkFormErrors = {};
  for (const { path } of issues) {
    if (path.startsWith("memberNumber")) errors.memberNumber = "linking.memberNumber.invalid";
    if (path.startsWith("secondFactor")) errors.secondFactor = "forms.invalidField";
  }
  return errors;
}
