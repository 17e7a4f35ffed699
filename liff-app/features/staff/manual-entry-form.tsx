import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import type { ScanRequest } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { TextField } from "../../components/text-field.tsx";
import { checkManualEntry, type ManualEntryField, type ManualEntryValues } from "./staff-form-validation.ts";

/**
 * The way in without any QR reader (no camera, a cracked screen): the member number and the
 * 6-digit code the customer's card calls 「読み取れないときのコード」. What was typed stays after a
 * refusal: a slip in one digit is fixed, not typed again.
 */
export function ManualEntryForm({
  pending,
  onSubmit,
  error,
}: {
  pending: boolean;
  onSubmit: (request: ScanRequest) => void;
  /** Why the typed code was refused, shown under the form. */
  error: ReactNode;
}) {
  const { t } = useI18n();
  const [values, setValues] = useState<ManualEntryValues>({ memberNumber: "", code: "" });
  // Field messages appear after a submit, then follow the typing.
  const [checking, setChecking] = useState(false);
  const memberNumberInput = useRef<HTMLInputElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const inputs = { memberNumber: memberNumberInput, code: codeInput } satisfies Record<ManualEntryField, unknown>;

  const check = checkManualEntry(values);
  const errors = checking && !check.ok ? check.errors : {};
  const message = (field: ManualEntryField) => {
    const key = errors[field];
    return key ? t(key) : null;
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    setChecking(true);
    if (!check.ok) {
      const first = (["memberNumber", "code"] as const).find((field) => check.errors[field]);
      if (first) inputs[first].current?.focus();
      return;
    }
    setChecking(false);
    onSubmit(check.request);
  };

  const errorArea = useRef<HTMLDivElement>(null);
  const refused = error !== null;
  useEffect(() => {
    if (refused) errorArea.current?.scrollIntoView?.({ block: "nearest" });
  }, [refused]);

  return (
    <section className="panel staff-manual" aria-labelledby="staff-manual-title" data-testid="staff-manual">
      <h2 id="staff-manual-title" className="panel__title">
        <PhraseText>{t("staff.manual.title")}</PhraseText>
      </h2>
      <p className="form__note">
        <PhraseText>{t("staff.manual.intro")}</PhraseText>
      </p>
      <form className="form" noValidate onSubmit={submit} data-testid="staff-manual-form">
        <TextField
          ref={memberNumberInput}
          label={t("staff.manual.memberNumber.label")}
          hint={t("staff.manual.memberNumber.hint")}
          error={message("memberNumber")}
          testId="staff-manual-member-number"
          name="memberNumber"
          type="text"
          // Member numbers may hold letters and hyphens, which number pads lack.
          inputMode="text"
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          maxLength={40}
          value={values.memberNumber}
          onChange={(event) => {
            const memberNumber = event.currentTarget.value;
            setValues((previous) => ({ ...previous, memberNumber }));
          }}
        />
        <TextField
          ref={codeInput}
          label={t("staff.manual.code.label")}
          hint={t("staff.manual.code.hint")}
          error={message("code")}
          testId="staff-manual-code"
          name="code"
          type="text"
          inputMode="numeric"
          pattern="[0-9]*"
          autoComplete="one-time-code"
          maxLength={8}
          className="staff-code-input"
          value={values.code}
          onChange={(event) => {
            const code = event.currentTarget.value;
            setValues((previous) => ({ ...previous, code }));
          }}
        />
        <button
          type="submit"
          className="button button--secondary button--block staff-button"
          aria-disabled={pending || undefined}
          data-testid="staff-manual-submit"
        >
          {pending ? t("staff.manual.submitting") : t("staff.manual.submit")}
        </button>
      </form>
      <div ref={errorArea} className="form__errors">
        {error}
      </div>
    </section>
  );
}
