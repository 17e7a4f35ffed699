import { useRef, useState, type FormEvent } from "react";
import { useI18n } from "../../lib/i18n.tsx";
import type { MessageKey } from "../../lib/messages.ts";
import { TextField } from "../../components/text-field.tsx";
import { checkPurchaseAmount, checkRedeemPoints, type FieldCheck } from "./staff-form-validation.ts";

interface AmountFormProps {
  /** Another action is on its way: taps do nothing until it is answered. */
  busy: boolean;
  /** This form's own request is on its way. */
  pending: boolean;
  /** Sends the amount; the form is mounted afresh once the BFF accepted it. */
  onSubmit: (amount: number) => void;
  /** Why this action cannot be done now (the store system is down): the button is disabled with this said beside it. */
  unavailable?: string | undefined;
}

/** A purchase amount in yen; the merchant's rate turns it into points. */
export function AwardForm(props: AmountFormProps) {
  const { t } = useI18n();
  return (
    <AmountForm
      {...props}
      kind="award"
      title={t("staff.actions.award.title")}
      label={t("staff.actions.award.label")}
      hint={t("staff.actions.award.hint")}
      unit={t("staff.actions.award.unit")}
      button={t("staff.actions.award.button")}
      check={checkPurchaseAmount}
    />
  );
}

/** Points to take off the balance; more than the balance is refused before anything is sent. */
export function RedeemForm({ balance, ...props }: AmountFormProps & { balance: number }) {
  const { t, formatNumber } = useI18n();
  return (
    <AmountForm
      {...props}
      kind="redeem"
      title={t("staff.actions.redeem.title")}
      label={t("staff.actions.redeem.label")}
      hint={t("staff.actions.redeem.hint", { balance: formatNumber(balance) })}
      unit={t("staff.actions.redeem.unit")}
      button={t("staff.actions.redeem.button")}
      check={(text) => checkRedeemPoints(text, balance)}
      errorParams={{ balance: formatNumber(balance) }}
    />
  );
}

function AmountForm({
  kind,
  title,
  label,
  hint,
  unit,
  button,
  check,
  errorParams,
  busy,
  pending,
  onSubmit,
  unavailable,
}: AmountFormProps & {
  kind: "award" | "redeem";
  title: string;
  label: string;
  hint: string;
  unit: string;
  button: string;
  check: (text: string) => FieldCheck<number>;
  errorParams?: Record<string, string>;
}) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  // The message appears after a submit, then follows the typing.
  const [checking, setChecking] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const result = check(text);
  const error: MessageKey | null = checking && !result.ok ? result.error : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || unavailable) return;
    setChecking(true);
    if (!result.ok) {
      input.current?.focus();
      return;
    }
    setChecking(false);
    onSubmit(result.value);
  };

  return (
    <section className="panel staff-action" aria-labelledby={`staff-${kind}-title`}>
      <h3 id={`staff-${kind}-title`} className="panel__title">
        {title}
      </h3>
      <form className="staff-action__form" noValidate onSubmit={submit} data-testid={`staff-${kind}-form`}>
        <TextField
          ref={input}
          label={label}
          hint={hint}
          unit={unit}
          error={error ? t(error, errorParams) : null}
          testId={`staff-${kind}-amount`}
          name={kind === "award" ? "purchaseAmountYen" : "points"}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          maxLength={12}
          className="staff-amount-input"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
        />
        {unavailable ? (
          <p id={`staff-${kind}-unavailable`} className="form__note" data-testid={`staff-${kind}-unavailable`}>
            {unavailable}
          </p>
        ) : null}
        <button
          type="submit"
          className="button button--primary button--block staff-button"
          aria-disabled={busy || unavailable !== undefined || undefined}
          aria-describedby={unavailable ? `staff-${kind}-unavailable` : undefined}
          data-testid={`staff-${kind}-submit`}
        >
          {pending ? t("staff.actions.pending") : button}
        </button>
      </form>
    </section>
  );
}
