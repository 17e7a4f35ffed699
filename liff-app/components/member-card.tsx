import type { MeResponse } from "../../shared/api.ts";
import { rankName } from "../lib/brand.ts";
import { useI18n } from "../lib/i18n.tsx";

export type LinkedMember = Extract<MeResponse["link"], { status: "linked" }>["member"];

/**
 * The member's card: name, rank, points and the member number as text (home and /card). Its
 * colours follow the rank's design in the brand config (`data-rank` selects it).
 */
export function MemberCard({ member }: { member: LinkedMember }) {
  const { t, formatNumber, language } = useI18n();
  return (
    <section
      className="home-panel member-card"
      aria-labelledby="member-card-title"
      data-rank={member.rank.code}
      data-testid="member-card"
    >
      <div className="member-card__head">
        <h2 id="member-card-title" className="member-card__title">
          {t("memberCard.title")}
        </h2>
        <span className="rank-badge" data-testid="member-rank">
          <span className="visually-hidden">{t("memberCard.rank")} </span>
          {rankName(member.rank, language)}
        </span>
      </div>
      <p className="member-card__name" data-testid="member-name">
        {t("memberCard.memberName", { name: member.name })}
      </p>
      <dl className="member-card__facts">
        <div className="member-card__points">
          <dt>{t("memberCard.points")}</dt>
          <dd className="points" data-testid="points-balance">
            {t("memberCard.pointsValue", { points: formatNumber(member.points.balance) })}
          </dd>
        </div>
        <div className="member-card__number">
          <dt>{t("memberCard.memberNumber")}</dt>
          <dd data-testid="member-number">{member.memberNumber}</dd>
        </div>
      </dl>
    </section>
  );
}
