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

-- Monthly coupon jobs (the birthday grants of a Japan month): where the pass got to, and when it
-- finished, so later ticks of the 1st resume or skip. The grants themselves are made once by the
-- merchant's grant key, so ticks that overlap grant nothing twice. One row a month: kept.
CREATE TABLE coupon_job_runs (
  job TEXT NOT NULL,
  period TEXT NOT NULL,  -- "2027-02": the Japan month
  cursor TEXT,           -- the merchant's cursor of the next page, or NULL for the first
  completed_at INTEGER,  -- epoch ms; NULL while the pass is under way
  PRIMARY KEY (job, period)
);
