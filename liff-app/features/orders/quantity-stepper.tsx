import { useI18n } from "../../lib/i18n.tsx";
import { MAX_QUANTITY, MIN_QUANTITY } from "./reorder-cart.ts";

/**
 * − and + around the quantity, each a full-size target named after the product. At a limit the
 * button stays focusable (aria-disabled), so the focus is not lost under a thumb or a keyboard.
 */
export function QuantityStepper({
  name,
  value,
  onChange,
  testId,
}: {
  name: string;
  value: number;
  onChange: (quantity: number) => void;
  testId: string;
}) {
  const { t } = useI18n();
  const atMin = value <= MIN_QUANTITY;
  const atMax = value >= MAX_QUANTITY;
  return (
    <div className="stepper" role="group" aria-label={t("orders.reorder.quantity", { name })} data-testid={testId}>
      <button
        type="button"
        className="stepper__button"
        aria-label={t("orders.reorder.decrease", { name })}
        aria-disabled={atMin || undefined}
        onClick={() => {
          if (!atMin) onChange(value - 1);
        }}
      >
        <span aria-hidden="true">−</span>
      </button>
      <output className="stepper__value" aria-live="polite" data-testid={`${testId}-value`}>
        {value}
      </output>
      <button
        type="button"
        className="stepper__button"
        aria-label={t("orders.reorder.increase", { name })}
        aria-disabled={atMax || undefined}
        onClick={() => {
          if (!atMax) onChange(value + 1);
        }}
      >
        <span aria-hidden="true">+</span>
      </button>
    </div>
  );
}
