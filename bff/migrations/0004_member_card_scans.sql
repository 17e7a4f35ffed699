-- Member card scans. A credential (QR token id or one-time code window) is consumed by
-- inserting it under a UNIQUE key: of two staff scanning the same code at once, one insert
-- wins. Rows only need to outlive their credential's expiry (60 s); older rows can go.
CREATE TABLE member_card_scans (
  scan_id TEXT PRIMARY KEY,
  credential_id TEXT NOT NULL UNIQUE,
  member_id TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  scanned_at INTEGER NOT NULL,            -- epoch ms
  credential_expires_at INTEGER NOT NULL  -- epoch ms
);

-- What staff did after a scan, for the customer's card to show and for the record.
CREATE TABLE member_card_actions (
  idempotency_key TEXT PRIMARY KEY,
  scan_id TEXT NOT NULL REFERENCES member_card_scans (scan_id),
  member_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('check_in', 'award', 'redeem')),
  store_id TEXT NOT NULL,
  store_name TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  points INTEGER,
  balance INTEGER,
  occurred_at INTEGER NOT NULL            -- epoch ms
);
CREATE INDEX member_card_actions_by_member ON member_card_actions (member_id, occurred_at);
