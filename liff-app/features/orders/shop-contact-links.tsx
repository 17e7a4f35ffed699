import { PhraseText } from "../../components/phrase-text.tsx";
import { brand } from "../../lib/brand.ts";
import { useI18n } from "../../lib/i18n.tsx";

/** The shop's phone (one tap) and contact form from the brand config, with its hours. */
export function ShopContactLinks() {
  const { t, language } = useI18n();
  const { phone, url, hours } = brand.contact;
  return (
    <div className="shop-contact" data-testid="order-shop-contact">
      <p className="shop-contact__title">
        <PhraseText>{t("orders.contact.title")}</PhraseText>
      </p>
      {phone ? (
        <a className="button button--secondary button--block" href={`tel:${phone.replaceAll("-", "")}`}>
          {t("orders.contact.phone")} {phone}
        </a>
      ) : null}
      {url ? (
        <a className="button button--secondary button--block" href={url} target="_blank" rel="noopener noreferrer">
          {t("orders.contact.form")}
        </a>
      ) : null}
      <p className="shop-contact__hours">{hours[language]}</p>
    </div>
  );
}
