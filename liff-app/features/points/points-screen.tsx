import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { HomeLink } from "../../components/home-link.tsx";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { sharedQueryFailure } from "../../components/shared-query-failure.ts";
import { ApiError } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { pointsMessages } from "../../lib/messages-points.ts";
import { PointHistory } from "./point-history.tsx";
import { PointsBalance } from "./points-balance.tsx";
import { pointHistoryQueryOptions, pointsQueryOptions } from "./points-queries.ts";
import "./points.css";

addMessages(pointsMessages);

/**
 * /points: the balance (store and online points are one), what expires soon, and the history.
 * The balance and the history load side by side and fail on their own, each with its retry;
 * when both fail the same way (the merchant is down), one panel stands for both.
 */
export function PointsScreen() {
  const { t } = useI18n();
  const api = useApiClient();
  const scope = useMemberScope();
  const points = useQuery(pointsQueryOptions(api, scope));
  const history = useInfiniteQuery(pointHistoryQueryOptions(api, scope));
  const bothFailed = sharedQueryFailure([
    { failed: points.isError, error: points.error, refetch: points.refetch },
    { failed: history.isError && !history.data, error: history.error, refetch: history.refetch },
  ]);
  const unlinked = points.error instanceof ApiError && points.error.code === "not_linked";

  return (
    <section className="screen" aria-labelledby="points-title" aria-busy={points.isPending} data-testid="points-screen">
      <HomeLink />
      <h1 id="points-title" className="screen__title">
        <PhraseText>{t("points.title")}</PhraseText>
      </h1>
      <p className="visually-hidden" role="status">
        {points.isPending ? t("points.loading") : ""}
      </p>
      {unlinked ? (
        <div className="panel" data-testid="points-unlinked">
          <p>
            <PhraseText>{t("points.unlinked")}</PhraseText>
          </p>
          <LinkCallToAction />
        </div>
      ) : bothFailed ? (
        <QueryErrorPanel error={bothFailed.error} onRetry={bothFailed.retry} />
      ) : (
        <>
          <PointsBalance />
          <PointHistory />
        </>
      )}
    </section>
  );
}
