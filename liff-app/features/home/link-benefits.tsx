import { PhraseText } from "../../components/phrase-text.tsx";
import { useI18n } from "../../lib/i18n.tsx";

/** Why linking helps, for an account that is not linked yet; the buttons into linking follow it. */
export function LinkBenefits() {
  const { t } = useI18n();
  return (
    <section className="home-panel link-benefits" aria-labelledby="link-benefits-title" data-testid="link-benefits">
      <h2 id="link-benefits-title" className="panel__title">
        <PhraseText>{t("home.linkBenefits.title")}</PhraseText>
      </h2>
      <p>
        <PhraseText>{t("home.linkBenefits.body")}</PhraseText>
      </p>
      <p>
        <PhraseText>{t("home.linkBenefits.bodyMore")}</PhraseText>
      </p>
    </section>
  );
}
