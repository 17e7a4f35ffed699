import { Link } from "react-router";
import type { CouponView } from "../../../shared/api.ts";
import { useI18n } from "../../lib/i18n.tsx";
import { CouponStores, CouponValidity, useBenefitText } from "./coupon-terms.tsx";

const couponPath = (couponId: string) => `/coupons/${encodeURIComponent(couponId)}`;

/** One coupon in the wallet: what it is and gives, until when, where; it opens the coupon full screen. */
export function CouponCard({ coupon }: { coupon: CouponView }) {
  const { t, plural } = useI18n();
  const benefit = useBenefitText(coupon.benefit);
  const inactive = coupon.status !== "available";
  return (
    <li>
      <Link
        to={couponPath(coupon.couponId)}
        className={`coupon-card${inactive ? " coupon-card--inactive" : ""}`}
        data-testid="coupon-card"
        data-coupon-id={coupon.couponId}
      >
        <span className="coupon-card__kind">{t(`coupons.kinds.${coupon.kind}`)}</span>
        <span className="coupon-card__title">{coupon.title}</span>
        <span className="coupon-card__benefit" data-testid="coupon-benefit">
          {benefit}
        </span>
        {coupon.conditions ? <span className="coupon-card__meta">{coupon.conditions}</span> : null}
        <span className="coupon-card__meta">
          <CouponValidity coupon={coupon} />
          {coupon.status === "available" && coupon.usesAllowed > 1 ? (
            <> ・ {plural("coupons.usesLeft", coupon.usesLeft)}</>
          ) : null}
        </span>
        <span className="coupon-card__meta">
          {t("coupons.stores")}: <CouponStores coupon={coupon} />
        </span>
      </Link>
    </li>
  );
}
