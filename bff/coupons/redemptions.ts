import type { D1Database } from "@cloudflare/workers-types/experimental";

// The BFF's note of each coupon use made at the register, tied to the scan it was made on: what
// lets a void be limited to a use of the same scan, by the same staff member, in its window.

export interface ScanCouponRedemption {
  redemptionId: string;
  scanId: string;
  memberId: string;
  couponId: string;
  staffId: string;
  storeId: string;
  redeemedAt: number;
  voidedAt: number | null;
}

/** Notes a use; a retried redemption (same id) is noted once. */
export async function recordScanRedemption(db: D1Database, redemption: Omit<ScanCouponRedemption, "voidedAt">): Promise<void> {
  await db
    .prepare(
      `INSERT INTO coupon_redemptions (redemption_id, scan_id, member_id, coupon_id, staff_id, store_id, redeemed_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (redemption_id) DO NOTHING`,
    )
    .bind(
      redemption.redemptionId,
      redemption.scanId,
      redemption.memberId,
      redemption.couponId,
      redemption.staffId,
      redemption.storeId,
      redemption.redeemedAt,
    )
    .run();
}

/** A use made on this scan (by its staff member), or null: another scan's use is never found. */
export async function findScanRedemption(
  db: D1Database,
  scanId: string,
  redemptionId: string,
): Promise<ScanCouponRedemption | null> {
  return db
    .prepare(
      `SELECT redemption_id AS redemptionId, scan_id AS scanId, member_id AS memberId, coupon_id AS couponId,
              staff_id AS staffId, store_id AS storeId, redeemed_at AS redeemedAt, voided_at AS voidedAt
       FROM coupon_redemptions WHERE redemption_id = ?1 AND scan_id = ?2`,
    )
    .bind(redemptionId, scanId)
    .first<ScanCouponRedemption>();
}

/** Notes that a use was given back (the first time only). */
export async function markScanRedemptionVoided(db: D1Database, redemptionId: string, now = Date.now()): Promise<void> {
  await db
    .prepare("UPDATE coupon_redemptions SET voided_at = ?2 WHERE redemption_id = ?1 AND voided_at IS NULL")
    .bind(redemptionId, now)
    .run();
}
