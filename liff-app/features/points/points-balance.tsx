import { useQuery } from "@tanstack/react-query";
import type { PointsResponse } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { useI18n } from "../../lib/i18n.tsx";
import { pointsQueryOptions } from "./points-queries.ts";

/** The balance and the points that expire within 60 days, soonest first. */
export function PointsBalance() {
  const { t } = useI18n();
  const points = useQuery(pointsQueryOptions(useApiClient(), useMemberScope()));

  return (
    <section className="panel points-balance" aria-labelledby="points-balance-title" data-testid="points-balance-panel">
      <h2 id="points-balance-title" className="panel__subtitle">
        <PhraseText>{t("points.balance.title")}</PhraseText>
      </h2>
      {points.isPending ? (
        <div className="points-balance__skeleton" aria-hidden="true" data-testid="points-balance-skeleton">
          <span className="skeleton skeleton--text points-balance__skeleton-value" />
          <span className="skeleton skeleton--text" />
          <span className="skeleton skeleton--text points-balance__skeleton-line" />
        </div>
      ) : points.isError ? (
        <QueryErrorPanel error={points.error} onRetry={() => void points.refetch()} />
      ) : (
        <BalanceFacts points={points.data} />
      )}
    </section>
  );
}

function BalanceFacts({ points }: { points: PointsResponse }) {
  const { t, formatNumber, format } = useI18n();
  return (
    <>
      <p className="points-balance__value" data-testid="points-balance-amount">
        {t("points.balance.value", { points: formatNumber(points.balance) })}
      </p>
      <p className="points-balance__note">
        <PhraseText>{t("points.balance.combined")}</PhraseText>
      </p>
      <div className="points-expiring" data-testid="points-expiring">
        <h3 className="points-expiring__title">
          <PhraseText>{t("points.expiring.title")}</PhraseText>
        </h3>
        {points.expiringSoon.length === 0 ? (
          <p className="points-expiring__none">
            <PhraseText>{t("points.expiring.none")}</PhraseText>
          </p>
        ) : (
          <ul className="points-expiring__list">
            {points.expiringSoon.map((entry) => (
              <li key={entry.expiresOn} className="points-expiring__entry" data-testid="points-expiring-entry">
                <span className="points-expiring__points">
                  {t("points.expiring.points", { points: formatNumber(entry.points) })}
                </span>
                <time dateTime={entry.expiresOn}>{t("points.expiring.on", { date: format.date(entry.expiresOn) })}</time>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
