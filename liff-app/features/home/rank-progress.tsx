import { useId } from "react";
import type { LinkStatus } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { rankName } from "../../lib/brand.ts";
import { useI18n } from "../../lib/i18n.tsx";

type RankProgress = NonNullable<Extract<LinkStatus, { status: "linked" }>["member"]["rankProgress"]>;

/** 「あと¥3,200でゴールド（ポイント3倍）」: how far the member is from the next rank, as the merchant counts it. */
export function RankProgressBlock({ progress }: { progress: RankProgress }) {
  const { t, format, language } = useI18n();
  const id = useId();
  const rank = rankName(progress.nextRank, language);
  const amounts = { spent: format.yen(progress.spentYen), threshold: format.yen(progress.thresholdYen) };
  // The next rank's headline benefit, the shop's words: what the spend is for.
  const headline = progress.nextRank.benefits?.find((benefit) => benefit.trim() !== "");
  return (
    <section className="panel home-now__block" aria-labelledby={`${id}-title`} data-testid="rank-progress">
      <h2 id={`${id}-title`} className="panel__subtitle">
        <PhraseText>{t("homeNow.rank.title")}</PhraseText>
      </h2>
      <p id={`${id}-lead`} className="home-now__lead" data-testid="rank-progress-remaining">
        {progress.remainingYen === 0
          ? t("homeNow.rank.reached", { rank })
          : headline
            ? t("homeNow.rank.remainingWithBenefit", { amount: format.yen(progress.remainingYen), rank, benefit: headline })
            : t("homeNow.rank.remaining", { amount: format.yen(progress.remainingYen), rank })}
      </p>
      <progress
        className="rank-progress__bar"
        max={progress.thresholdYen}
        value={Math.min(progress.spentYen, progress.thresholdYen)}
        aria-labelledby={`${id}-lead`}
      />
      <p className="home-now__row home-now__meta">
        <span>
          {progress.periodEndsOn
            ? t("homeNow.rank.spentUntil", { date: format.date(progress.periodEndsOn) })
            : t("homeNow.rank.spent")}
        </span>
        <span className="home-now__amount" data-testid="rank-progress-amounts">
          {t("homeNow.rank.amounts", amounts)}
        </span>
      </p>
    </section>
  );
}
