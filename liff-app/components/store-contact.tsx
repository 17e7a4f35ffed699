import { useId } from "react";
import { brand, storeDetails, storeName, telUri } from "../lib/brand.ts";
import { useI18n } from "../lib/i18n.tsx";
import "./store-contact.css";

/**
 * The store's phone one tap away, from the brand config; the shop's own number when no store is
 * given or the config does not describe it, nothing when there is neither.
 */
export function StorePhoneLink({ storeId }: { storeId?: string }) {
  const { t, language } = useI18n();
  const store = storeId === undefined ? null : storeDetails(storeId);
  const phone = store?.phone ?? brand.contact.phone;
  if (!phone) return null;
  const name = store ? store.name[language] : brand.shopName[language];
  return (
    <a className="button button--secondary button--block store-phone" href={telUri(phone)} data-testid="store-phone">
      <span>{t("storeContact.call", { store: name })}</span>
      <span className="store-phone__number">{phone}</span>
    </a>
  );
}

/**
 * A store's address, hours, map and phone (the brand config's details; the merchant's address
 * when the config lacks the store), under the store's name.
 */
export function StoreContactPanel({
  storeId,
  merchantName,
  merchantAddress = null,
  withPhone = true,
}: {
  storeId: string;
  merchantName: string;
  merchantAddress?: string | null;
  /** False where the screen already offers the call next to what it says. */
  withPhone?: boolean;
}) {
  const { t, language } = useI18n();
  const id = useId();
  const store = storeDetails(storeId);
  const address = store?.address[language] ?? merchantAddress;
  return (
    <section className="panel store-contact" aria-labelledby={id} data-testid="store-contact">
      <h2 id={id} className="panel__title">
        {storeName(storeId, merchantName, language)}
      </h2>
      <dl className="facts">
        {address ? (
          <div className="facts__row">
            <dt>{t("storeContact.address")}</dt>
            <dd>{address}</dd>
          </div>
        ) : null}
        {store ? (
          <div className="facts__row">
            <dt>{t("storeContact.hours")}</dt>
            <dd>{store.hours[language]}</dd>
          </div>
        ) : null}
      </dl>
      {store ? (
        <a className="store-contact__map" href={store.mapUrl} target="_blank" rel="noopener noreferrer" data-testid="store-map">
          {t("storeContact.map")}
        </a>
      ) : null}
      {withPhone ? <StorePhoneLink storeId={storeId} /> : null}
    </section>
  );
}
