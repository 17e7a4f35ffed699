import { useId } from "react";
import type { LinkStatus } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { rankName } from "../../lib/brand.ts";
import { useI18n } from "../../lib/i18n.tsx";

type Rank = Extract<LinkStatus, { status: "linked" }>["member"]["rank"];

/**
 * What the member's rank gives (「ポイント3倍」「誕生月クーポン」), as the shop words it: shown as
 * is in both languages. Nothing when the merchant names no benefits.
 */
export function RankBenefits({ rank }: { rank: Rank }) {
  const { t, language } = useI18n();
  const id = useId();
  const benefits = rank.benefits?.filter((benefit) => benefit.trim() !== "") ?? [];
  if (benefits.length === 0) return null;
  return (
    <section className="panel home-now__block" aria-labelledby={`${id}-title`} data-testid="rank-benefits">
      <h2 id={`${id}-title`} className="panel__subtitle">
        <PhraseText>{t("homeNow.rank.benefitsTitle", { rank: rankName(rank, language) })}</PhraseText>
      </h2>
      <ul className="rank-benefits" aria-labelledby={`${id}-title`}>
        {benefits.map((benefit, index) => (
          <li key={`${index}-${benefit}`} className="rank-benefits__item">
            {benefit}
          </li>
        ))}
      </ul>
    </section>
  );
}
