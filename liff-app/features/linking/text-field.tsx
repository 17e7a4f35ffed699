import { useId, type InputHTMLAttributes, type Ref } from "react";
import { useI18n } from "../../lib/i18n.tsx";

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "required"> {
  label: string;
  /** Said before the field and read with it: format, example. */
  hint?: string;
  /** The message for what is wrong, already translated; marks the field invalid. */
  error?: string | null;
  requirement: "required" | "optional";
  ref?: Ref<HTMLInputElement>;
  /** Names the error's test id: `${testId}-error`. */
  testId: string;
}

/** A labelled input with its hint and error tied to it (aria-describedby, aria-invalid). */
export function TextField({ label, hint, error, requirement, testId, ref, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
        <RequirementTag requirement={requirement} />
      </label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      <input
        {...input}
        ref={ref}
        id={id}
        className="field__input"
        required={requirement === "required"}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        data-testid={testId}
      />
      {error ? (
        <p id={errorId} className="field__error" data-testid={`${testId}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** 必須 / 任意 next to a label, in words rather than an asterisk. */
export function RequirementTag({ requirement }: { requirement: "required" | "optional" }) {
  const { t } = useI18n();
  return (
    <span className={`field__tag field__tag--${requirement}`}>
      {requirement === "required" ? t("forms.required") : t("forms.optional")}
    </span>
  );
}
