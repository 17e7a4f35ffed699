import { brand } from "../lib/brand.ts";
import { useI18n } from "../lib/i18n.tsx";

/** The shop's terms of use and privacy policy, wherever the customer gives their data. */
export function PolicyLinks() {
  const { t } = useI18n();
  return (
    <p className="policy-links" data-testid="policy-links">
      {t("policy.intro")}{" "}
      <a href={brand.links.termsOfUse} target="_blank" rel="noopener noreferrer">
        {t("policy.termsOfUse")}
      </a>
      {t("policy.separator")}
      <a href={brand.links.privacyPolicy} target="_blank" rel="noopener noreferrer">
        {t("policy.privacyPolicy")}
      </a>
    </p>
  );
}
