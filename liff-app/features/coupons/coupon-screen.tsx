import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import type { CouponView } from "../../../shared/api.ts";
import { BackLink } from "../../components/back-link.tsx";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { couponsMessages } from "../../lib/messages-coupons.ts";
import { couponQueryOptions } from "./coupon-queries.ts";
import { CouponStores, CouponValidity, useBenefitText } from "./coupon-terms.tsx";
import "./coupons.css";

addMessages(couponsMessages);

/**
 * /coupons/:couponId: one coupon, full screen, to show at the register. In this version staff
 * redeem it after scanning the member card: the coupon itself carries no code.
 */
export function CouponScreen() {
  const { t } = useI18n();
  const { couponId = "" } = useParams();
  const coupon = useQuery(couponQueryOptions(useApiClient(), useMemberScope(), couponId));
  const code = coupon.error instanceof ApiError ? coupon.error.code : null;

  return (
    <section
      className="screen coupon-full"
      aria-labelledby="coupon-title"
      aria-busy={coupon.isPending}
      data-testid="coupon-screen"
    >
      <BackLink to="/coupons" label={t("coupons.detail.back")} testId="coupon-back-link" />
      <p className="visually-hidden" role="status">
        {coupon.isPending ? t("coupons.detail.loading") : ""}
      </p>
      {coupon.data ? (
        <CouponDetail coupon={coupon.data} />
      ) : (
        <>
          <h1 id="coupon-title" className="screen__title">
            {coupon.isPending ? <span className="skeleton skeleton--title" aria-hidden="true" /> : t("coupons.title")}
          </h1>
          {coupon.isPending ? (
            <div className="coupon-card coupon-card--skeleton skeleton" aria-hidden="true" data-testid="coupon-skeleton" />
          ) : code === "not_linked" ? (
            <div className="panel" data-testid="coupon-unlinked">
              <p>{t("coupons.unlinked")}</p>
              <LinkCallToAction />
            </div>
          ) : code === "not_found" ? (
            <p className="panel" data-testid="coupon-not-found">
              {t("coupons.detail.notFound")}
            </p>
          ) : (
            <QueryErrorPanel error={coupon.error} onRetry={() => void coupon.refetch()} />
          )}
        </>
      )}
    </section>
  );
}

function CouponDetail({ coupon }: { coupon: CouponView }) {
  const { t, plural } = useI18n();
  const benefit = useBenefitText(coupon.benefit);
  return (
    <div className={`coupon-ticket${coupon.status === "available" ? "" : " coupon-ticket--inactive"}`}>
      <p className="coupon-card__kind">{t(`coupons.kinds.${coupon.kind}`)}</p>
      <h1 id="coupon-title" className="coupon-ticket__title">
        {coupon.title}
      </h1>
      <p className="coupon-ticket__benefit" data-testid="coupon-benefit">
        {benefit}
      </p>
      <dl className="coupon-ticket__terms">
        <div>
          <dt>{t("coupons.validity")}</dt>
          <dd>
            <CouponValidity coupon={coupon} />
            {coupon.status === "available" && coupon.usesAllowed > 1 ? (
              <> ・ {plural("coupons.usesLeft", coupon.usesLeft)}</>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t("coupons.stores")}</dt>
          <dd>
            <CouponStores coupon={coupon} />
          </dd>
        </div>
        {coupon.conditions ? (
          <div>
            <dt>{t("coupons.conditions")}</dt>
            <dd>{coupon.conditions}</dd>
          </div>
        ) : null}
      </dl>
      {coupon.status === "available" ? (
        <>
          <p className="coupon-ticket__how" data-testid="coupon-how-to-use">
            {t("coupons.detail.howToUse")}
          </p>
          <Link to="/card" className="button button--primary button--block" data-testid="coupon-show-card">
            {t("coupons.detail.showCard")}
          </Link>
        </>
      ) : (
        <p className="notice" data-testid="coupon-inactive-notice">
          {coupon.status === "used" ? t("coupons.detail.usedNotice") : t("coupons.detail.expiredNotice")}
        </p>
      )}
    </div>
  );
}
