import type { UseQueryResult } from "@tanstack/react-query";
import { useId } from "react";
import { Link } from "react-router";
import type { PointsResponse } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { NowBlockSkeleton } from "./now-block-skeleton.tsx";

/** The points that expire first and the day they last, when any expire within 60 days. */
export function ExpiringPoints({ query }: { query: UseQueryResult<PointsResponse["expiringSoon"]> }) {
  const { t, format } = useI18n();
  const id = useId();
  if (query.isPending) return <NowBlockSkeleton testId="expiring-points-skeleton" />;
  const [first, ...later] = query.data ?? [];
  if (!first) return null;
  const laterPoints = later.reduce((sum, entry) => sum + entry.points, 0);
  return (
    <section className="panel home-now__block" aria-labelledby={id} data-testid="expiring-points">
      <h2 id={id} className="panel__subtitle">
        <PhraseText>{t("homeNow.expiring.title")}</PhraseText>
      </h2>
      <p className="home-now__row">
        <span className="home-now__lead" data-testid="expiring-points-amount">
          {t("homeNow.expiring.points", { points: format.number(first.points) })}
        </span>
        <span className="home-now__meta" data-testid="expiring-points-date">
          {t("homeNow.expiring.on", { date: format.date(first.expiresOn) })}
        </span>
      </p>
      {laterPoints > 0 ? (
        <p className="home-now__meta">
          <PhraseText>{t("homeNow.expiring.more", { points: format.number(laterPoints) })}</PhraseText>
        </p>
      ) : null}
      <Link to="/points" className="home-now__action">
        {t("homeNow.expiring.open")}
      </Link>
    </section>
  );
}
