-- The last good staff record per LINE user, as the merchant's staff lookup answered it. requireStaff
-- uses it only when the merchant cannot be reached (never when it says "not staff"), and only while
-- it is younger than 12 hours; rows are dropped once older than that (bff/delivery/retention.ts).
CREATE TABLE staff_cache (
  line_user_id TEXT PRIMARY KEY,
  record_json TEXT NOT NULL,     -- StaffRecord (shared/merchant-contract.ts)
  fetched_at INTEGER NOT NULL    -- epoch ms
);
CREATE INDEX staff_cache_by_time ON staff_cache (fetched_at);

-- The last member summary and LINE link the BFF read from the merchant for a card scan, so a scan
-- during a merchant outage still shows staff who the member is, marked "as of" fetched_at. No
-- secrets: the summary the staff screen shows. Rows are dropped 30 days after their last refresh.
CREATE TABLE member_snapshots (
  member_id TEXT PRIMARY KEY,
  summary_json TEXT NOT NULL,    -- MemberSummary (shared/merchant-contract.ts)
  line_user_id TEXT NOT NULL,
  linked_at TEXT NOT NULL,
  fetched_at INTEGER NOT NULL    -- epoch ms
);
CREATE INDEX member_snapshots_by_time ON member_snapshots (fetched_at);
