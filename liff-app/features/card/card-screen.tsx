import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { FlashNoticeBanner } from "../../components/flash-notice.tsx";
import { HomeLink } from "../../components/home-link.tsx";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import { MemberCard } from "../../components/member-card.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { cardMessages } from "../../lib/messages-card.ts";
import { memberCardQueryOptions } from "./card-queries.ts";
import "./card.css";
import { LiveCardCode } from "./live-card-code.tsx";

addMessages(cardMessages);

/**
 * /card: the screen staff wait on at the register. One request brings the member and a fresh
 * code, so the QR shows after a single round trip; an unlinked account gets the way to link.
 */
export function CardScreen() {
  const { t } = useI18n();
  const card = useQuery(memberCardQueryOptions(useApiClient(), useMemberScope()));
  const unlinked = card.error instanceof ApiError && card.error.code === "not_linked";

  return (
    <section className="screen" aria-labelledby="card-title" aria-busy={card.isPending} data-testid="card-screen">
      <HomeLink />
      <h1 id="card-title" className="screen__title">
        {t("card.title")}
      </h1>
      <FlashNoticeBanner />
      <p className="visually-hidden" role="status">
        {card.isPending ? t("card.loading") : ""}
      </p>
      {card.isPending ? (
        <div aria-hidden="true" data-testid="card-skeleton">
          <div className="live-code live-code--loading skeleton" />
        </div>
      ) : card.data ? (
        <>
          <LiveCardCode />
          <MemberCard member={card.data.member} />
          <Link to="/settings" className="button button--secondary button--block" data-testid="card-settings-link">
            {t("card.settings")}
          </Link>
        </>
      ) : unlinked ? (
        <div className="panel" data-testid="card-unlinked">
          <p>{t("card.unlinked")}</p>
          <LinkCallToAction />
        </div>
      ) : (
        <QueryErrorPanel error={card.error} onRetry={() => void card.refetch()} />
      )}
    </section>
  );
}
