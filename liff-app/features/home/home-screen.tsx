import { lazy, Suspense } from "react";
import { Link } from "react-router";
import type { MeResponse } from "../../../shared/api.ts";
import { FlashNoticeBanner } from "../../components/flash-notice.tsx";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import { MemberCard } from "../../components/member-card.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { useMe } from "../../lib/me.ts";
import "./home-screen.css";
import { HomeSkeleton } from "./home-skeleton.tsx";
import { LinkBenefits } from "./link-benefits.tsx";
import { LinkStatus } from "./link-status.tsx";
import { ProfileAvatar } from "./profile-avatar.tsx";
import { StaffPanel } from "./staff-panel.tsx";

// The "now" blocks (and their strings) load after the first screen: the member card and the
// menu come first, and the first screen's JavaScript stays small.
const HomeNow = lazy(async () => ({ default: (await import("./home-now.tsx")).HomeNow }));

export function HomeScreen() {
  const { t } = useI18n();
  const me = useMe();

  return (
    <section className="screen" aria-labelledby="home-title" aria-busy={me.isPending}>
      <p className="visually-hidden" role="status">
        {me.isPending ? t("home.loadingTitle") : ""}
      </p>
      {me.isPending ? (
        <HomeSkeleton titleId="home-title" />
      ) : me.isError ? (
        <>
          <h1 id="home-title" className="screen__title">
            <PhraseText>{t("home.errorTitle")}</PhraseText>
          </h1>
          <QueryErrorPanel error={me.error} onRetry={() => void me.refetch()} />
        </>
      ) : (
        <HomeContent me={me.data} />
      )}
    </section>
  );
}

function HomeContent({ me }: { me: MeResponse }) {
  const { t } = useI18n();
  const { displayName, pictureUrl } = me.profile;
  return (
    <>
      <div className="greeting">
        <ProfileAvatar pictureUrl={pictureUrl} />
        <h1 id="home-title" className="screen__title">
          {displayName ? t("home.greeting", { name: displayName }) : t("home.greetingNameless")}
        </h1>
      </div>
      <FlashNoticeBanner />
      {/* Staff open home to get to the register screen: their way there comes first. */}
      {me.staff ? <StaffPanel staff={me.staff} /> : null}
      <LinkStatus linked={me.link.status === "linked"} />
      {me.link.status === "linked" ? (
        <>
          <MemberCard member={me.link.member} />
          <Suspense fallback={<HomeNowSkeleton />}>
            <HomeNow member={me.link.member} />
          </Suspense>
          <MemberMenu />
        </>
      ) : (
        <>
          <LinkBenefits />
          <LinkCallToAction />
        </>
      )}
    </>
  );
}

function MemberMenu() {
  const { t } = useI18n();
  return (
    <nav className="member-menu" aria-label={t("home.memberMenu.label")} data-testid="member-menu">
      <Link to="/card" className="button button--primary" data-testid="card-link">
        {t("home.memberMenu.card")}
      </Link>
      <Link to="/points" className="button button--secondary" data-testid="points-link">
        {t("home.memberMenu.points")}
      </Link>
      <Link to="/orders" className="button button--secondary" data-testid="orders-link">
        {t("home.memberMenu.orders")}
      </Link>
      <Link to="/reservations" className="button button--secondary" data-testid="reservations-link">
        {t("home.memberMenu.reservations")}
      </Link>
      <Link to="/coupons" className="button button--secondary" data-testid="coupons-link">
        {t("home.memberMenu.coupons")}
      </Link>
      <Link to="/settings" className="button button--secondary" data-testid="settings-link">
        {t("home.memberMenu.settings")}
      </Link>
    </nav>
  );
}

/** The "now" blocks' shapes while their code arrives. */
function HomeNowSkeleton() {
  return (
    <div className="home-now-skeleton" aria-hidden="true" data-testid="home-now-skeleton">
      <span className="panel skeleton" />
      <span className="panel skeleton" />
    </div>
  );
}
