import type { CouponView } from "../../../shared/api.ts";
import { useI18n, type I18n } from "../../lib/i18n.tsx";

const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;

/**
 * When a coupon stops being valid, in Japan time. A coupon that runs to midnight reads as the
 * last day it is valid ("12月31日(木)まで"), not as 00:00 of the next day.
 */
export function couponDeadline(format: I18n["format"], validUntil: string): string {
  const instant = Date.parse(validUntil);
  const japan = new Date(instant + JAPAN_OFFSET_MS);
  if (japan.getUTCHours() === 0 && japan.getUTCMinutes() === 0) {
    const lastDay = new Date(instant + JAPAN_OFFSET_MS - 1).toISOString().slice(0, 10);
    return format.date(lastDay);
  }
  return format.dateTime(instant);
}

/** What the coupon gives, in the member's language ("¥50引き", "10% off", "Free: …"). */
export function useBenefitText(benefit: CouponView["benefit"]): string {
  const { t, format } = useI18n();
  switch (benefit.type) {
    case "amount_off":
      return t("coupons.benefit.amount_off", { amount: format.yen(benefit.yen) });
    case "percent_off":
      return t("coupons.benefit.percent_off", { percent: format.number(benefit.percent) });
    case "free_item":
      return t("coupons.benefit.free_item", { item: benefit.item });
  }
}

/** The one line that says how long it lasts, or when it was used or ran out. */
export function CouponValidity({ coupon }: { coupon: CouponView }) {
  const { t, format } = useI18n();
  if (coupon.status === "used" && coupon.lastUsedAt) {
    return <span data-testid="coupon-validity">{t("coupons.usedOn", { when: format.dateTime(coupon.lastUsedAt) })}</span>;
  }
  const when = couponDeadline(format, coupon.validUntil);
  return (
    <span data-testid="coupon-validity">
      {coupon.status === "expired" ? t("coupons.expiredOn", { when }) : t("coupons.validUntil", { when })}
    </span>
  );
}

/** Which stores take it: "全店舗" or the shop's store names. */
export function CouponStores({ coupon }: { coupon: CouponView }) {
  const { t } = useI18n();
  const names = coupon.everyStore ? t("coupons.everyStore") : coupon.stores.map((s) => s.name).join(t("coupons.storeSeparator"));
  return <span data-testid="coupon-stores">{names}</span>;
}
