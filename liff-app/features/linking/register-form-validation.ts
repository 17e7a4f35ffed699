import type { RegisterRequest } from "../../../shared/api.ts";
import type { MessageKey } from "../../lib/messages.ts";
import {
  EMAIL,
  KANA,
  PHONE,
  isPlausibleBirthDate,
  normalizeKana,
  normalizePhone,
  todayInJapan,
  toNarrow,
} from "./form-values.ts";

export interface RegisterFormValues {
  name: string;
  nameKana: string;
  birthDate: string;
  email: string;
  phone: string;
  terms: boolean;
  marketingMessages: boolean;
}

export type RegisterFormField = Exclude<keyof RegisterFormValues, "marketingMessages">;
export type RegisterFormErrors = Partial<Record<RegisterFormField, MessageKey>>;

export type RegisterFormCheck = { ok: true; request: RegisterRequest } | { ok: false; errors: RegisterFormErrors };

/**
 * The form as the BFF's RegisterRequest, with only the optional fields the customer filled in
 * (what they leave empty is never sent), or a message per field that would be refused.
 */
export function checkRegisterForm(values: RegisterFormValues, today = todayInJapan()): RegisterFormCheck {
  const errors: RegisterFormErrors = {};
  const profile: RegisterRequest["profile"] = { name: values.name.trim() };

  if (!profile.name) errors.name = "register.name.required";
  else if (profile.name.length > 64) errors.name = "register.name.tooLong";

  const nameKana = normalizeKana(values.nameKana);
  if (nameKana) {
    if (KANA.test(nameKana) && nameKana.length <= 64) profile.nameKana = nameKana;
    else errors.nameKana = "register.nameKana.invalid";
  }

  const birthDate = values.birthDate.trim();
  if (birthDate) {
    if (isPlausibleBirthDate(birthDate, today)) profile.birthDate = birthDate;
    else errors.birthDate = "register.birthDate.invalid";
  }

  const email = toNarrow(values.email).trim();
  if (email) {
    if (EMAIL.test(email) && email.length <= 254) profile.email = email;
    else errors.email = "register.email.invalid";
  }

  const phone = normalizePhone(values.phone);
  if (phone) {
    if (PHONE.test(phone)) profile.phone = phone;
    else errors.phone = "register.phone.invalid";
  }

  if (!values.terms) errors.terms = "register.consents.termsRequired";

  if (Object.keys(errors).length > 0 || !values.terms) return { ok: false, errors };
  return { ok: true, request: { profile, consents: { terms: true, marketingMessages: values.marketingMessages } } };
}

const issueFields: Record<string, RegisterFormField> = {
  "profile.name": "name",
  "profile.nameKana": "nameKana",
  "profile.birthDate": "birthDate",
  "profile.email": "email",
  "profile.phone": "phone",
  "consents.terms": "terms",
};

/** The fields a 400's issues point at ("profile.email", "consents.terms"…). */
export function registerFieldsFromIssues(issues: readonly { path: string }[]): RegisterFormErrors {
  const errors: RegisterFormErrors = {};
  for (const { path } of issues) {
    const field = issueFields[path];
    if (field) errors[field] = field === "terms" ? "register.consents.termsRequired" : "forms.invalidField";
  }
  return errors;
}
