import { PolicyLinks } from "../../components/policy-links.tsx";
import { brand } from "../../lib/brand.ts";
import { useI18n } from "../../lib/i18n.tsx";

/** How to reach the shop, from the brand config, with its policies. */
export function ShopContact() {
  const { t, language } = useI18n();
  const { phone, url, hours } = brand.contact;
  return (
    <section className="panel" aria-labelledby="settings-contact-title" data-testid="settings-contact">
      <h2 id="settings-contact-title" className="panel__title">
        {t("settings.contact.title", { shop: brand.shopName[language] })}
      </h2>
      {phone ? (
        <p>
          {t("settings.contact.phone")} <a href={`tel:${phone.replaceAll("-", "")}`}>{phone}</a>
        </p>
      ) : null}
      {url ? (
        <p>
          <a href={url} target="_blank" rel="noopener noreferrer">
            {t("settings.contact.form")}
          </a>
        </p>
      ) : null}
      <p className="panel__subtitle">{hours[language]}</p>
      <PolicyLinks />
    </section>
  );
}
