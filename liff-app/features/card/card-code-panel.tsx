import type { CardActivity } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import type { CardMember } from "../../lib/last-known-card.ts";
import { MemberQr } from "./member-qr.tsx";

export interface CardCodeView {
  qr: string;
  typed: string;
  /** "used": a scan took it; "expired": its time is over. Either way it is dimmed, QR and digits. */
  state: "fresh" | "used" | "expired";
  /** How full the freshness bar is, 0 to 1. */
  freshness: number;
  /** The line under the code: the countdown, or why there is no new code. */
  hint: string;
  /** The way out of an expired code, where there is one (a server-issued code, online). */
  onRefresh?: () => void;
}

/**
 * The code staff scan, with the member's name and number above it so both show without
 * scrolling on a small phone, the 6-digit code for when the QR cannot be read, and what staff
 * just did. The same on the instant card (before LIFF is up) and on /card.
 */
export function CardCodePanel({
  code,
  member,
  activity,
}: {
  code: CardCodeView;
  member: CardMember;
  activity: CardActivity | null;
}) {
  const { t, formatNumber } = useI18n();
  const dimmed = code.state !== "fresh";
  return (
    <section className="live-code" aria-labelledby="live-code-title" data-testid="card-code" data-state={code.state}>
      <h2 id="live-code-title" className="live-code__title">
        <PhraseText>{t("cardLive.qrTitle")}</PhraseText>
      </h2>
      <p className="live-code__identity" data-testid="card-identity">
        <span className="live-code__identity-name">{t("memberCard.memberName", { name: member.name })}</span>
        <span className="live-code__identity-number">{t("cardLive.memberNumber", { number: member.memberNumber })}</span>
      </p>
      {/* What staff just did shows above the code, where the customer is looking. */}
      <div role="status" aria-live="polite" className="live-code__activity-slot">
        {activity ? (
          <p className="live-code__activity" data-testid="card-activity" data-kind={activity.kind}>
            {t(`cardLive.activity.${activity.kind}`, {
              store: activity.storeName ?? "",
              points: formatNumber(Math.abs(activity.points ?? 0)),
            })}
            {activity.balance !== null ? (
              <span className="live-code__activity-balance">
                {t("cardLive.activity.balance", { points: formatNumber(activity.balance) })}
              </span>
            ) : null}
          </p>
        ) : null}
      </div>
      <div className="live-code__qr">
        <MemberQr value={code.qr} dimmed={dimmed} label={t("cardLive.qrLabel", { number: member.memberNumber })} />
      </div>
      <p className="live-code__instructions">
        <PhraseText>{t("cardLive.instructions")}</PhraseText>
        <span className="live-code__brightness" data-testid="card-brightness-hint">
          <PhraseText>{t("cardLive.brightness")}</PhraseText>
        </span>
      </p>
      <p className="live-code__number">
        <span className="live-code__number-label">{t("cardLive.codeLabel")}</span>
        <span
          className={dimmed ? "live-code__digits live-code__digits--dimmed" : "live-code__digits"}
          data-testid="card-one-time-code"
          data-dimmed={dimmed}
        >
          {code.typed.slice(0, 3)} {code.typed.slice(3)}
        </span>
      </p>
      <div className="live-code__freshness" aria-hidden="true">
        <div className="live-code__bar" style={{ transform: `scaleX(${dimmed ? 0 : code.freshness})` }} />
      </div>
      {code.state === "fresh" ? (
        <p className="live-code__hint" data-testid="card-code-freshness">
          {code.hint}
        </p>
      ) : (
        <div className="live-code__expired" role="alert" data-testid="card-code-expired">
          <p>
            {code.state === "used" ? t("cardLive.used") : t("cardLive.expired")} {code.hint}
          </p>
          {code.onRefresh ? (
            <button type="button" className="button button--primary" onClick={code.onRefresh} data-testid="card-code-retry">
              {t("cardLive.refreshNow")}
            </button>
          ) : null}
        </div>
      )}
    </section>
  );
}
