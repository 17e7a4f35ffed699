import { useId } from "react";
import type { OrderDetailResponse } from "../../../shared/api.ts";
import { useI18n } from "../../lib/i18n.tsx";

/** An order's lines (name, price × quantity, line total) and its total, as ordered. */
export function OrderItems({ order }: { order: OrderDetailResponse }) {
  const { t, format } = useI18n();
  const titleId = useId();
  return (
    <section className="panel order-items" aria-labelledby={titleId} data-testid="order-items">
      <h2 id={titleId} className="panel__title">
        {t("orders.detail.items")}
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
      <p className="order-total">
        <span>{t("orders.detail.total")}</span>
        <span className="order-total__amount" data-testid="order-total">
          {format.yen(order.totalYen)}
        </span>
      </p>
    </section>
  );
}
