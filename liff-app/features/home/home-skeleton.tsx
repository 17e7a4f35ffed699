import { useI18n } from "../../lib/i18n.tsx";

/** The loaded screen's shapes at their final sizes, so nothing jumps when the data arrives. */
export function HomeSkeleton({ titleId }: { titleId: string }) {
  const { t } = useI18n();
  return (
    <div className="home-skeleton" data-testid="home-skeleton">
      <div className="greeting">
        <span className="avatar skeleton" aria-hidden="true" />
        <h1 id={titleId} className="screen__title">
          <span className="skeleton skeleton--text skeleton--title" aria-hidden="true" />
          <span className="visually-hidden">{t("app.loading")}</span>
        </h1>
      </div>
      <div className="link-status skeleton" aria-hidden="true" />
      <div className="home-panel skeleton" aria-hidden="true" />
      <span className="skeleton skeleton--button" aria-hidden="true" />
    </div>
  );
}
