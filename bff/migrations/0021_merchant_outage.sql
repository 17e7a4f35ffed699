-- The last good staff record per LINE user, as the merchant's staff lookup answered it. requireStaff
-- uses it only when the merchant cannot be reached (never when it says "not staff"), and only while
-- it is younger than 12 hours; rows are dropped once older than that (bff/delivery/retention.ts).
CREATE TABLE staff_cache (
  line_user_id TEXT PRIMARY KEY,
  record_json TEXT NOT NULL,     -- StaffRecord (shared/merchant-contract.ts)
  fetched_at INTEGER NOT NULL    -- epoch ms
);
CREATE INDEX staff_cache_by_time ON staff_cache (fetched_at);
