import { PhraseText } from "../../components/phrase-text.tsx";
import { PolicyLinks } from "../../components/policy-links.tsx";
import { StoreContactPanel, StorePhoneLink } from "../../components/store-contact.tsx";
import { brand } from "../../lib/brand.ts";
import { useI18n } from "../../lib/i18n.tsx";

/**
 * How to reach the shop (its hours, a one-tap call, the contact form and its policies), then each
 * store the brand config describes, with the same panel the reservation screens show.
 */
export function ShopContact() {
  const { t, language } = useI18n();
  const { url, hours } = brand.contact;
  return (
    <>
      <section className="panel" aria-labelledby="settings-contact-title" data-testid="settings-contact">
        <h2 id="settings-contact-title" className="panel__title">
          <PhraseText>{t("settings.contact.title", { shop: brand.shopName[language] })}</PhraseText>
        </h2>
        <p className="panel__subtitle">{hours[language]}</p>
        <StorePhoneLink />
        {url ? (
          <p>
            <a href={url} target="_blank" rel="noopener noreferrer">
              {t("settings.contact.form")}
            </a>
          </p>
        ) : null}
        <PolicyLinks />
      </section>
      {Object.entries(brand.stores).map(([storeId, store]) => (
        <StoreContactPanel key={storeId} storeId={storeId} merchantName={store.name[language]} />
      ))}
    </>
  );
}
