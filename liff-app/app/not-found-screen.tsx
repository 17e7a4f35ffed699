import { Link } from "react-router";
import { useI18n } from "../lib/i18n.tsx";
import { PhraseText } from "../components/phrase-text.tsx";

export function NotFoundScreen() {
  const { t } = useI18n();
  return (
    <section className="screen" aria-labelledby="not-found-title">
      <h1 id="not-found-title" className="screen__title">
        <PhraseText>{t("notFound.title")}</PhraseText>
      </h1>
      <p>
        <PhraseText>{t("notFound.body")}</PhraseText>
      </p>
      <Link to="/" className="button button--primary">
        {t("notFound.home")}
      </Link>
    </section>
  );
}
