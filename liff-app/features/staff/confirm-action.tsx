import { useEffect, useRef } from "react";
import { PhraseText } from "../../components/phrase-text.tsx";
import { useI18n } from "../../lib/i18n.tsx";
import { useAwardPreview } from "./award-preview.ts";
import type { CardScan } from "./scan-member-card.ts";

/** An amount staff entered, waiting for their one confirmation. */
export type AmountToConfirm = { kind: "award"; purchaseAmountYen: number } | { kind: "redeem"; points: number };

/**
 * The one question before points move: the amount, for whom, and what it does to the balance.
 * It appears above the forms (which stay, hidden, with what was typed), so the second tap of a
 * double tap on a form's button lands on no button of this question.
 */
export function ConfirmAction({
  amount,
  member,
  scanId,
  storeId,
  onConfirm,
  onBack,
}: {
  amount: AmountToConfirm;
  member: CardScan["member"];
  scanId: string;
  /** The store the award is for; null until one is chosen (no preview then). */
  storeId: string | null;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const { t, format, formatNumber } = useI18n();
  const title = useRef<HTMLHeadingElement>(null);
  // The merchant's own rule, when it can tell: 「¥1,200 のお買い上げで 36 pt」.
  const points = useAwardPreview(
    amount.kind === "award" && storeId ? { scanId, storeId, purchaseAmountYen: amount.purchaseAmountYen } : null,
  );

  useEffect(() => {
    title.current?.focus();
  }, []);

  const what =
    amount.kind === "award"
      ? points === null
        ? t("staff.confirm.award", { amount: format.yen(amount.purchaseAmountYen) })
        : t("staff.confirm.awardPoints", { amount: format.yen(amount.purchaseAmountYen), points: formatNumber(points) })
      : t("staff.confirm.redeem", {
          points: formatNumber(amount.points),
          after: formatNumber(member.points.balance - amount.points),
        });
  return (
    <section
      className="panel staff-confirm"
      aria-labelledby="staff-confirm-title"
      data-testid="staff-confirm"
      data-kind={amount.kind}
    >
      <h3 id="staff-confirm-title" ref={title} tabIndex={-1} className="panel__title">
        <PhraseText>{t("staff.confirm.title")}</PhraseText>
      </h3>
      <p className="staff-confirm__what" data-testid="staff-confirm-text">
        {what}
      </p>
      <p className="staff-confirm__member">
        {/* English ends the name with a space; Japanese needs none before its full-width bracket. */}
        {t("staff.confirm.member", { name: member.name })}
        <span className="staff-confirm__number">{t("staff.confirm.memberNumber", { number: member.memberNumber })}</span>
      </p>
      <div className="staff-confirm__buttons">
        <button type="button" className="button button--secondary staff-button" data-testid="staff-confirm-back" onClick={onBack}>
          {t("staff.confirm.back")}
        </button>
        <button
          type="button"
          className="button button--primary staff-button"
          data-testid="staff-confirm-send"
          onClick={onConfirm}
        >
          {amount.kind === "award" ? t("staff.confirm.sendAward") : t("staff.confirm.sendRedeem")}
        </button>
      </div>
    </section>
  );
}
