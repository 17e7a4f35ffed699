import type { ReorderPreviewResponse } from "../../../shared/api.ts";
import { useI18n } from "../../lib/i18n.tsx";
import { PaymentMethodText } from "./order-charges.tsx";

/** How the order would come and be paid for, as the merchant's preview says. */
export function ReorderDetails({
  preview,
  pickupStoreName,
}: {
  preview: ReorderPreviewResponse;
  pickupStoreName: string | null;
}) {
  const { t, format } = useI18n();
  const delivery = preview.fulfilment.type === "delivery";
  const storeName = preview.pickupStoreName ?? pickupStoreName;
  return (
    <section className="panel" aria-labelledby="reorder-fulfilment-title" data-testid="reorder-details">
      <h2 id="reorder-fulfilment-title" className="panel__title">
        {delivery ? t("orders.reorder.deliveryDetails") : t("orders.reorder.pickupDetails")}
      </h2>
      <p className="order-fulfilment__type" data-testid="reorder-fulfilment" data-fulfilment={preview.fulfilment.type}>
        {delivery
          ? t("orders.fulfilment.delivery")
          : storeName
            ? t("orders.reorder.pickupAt", { store: storeName })
            : t("orders.reorder.pickupStore")}
      </p>
      <dl className="facts">
        {delivery ? (
          <div className="facts__row">
            <dt>{t("orders.detail.address")}</dt>
            <dd data-testid="reorder-address">{preview.deliveryAddress ?? t("orders.detail.addressOnFile")}</dd>
          </div>
        ) : null}
        {!delivery && preview.pickupReadyAt ? (
          <div className="facts__row">
            <dt>{t("orders.reorder.pickupReadyAt")}</dt>
            <dd>
              <time dateTime={preview.pickupReadyAt} data-testid="reorder-pickup-ready-at">
                {t("orders.reorder.pickupFrom", { time: format.dateTime(preview.pickupReadyAt) })}
              </time>
            </dd>
          </div>
        ) : null}
        {preview.paymentMethod ? (
          <div className="facts__row">
            <dt>{t("orders.payment.title")}</dt>
            <dd data-testid="reorder-payment">
              <PaymentMethodText method={preview.paymentMethod} />
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
