import type { OrderDetailResponse } from "../../../shared/api.ts";
import { useI18n } from "../../lib/i18n.tsx";

type Charge = NonNullable<OrderDetailResponse["charges"]>[number];
type PaymentMethod = NonNullable<OrderDetailResponse["paymentMethod"]>;

/** A fee as the receipt shows it: ¥550, −¥162, or "free" for a waived delivery fee. */
function useChargeAmount() {
  const { t, format } = useI18n();
  return (charge: Charge) => {
    if (charge.amountYen === 0) return t("orders.charges.free");
    return charge.amountYen < 0 ? `−${format.yen(-charge.amountYen)}` : format.yen(charge.amountYen);
  };
}

/**
 * Under the items: the items' subtotal, each fee and discount the merchant quoted, and what is
 * paid. Without charges from the merchant, the items' total alone, as before it quoted any.
 */
export function OrderCharges({
  totalYen,
  charges,
  payableYen,
  totalLabel,
  count,
  testId,
}: {
  totalYen: number;
  charges: readonly Charge[] | undefined;
  payableYen: number | undefined;
  /** The label of the items' total when there are no charges. */
  totalLabel: string;
  /** "3点", shown beside the first total. */
  count?: string;
  testId: string;
}) {
  const { t, format } = useI18n();
  const chargeAmount = useChargeAmount();
  const quoted = charges !== undefined && payableYen !== undefined;
  const countNote = count ? (
    <span className="order-total__count" data-testid={`${testId}-count`}>
      {count}
    </span>
  ) : null;
  if (!quoted) {
    return (
      <p className="order-total">
        <span>
          {totalLabel} {countNote}
        </span>
        <span className="order-total__amount" data-testid={testId}>
          {format.yen(totalYen)}
        </span>
      </p>
    );
  }
  return (
    <>
      <dl className="order-charges" data-testid={`${testId}-charges`}>
        <div className="order-charges__row">
          <dt>
            {t("orders.charges.subtotal")} {countNote}
          </dt>
          <dd data-testid={`${testId}-subtotal`}>{format.yen(totalYen)}</dd>
        </div>
        {charges.map((charge, index) => (
          <div key={index} className="order-charges__row" data-testid={`${testId}-charge`} data-kind={charge.kind}>
            <dt>{charge.kind === "delivery_fee" ? t("orders.charges.deliveryFee") : charge.label}</dt>
            <dd>{chargeAmount(charge)}</dd>
          </div>
        ))}
      </dl>
      <p className="order-total">
        <span>{t("orders.charges.payable")}</span>
        <span className="order-total__amount" data-testid={testId}>
          {format.yen(payableYen)}
        </span>
      </p>
    </>
  );
}

/** "クレジットカード（VISA •••• 4242）", "Pay at the store"; the card's label never breaks inside. */
export function PaymentMethodText({ method }: { method: PaymentMethod }) {
  const { t } = useI18n();
  // "other" names the plural form in the catalogues, so that kind's words have their own key.
  const name = t(`orders.payment.${method.kind === "other" ? "otherMethod" : method.kind}`);
  return (
    <>
      {name}
      {method.label ? <span className="order-payment__label">{t("orders.payment.label", { label: method.label })}</span> : null}
    </>
  );
}
