import type { ScanRequest } from "../../../shared/api.ts";
import type { MessageKey } from "../../lib/messages.ts";

// The staff forms' client-side checks, mirroring shared/api.ts (zod stays out of the browser).
// Input is normalized first: a Japanese keyboard may type full-width digits ("１２０") and
// people write amounts with separators ("1,200").

export type FieldCheck<Value> = { ok: true; value: Value } | { ok: false; error: MessageKey };

/** The whole number typed, or null when the text is not one. */
export function parseWholeNumber(text: string): number | null {
  const digits = text.normalize("NFKC").replace(/[\s,]/g, "");
  if (!/^\d+$/.test(digits)) return null;
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : null;
}

const MAX_PURCHASE_YEN = 10_000_000;
const MAX_REDEEM_POINTS = 1_000_000;

export function checkPurchaseAmount(text: string): FieldCheck<number> {
  if (text.trim() === "") return { ok: false, error: "staff.actions.award.required" };
  const yen = parseWholeNumber(text);
  if (yen === null || yen < 1 || yen > MAX_PURCHASE_YEN) return { ok: false, error: "staff.actions.award.invalid" };
  return { ok: true, value: yen };
}

/** Points to redeem: never more than the balance, which the server checks again. */
export function checkRedeemPoints(text: string, balance: number): FieldCheck<number> {
  if (text.trim() === "") return { ok: false, error: "staff.actions.redeem.required" };
  const points = parseWholeNumber(text);
  if (points === null || points < 1 || points > MAX_REDEEM_POINTS) return { ok: false, error: "staff.actions.redeem.invalid" };
  if (points > balance) return { ok: false, error: "staff.actions.redeem.overBalance" };
  return { ok: true, value: points };
}

export interface ManualEntryValues {
  memberNumber: string;
  code: string;
}

export type ManualEntryField = keyof ManualEntryValues;

export type ManualEntryCheck =
  | { ok: true; request: Extract<ScanRequest, { code: string }> }
  | { ok: false; errors: Partial<Record<ManualEntryField, MessageKey>> };

/** The member number and the 6-digit one-time code shown on the customer's card. */
export function checkManualEntry(values: ManualEntryValues): ManualEntryCheck {
  const memberNumber = values.memberNumber.normalize("NFKC").trim();
  const code = values.code.normalize("NFKC").replace(/\s/g, "");
  const errors: Partial<Record<ManualEntryField, MessageKey>> = {};
  if (memberNumber === "") errors.memberNumber = "staff.manual.memberNumber.required";
  else if (!/^[0-9A-Za-z-]{1,32}$/.test(memberNumber)) errors.memberNumber = "staff.manual.memberNumber.invalid";
  if (code === "") errors.code = "staff.manual.code.required";
  else if (!/^\d{6}$/.test(code)) errors.code = "staff.manual.code.invalid";
  if (errors.memberNumber || errors.code) return { ok: false, errors };
  return { ok: true, request: { memberNumber, code } };
}
