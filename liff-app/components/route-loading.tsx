import { useI18n } from "../lib/i18n.tsx";

/** While a lazily loaded screen's code arrives: the title's place, so the screen does not jump. */
export function RouteLoading() {
  const { t } = useI18n();
  return (
    <section className="screen" aria-busy="true" data-testid="route-loading">
      <span className="home-link skeleton skeleton--text skeleton--link" aria-hidden="true" />
      <h1 className="screen__title">
        <span className="skeleton skeleton--text skeleton--title" aria-hidden="true" />
        <span className="visually-hidden" role="status">
          {t("app.loading")}
        </span>
      </h1>
    </section>
  );
}
