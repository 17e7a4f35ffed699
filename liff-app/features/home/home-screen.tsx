import type { MeResponse } from "../../../shared/api.ts";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { useMe } from "../../lib/me.ts";
import { HomeSkeleton } from "./home-skeleton.tsx";
import { LinkBenefits } from "./link-benefits.tsx";
import { LinkStatus } from "./link-status.tsx";
import { MemberCard } from "./member-card.tsx";
import { ProfileAvatar } from "./profile-avatar.tsx";
import { StaffPanel } from "./staff-panel.tsx";

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
