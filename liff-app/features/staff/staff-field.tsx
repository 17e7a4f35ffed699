import { useId, type InputHTMLAttributes, type Ref } from "react";

export interface StaffFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "required"> {
  label: string;
  /** Said before the field and read with it: format, example, limit. */
  hint?: string;
  /** The message for what is wrong, already translated; marks the field invalid. */
  error?: string | null;
  /** Shown after the input and read with the label ("円", "pt"). */
  unit?: string;
  ref?: Ref<HTMLInputElement>;
  /** Names the error's test id: `${testId}-error`. */
  testId: string;
}

/**
 * A labelled, required input with its hint, unit and error tied to it. The staff screen's own:
 * features don't import each other, and this one adds the unit after the input.
 */
export function StaffField({ label, hint, error, unit, testId, ref, className, ...input }: StaffFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
        {unit ? <span className="visually-hidden"> ({unit})</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      <div className={unit ? "staff-field__row" : undefined}>
        <input
          {...input}
          ref={ref}
          id={id}
          className={className ? `field__input ${className}` : "field__input"}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          data-testid={testId}
        />
        {unit ? (
          <span className="staff-field__unit" aria-hidden="true">
            {unit}
          </span>
        ) : null}
      </div>
      {error ? (
        <p id={errorId} className="field__error" data-testid={`${testId}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
