import { useId } from "react";
import type { OrderDetailResponse } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { OrderCharges, PaymentMethodText } from "./order-charges.tsx";

/** An order's lines (name, price × quantity, line total), its charges and total, and how it is paid, as ordered. */
export function OrderItems({ order }: { order: OrderDetailResponse }) {
  const { t, format } = useI18n();
  const titleId = useId();
  return (
    <section className="panel order-items" aria-labelledby={titleId} data-testid="order-items">
      <h2 id={titleId} className="panel__title">
        <PhraseText>{t("orders.detail.items")}</PhraseText>
      </h2>
      <ul className="order-lines">
        {order.items.map((item) => (
          <li key={item.productId} className="order-line" data-testid="order-item" data-product-id={item.productId}>
            <span className="order-line__name">{item.name}</span>
            <span className="order-line__price">
              {t("orders.detail.unitPrice", { price: format.yen(item.unitPriceYen), quantity: item.quantity })}
            </span>
            <span className="order-line__total">{format.yen(item.lineTotalYen)}</span>
          </li>
        ))}
      </ul>
      <OrderCharges
        totalYen={order.totalYen}
        charges={order.charges}
        payableYen={order.payableYen}
        totalLabel={t("orders.detail.total")}
        testId="order-total"
      />
      {order.paymentMethod ? (
        <dl className="facts order-items__payment">
          <div className="facts__row">
            <dt>{t("orders.payment.title")}</dt>
            <dd data-testid="order-payment">
              <PaymentMethodText method={order.paymentMethod} />
            </dd>
          </div>
        </dl>
      ) : null}
    </section>
  );
}
