import { useId } from "react";
import type { OrderDetailResponse } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { useI18n } from "../../lib/i18n.tsx";

/** Delivery (address, and carrier, tracking number and the carrier's page once shipped) or pickup (the store). */
export function OrderFulfilment({ fulfilment }: { fulfilment: OrderDetailResponse["fulfilment"] }) {
  const { t } = useI18n();
  const titleId = useId();
  return (
    <section
      className="panel order-fulfilment"
      aria-labelledby={titleId}
      data-testid="order-fulfilment"
      data-fulfilment={fulfilment.type}
    >
      <h2 id={titleId} className="panel__title">
        <PhraseText>{t("orders.detail.fulfilmentTitle")}</PhraseText>
      </h2>
      <p className="order-fulfilment__type">{t(`orders.fulfilment.${fulfilment.type}`)}</p>
      {fulfilment.type === "delivery" ? (
        <dl className="facts">
          <div className="facts__row">
            <dt>{t("orders.detail.address")}</dt>
            <dd data-testid="order-address">{fulfilment.address ?? t("orders.detail.addressOnFile")}</dd>
          </div>
          {fulfilment.carrier ? (
            <div className="facts__row">
              <dt>{t("orders.detail.carrier")}</dt>
              <dd data-testid="order-carrier">{fulfilment.carrier}</dd>
            </div>
          ) : null}
          {fulfilment.trackingNumber ? (
            <div className="facts__row">
              <dt>{t("orders.detail.trackingNumber")}</dt>
              <dd className="order-fulfilment__tracking" data-testid="order-tracking-number">
                {fulfilment.trackingNumber}
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {fulfilment.type === "delivery" && fulfilment.trackingUrl ? (
        // A normal link, as the app's other outside pages: LINE opens it in its in-app browser.
        <a
          className="button button--secondary button--block order-fulfilment__track"
          href={fulfilment.trackingUrl}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="order-tracking-link"
        >
          {t("orders.detail.track")}
          <span className="visually-hidden">{t("orders.detail.opensElsewhere")}</span>
        </a>
      ) : null}
      {fulfilment.type === "delivery" ? null : (
        <dl className="facts">
          <div className="facts__row">
            <dt>{t("orders.detail.store")}</dt>
            <dd data-testid="order-pickup-store">{fulfilment.storeName}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
