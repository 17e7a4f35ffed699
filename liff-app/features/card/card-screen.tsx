import { Link } from "react-router";
import { FlashNoticeBanner } from "../../components/flash-notice.tsx";
import { HomeLink } from "../../components/home-link.tsx";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import { MemberCard } from "../../components/member-card.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { useMe } from "../../lib/me.ts";

/** /card: the member card; for an unlinked account, the way to link one. */
export function CardScreen() {
  const { t } = useI18n();
  const me = useMe();

  return (
    <section className="screen" aria-labelledby="card-title" aria-busy={me.isPending} data-testid="card-screen">
      <HomeLink />
      <h1 id="card-title" className="screen__title">
        {t("card.title")}
      </h1>
      <FlashNoticeBanner />
      <p className="visually-hidden" role="status">
        {me.isPending ? t("card.loading") : ""}
      </p>
      {me.isPending ? (
        <div className="home-panel skeleton" aria-hidden="true" data-testid="card-skeleton" />
      ) : me.isError ? (
        <QueryErrorPanel error={me.error} onRetry={() => void me.refetch()} />
      ) : me.data.link.status === "linked" ? (
        <>
          <MemberCard member={me.data.link.member} />
          <Link to="/settings" className="button button--secondary button--block" data-testid="card-settings-link">
            {t("card.settings")}
          </Link>
        </>
      ) : (
        <div className="panel" data-testid="card-unlinked">
          <p>{t("card.unlinked")}</p>
          <LinkCallToAction />
        </div>
      )}
    </section>
  );
}
