import { useEffect, useRef, useState } from "react";
import type { StaffCouponRedemptionResponse } from "../../../shared/api.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { useI18n } from "../../lib/i18n.tsx";

/**
 * 「取り消す」 for a coupon use, asked once like a points void: which coupon and when, before
 * anything is sent. The question takes the focus; 「やめる」 leaves the use as it is.
 */
export function CouponVoidControl({
  redemption,
  busy,
  onVoid,
}: {
  redemption: StaffCouponRedemptionResponse;
  busy: boolean;
  onVoid: () => void;
}) {
  const { t, format } = useI18n();
  const [asking, setAsking] = useState(false);
  const ask = useRef<HTMLDivElement>(null);
  const question = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (!asking) return;
    ask.current?.scrollIntoView?.({ block: "nearest" });
    question.current?.focus({ preventScroll: true });
  }, [asking]);

  if (!asking) {
    return (
      <button
        type="button"
        className="button button--danger-outline staff-void-button"
        aria-disabled={busy || undefined}
        data-testid="staff-coupon-void"
        onClick={() => {
          if (!busy) setAsking(true);
        }}
      >
        {busy ? t("staff.coupons.voidPending") : t("staff.coupons.void")}
      </button>
    );
  }
  return (
    <div ref={ask} className="staff-void-ask" data-testid="staff-coupon-void-ask">
      <p ref={question} tabIndex={-1} className="staff-void-ask__question">
        <PhraseText>
          {t("staff.coupons.voidQuestion", { time: format.time(redemption.redeemedAt), title: redemption.coupon.title })}
        </PhraseText>
      </p>
      <div className="staff-void-ask__buttons">
        <button
          type="button"
          className="button button--secondary staff-button"
          data-testid="staff-coupon-void-keep"
          onClick={() => setAsking(false)}
        >
          {t("staff.coupons.voidKeep")}
        </button>
        <button
          type="button"
          className="button button--danger staff-button"
          data-testid="staff-coupon-void-confirm"
          onClick={() => {
            setAsking(false);
            onVoid();
          }}
        >
          {t("staff.coupons.voidConfirm")}
        </button>
      </div>
    </div>
  );
}
