import { useEffect, useRef, useState } from "react";
import type { CouponView, StaffCouponRedemptionResponse } from "../../../shared/api.ts";
import type { ErrorCode } from "../../../shared/errors.ts";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useI18n } from "../../lib/i18n.tsx";
import type { MessageKey } from "../../lib/messages.ts";
import { couponDeadline } from "../coupons/coupon-terms.tsx";
import { CouponVoidControl } from "./coupon-void.tsx";
import { useMemberCoupons, type useRedeemCoupon, useVoidCouponUse } from "./member-coupons.ts";
import type { StaffStore } from "./store-choice.ts";

const refusalMessages: Partial<Record<ErrorCode, MessageKey>> = {
  coupon_used: "staff.coupons.errors.couponUsed",
  coupon_expired: "staff.coupons.errors.couponExpired",
  coupon_wrong_store: "staff.coupons.errors.couponWrongStore",
  not_found: "staff.coupons.errors.scanExpired",
  member_unlinked: "staff.coupons.errors.memberUnlinked",
  forbidden: "staff.coupons.errors.forbidden",
  merchant_unavailable_coupon: "staff.coupons.errors.merchantUnavailable",
};

/** Why a use or its void failed, in the staff member's language; no answer at all is the network. */
function refusalKey(error: unknown): MessageKey {
  const key = error instanceof ApiError && error.code ? refusalMessages[error.code] : undefined;
  return key ?? "staff.coupons.errors.network";
}

/**
 * 「使えるクーポン」 after a scan: the member's coupons this store takes, each used after one
 * question, with what was done said back and 「取り消す」 while the scan's window is open.
 */
export function MemberCoupons({
  scanId,
  store,
  expired,
  redeem,
  showError,
  merchantDown = false,
}: {
  scanId: string;
  store: StaffStore | null;
  expired: boolean;
  /** The desk's redemption write: the desk weighs its failure against a points action's. */
  redeem: CouponRedeemer;
  /** False while the desk shows a newer failure of its own: one error on screen at a time. */
  showError: boolean;
  /** The scan was answered from the last known details: only the store system knows the coupons. */
  merchantDown?: boolean;
}) {
  const { t } = useI18n();
  return (
    <section className="panel staff-coupons" aria-labelledby="staff-coupons-title" data-testid="staff-coupons">
      <h3 id="staff-coupons-title" className="panel__title">
        <PhraseText>{t("staff.coupons.title")}</PhraseText>
      </h3>
      {merchantDown ? (
        <p className="form__note" data-testid="staff-coupons-unavailable">
          <PhraseText>{t("staff.coupons.unavailable")}</PhraseText>
        </p>
      ) : store ? (
        <CouponsAt scanId={scanId} storeId={store.storeId} expired={expired} redeem={redeem} showError={showError} />
      ) : (
        <p className="form__note">
          <PhraseText>{t("staff.store.required")}</PhraseText>
        </p>
      )}
    </section>
  );
}

export type CouponRedeemer = ReturnType<typeof useRedeemCoupon>;

