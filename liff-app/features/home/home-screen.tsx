import type { MeResponse } from "../../../shared/api";
import { QueryErrorPanel } from "../../components/query-error-panel";
import { useI18n } from "../../lib/i18n";
import { useMe } from "../../lib/me";
import { HomeSkeleton } from "./home-skeleton";
import { LinkBenefits } from "./link-benefits";
import { LinkStatus } from "./link-status";
import { MemberCard } from "./member-card";
import { ProfileAvatar } from "./profile-avatar";
import { StaffPanel } from "./staff-panel";

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
            {t("home.errorTitle")}
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
      <LinkStatus linked={me.link.status === "linked"} />
      {me.link.status === "linked" ? <MemberCard member={me.link.member} /> : <LinkBenefits />}
      {me.staff ? <StaffPanel staff={me.staff} /> : null}
    </>
  );
}
