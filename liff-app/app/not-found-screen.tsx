import { Link } from "react-router";
import { useI18n } from "../lib/i18n.tsx";

export function NotFoundScreen() {
  const { t } = useI18n();
  return (
    <section className="screen" aria-labelledby="not-found-title">
      <h1 id="not-found-title" className="screen__title">
        {t("notFound.title")}
      </h1>
      <p>{t("notFound.body")}</p>
      <Link to="/" className="button button--primary">
        {t("notFound.home")}
      </Link>
    </section>
  );
}
