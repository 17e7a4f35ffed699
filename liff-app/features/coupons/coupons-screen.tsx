import { useQuery } from "@tanstack/react-query";
import { useId, type ReactNode } from "react";
import type { CouponView } from "../../../shared/api.ts";
import { HomeLink } from "../../components/home-link.tsx";
import { LinkCallToAction } from "../../components/link-call-to-action.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { couponsMessages } from "../../lib/messages-coupons.ts";
import { couponsQueryOptions, groupCoupons } from "./coupon-queries.ts";
import { CouponCard } from "./coupon-card.tsx";
import "./coupons.css";

addMessages(couponsMessages);

/** /coupons: the member's coupons, the ones to use first, then used and expired ones apart. */
export function CouponsScreen() {
  const { t } = useI18n();
  const coupons = useQuery(couponsQueryOptions(useApiClient(), useMemberScope()));
  const unlinked = coupons.error instanceof ApiError && coupons.error.code === "not_linked";

  return (
    <section className="screen" aria-labelledby="coupons-title" aria-busy={coupons.isPending} data-testid="coupons-screen">
      <HomeLink />
      <h1 id="coupons-title" className="screen__title">
        {t("coupons.title")}
      </h1>
      <p className="visually-hidden" role="status">
        {coupons.isPending ? t("coupons.loading") : ""}
      </p>
      {unlinked ? (
        <div className="panel" data-testid="coupons-unlinked">
          <p>{t("coupons.unlinked")}</p>
          <LinkCallToAction />
        </div>
      ) : coupons.isPending ? (
        <ul className="coupon-list" aria-hidden="true" data-testid="coupons-skeleton">
          {Array.from({ length: 3 }, (_, index) => (
            <li key={index} className="coupon-card coupon-card--skeleton skeleton" />
          ))}
        </ul>
      ) : !coupons.data ? (
        <QueryErrorPanel error={coupons.error} onRetry={() => void coupons.refetch()} />
      ) : coupons.data.coupons.length === 0 ? (
        <p className="panel" data-testid="coupons-empty">
          {t("coupons.empty")}
        </p>
      ) : (
        <CouponGroups coupons={coupons.data.coupons} />
      )}
    </section>
  );
}

function CouponGroups({ coupons }: { coupons: readonly CouponView[] }) {
  const { t } = useI18n();
  const { available, used, expired } = groupCoupons(coupons);
  return (
    <>
      <CouponGroup title={t("coupons.available")} coupons={available} testId="coupons-available">
        <p className="panel" data-testid="coupons-available-empty">
          {t("coupons.availableEmpty")}
        </p>
      </CouponGroup>
      {used.length > 0 ? <CouponGroup title={t("coupons.used")} coupons={used} testId="coupons-used" /> : null}
      {expired.length > 0 ? <CouponGroup title={t("coupons.expired")} coupons={expired} testId="coupons-expired" /> : null}
    </>
  );
}

function CouponGroup({
  title,
  coupons,
  testId,
  children,
}: {
  title: string;
  coupons: readonly CouponView[];
  testId: string;
  /** Shown when the group is empty. */
  children?: ReactNode;
}) {
  const id = useId();
  return (
    <section className="coupon-group" aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="panel__title">
        {title}
      </h2>
      {coupons.length === 0 ? (
        children
      ) : (
        <ul className="coupon-list">
          {coupons.map((coupon) => (
            <CouponCard key={coupon.couponId} coupon={coupon} />
          ))}
        </ul>
      )}
    </section>
  );
}
