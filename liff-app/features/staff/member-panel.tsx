import { useEffect, useRef } from "react";
import { rankName } from "../../lib/brand.ts";
import { useI18n } from "../../lib/i18n.tsx";
import type { CardScan } from "./scan-member-card.ts";
import { formatMinutesSeconds } from "./seconds-left.ts";

/**
 * Who the customer is, their balance and how long the scan stays actionable. It comes into view
 * below the sticky header as soon as the card is read, and takes the focus for screen readers.
 */
export function MemberPanel({
  member,
  secondsLeft,
  memberAsOf,
}: {
  member: CardScan["member"];
  secondsLeft: number;
  /** Set when the BFF answered from its last known copy because the store system is down. */
  memberAsOf?: string | undefined;
}) {
  const { t, formatNumber, language, format } = useI18n();
  const panel = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    // scroll-margin-top keeps the panel clear of the sticky header.
    panel.current?.scrollIntoView?.({ block: "start" });
    heading.current?.focus({ preventScroll: true });
  }, []);

  return (
    <section ref={panel} className="panel staff-member" aria-labelledby="staff-member-title" data-testid="staff-member-panel">
      <p className="panel__subtitle">{t("staff.member.title")}</p>
      <div className="staff-member__head">
        <h2 id="staff-member-title" ref={heading} tabIndex={-1} className="staff-member__name" data-testid="staff-member-name">
          {t("staff.member.name", { name: member.name })}
        </h2>
        <span className="staff-rank" data-testid="staff-member-rank">
          <span className="visually-hidden">{t("staff.member.rank")} </span>
          {rankName(member.rank, language)}
        </span>
      </div>
      {memberAsOf ? (
        <p className="staff-member__snapshot" role="status" data-testid="staff-member-snapshot">
          {t("staff.member.snapshot", { time: format.dateTime(memberAsOf) })}
        </p>
      ) : null}
      <dl className="facts staff-member__facts">
        <div className="facts__row">
          <dt>{t("staff.member.number")}</dt>
          <dd data-testid="staff-member-number">{member.memberNumber}</dd>
        </div>
        <div className="facts__row">
          <dt>{t("staff.member.balance")}</dt>
          <dd className="staff-member__balance" data-testid="staff-member-balance">
            {t("staff.member.points", { points: formatNumber(member.points.balance) })}
          </dd>
        </div>
      </dl>
      <p className="staff-member__time" data-testid="staff-time-left" data-seconds-left={secondsLeft}>
        {t("staff.member.timeLeft")}{" "}
        <span role="timer" className="staff-member__clock">
          {formatMinutesSeconds(secondsLeft)}
        </span>
      </p>
    </section>
  );
}
