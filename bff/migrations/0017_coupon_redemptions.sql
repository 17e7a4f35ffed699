-- Coupon uses made at the register, by scan: a void is allowed only for a use made on the
-- same scan, by the same staff member, while the scan's window is open (bff/routes/staff-coupons.ts).
-- The merchant keeps the coupon ledger; these rows go with the card records (90 days).
CREATE TABLE coupon_redemptions (
  redemption_id TEXT PRIMARY KEY,
  scan_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  coupon_id TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  redeemed_at INTEGER NOT NULL,  -- epoch ms
  voided_at INTEGER              -- epoch ms
);
CREATE INDEX coupon_redemptions_by_time ON coupon_redemptions (redeemed_at);
