import { forwardRef, useId, type InputHTMLAttributes, type ReactNode } from "react";

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "required"> {
  label: string;
  /** Shown after the label, e.g. a 必須 / 任意 tag. */
  labelSuffix?: ReactNode;
  /** Said before the field and read with it: format, example, limit. */
  hint?: string;
  /** The message for what is wrong, already translated; marks the field invalid. */
  error?: string | null;
  /** Shown after the input and read with the label ("円", "pt"). */
  unit?: string;
  /** Fields are required unless said otherwise. */
  optional?: boolean;
  /** Names the input's test id, and its error's: `${testId}-error`. */
  testId: string;
}

/** A labelled input with its hint, unit and error tied to it (aria-describedby, aria-invalid). */
// forwardRef, not a `ref` prop: the app runs on Preact, whose function components get no `ref` prop.
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { label, labelSuffix, hint, error, unit, optional, testId, className, ...input },
  ref,
) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  const field = (
    <input
      {...input}
      ref={ref}
      id={id}
      className={className ? `field__input ${className}` : "field__input"}
      required={!optional}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy}
      data-testid={testId}
    />
  );
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
        {unit ? <span className="visually-hidden"> ({unit})</span> : null}
        {labelSuffix}
      </label>
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {unit ? (
        <div className="field__row">
          {field}
          <span className="field__unit" aria-hidden="true">
            {unit}
          </span>
        </div>
      ) : (
        field
      )}
      {error ? (
        <p id={errorId} className="field__error" data-testid={`${testId}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
});