function CouponsAt({
  scanId,
  storeId,
  expired,
  redeem,
  showError,
}: {
  scanId: string;
  storeId: string;
  expired: boolean;
  redeem: CouponRedeemer;
  showError: boolean;
}) {
  const { t } = useI18n();
  const coupons = useMemberCoupons(scanId, storeId);
  const voider = useVoidCouponUse(scanId);
  const [confirming, setConfirming] = useState<CouponView | null>(null);
  const question = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);

  const use = (coupon: CouponView) => {
    if (redeem.isPending || expired) return;
    voider.reset();
    redeem.send({ couponId: coupon.couponId, storeId });
  };
  const open = redeem.retry;

  return (
    <>
      <RedemptionResult
        result={redeem.result}
        expired={expired}
        voider={voider}
        onVoid={(redemptionId) => {
          if (!voider.isPending) voider.mutate({ redemptionId, storeId });
        }}
      />
      {redeem.error && showError ? (
        <div className="staff-action-error" data-testid="staff-coupon-error">
          <div className="notice notice--error" role="alert">
            <p>
              <PhraseText>{t(refusalKey(redeem.error))}</PhraseText>
            </p>
          </div>
          {open ? (
            <button
              type="button"
              className="button button--primary staff-button"
              data-testid="staff-coupon-retry"
              onClick={() => redeem.send(open)}
            >
              {t("staff.coupons.retry")}
            </button>
          ) : null}
        </div>
      ) : null}
      {confirming ? (
        <div className="staff-confirm" data-testid="staff-coupon-confirm">
          <h4 ref={question} tabIndex={-1} className="staff-confirm__what">
            {t("staff.coupons.question", { title: confirming.title })}
          </h4>
          <div className="staff-confirm__buttons">
            <button
              type="button"
              className="button button--secondary staff-button"
              data-testid="staff-coupon-back"
              onClick={() => setConfirming(null)}
            >
              {t("staff.coupons.back")}
            </button>
            <button
              type="button"
              className="button button--primary staff-button"
              data-testid="staff-coupon-confirm-send"
              onClick={() => {
                setConfirming(null);
                use(confirming);
              }}
            >
              {t("staff.coupons.confirm")}
            </button>
          </div>
        </div>
      ) : null}
      <div hidden={confirming !== null}>
        {coupons.isPending ? (
          <div data-testid="staff-coupons-loading">
            <p className="visually-hidden" role="status">
              {t("staff.coupons.loading")}
            </p>
            <div className="skeleton staff-today__skeleton" aria-hidden="true" />
          </div>
        ) : coupons.isError ? (
          <QueryErrorPanel error={coupons.error} onRetry={() => void coupons.refetch()} />
        ) : coupons.data.coupons.length === 0 ? (
          <p className="form__note" data-testid="staff-coupons-empty">
            <PhraseText>{t("staff.coupons.empty")}</PhraseText>
          </p>
        ) : (
          <ul className="staff-coupons__list" data-testid="staff-coupons-list">
            {coupons.data.coupons.map((coupon) => (
              <CouponRow
                key={coupon.couponId}
                coupon={coupon}
                busy={redeem.isPending || expired}
                pending={redeem.pendingRequest?.couponId === coupon.couponId}
                onUse={() => {
                  if (!redeem.isPending && !expired) setConfirming(coupon);
                }}
              />
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

function CouponRow({ coupon, busy, pending, onUse }: { coupon: CouponView; busy: boolean; pending: boolean; onUse: () => void }) {
  const { t, format, plural } = useI18n();
  return (
    <li className="staff-coupons__item" data-testid="staff-coupon" data-coupon-id={coupon.couponId}>
      <p className="staff-coupons__title" data-testid="staff-coupon-title">
        {coupon.title}
      </p>
      <p className="staff-coupons__benefit" data-testid="staff-coupon-benefit">
        {benefitText(coupon.benefit, t, format)}
      </p>
      <p className="staff-coupons__terms" data-testid="staff-coupon-terms">
        {t("staff.coupons.validUntil", { when: couponDeadline(format, coupon.validUntil) })}
        {" ・ "}
        {plural("staff.coupons.usesLeft", coupon.usesLeft)}
      </p>
      <button
        type="button"
        className="button button--primary staff-button"
        aria-disabled={busy || undefined}
        aria-label={`${t("staff.coupons.use")}: ${coupon.title}`}
        data-testid="staff-coupon-use"
        onClick={onUse}
      >
        {pending ? t("staff.coupons.pending") : t("staff.coupons.use")}
      </button>
    </li>
  );
}

function benefitText(
  benefit: CouponView["benefit"],
  t: ReturnType<typeof useI18n>["t"],
  format: ReturnType<typeof useI18n>["format"],
): string {
  switch (benefit.type) {
    case "amount_off":
      return t("staff.coupons.benefit.amount_off", { amount: format.yen(benefit.yen) });
    case "percent_off":
      return t("staff.coupons.benefit.percent_off", { percent: format.number(benefit.percent) });
    case "free_item":
      return t("staff.coupons.benefit.free_item", { item: benefit.item });
  }
}

/** What the last use did, in the coupon's own words, and its 「取り消す」 while the window is open. */
function RedemptionResult({
  result,
  expired,
  voider,
  onVoid,
}: {
  result: StaffCouponRedemptionResponse | null;
  expired: boolean;
  voider: ReturnType<typeof useVoidCouponUse>;
  onVoid: (redemptionId: string) => void;
}) {
  const { t, plural } = useI18n();
  const notice = useRef<HTMLDivElement>(null);
  const voided = result && voider.data?.redemptionId === result.redemptionId ? voider.data : null;

  useEffect(() => {
    if (result) notice.current?.focus();
  }, [result, voided]);

  // The use's void window is the scan's: `expired` closes both.
  const open = !expired && result !== null;
  return (
    <div className="staff-live">
      <div role="status">
        {result ? (
          <div ref={notice} tabIndex={-1} className="notice notice--success staff-result" data-testid="staff-coupon-result">
            <p>
              {voided
                ? t("staff.coupons.voided", { title: result.coupon.title })
                : result.coupon.usesLeft > 0
                  ? `${t("staff.coupons.used", { title: result.coupon.title })} ${plural("staff.coupons.usesLeft", result.coupon.usesLeft)}`
                  : t("staff.coupons.used", { title: result.coupon.title })}
            </p>
          </div>
        ) : null}
      </div>
      {result && !voided && open ? (
        <CouponVoidControl
          key={result.redemptionId}
          redemption={result}
          busy={voider.isPending}
          onVoid={() => onVoid(result.redemptionId)}
        />
      ) : null}
      {result && voider.isError ? (
        <div className="notice notice--error" role="alert" data-testid="staff-coupon-void-error">
          <p>
            <PhraseText>{t(refusalKey(voider.error))}</PhraseText>
          </p>
        </div>
      ) : null}
    </div>
  );
}
