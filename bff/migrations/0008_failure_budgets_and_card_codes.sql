-- Failure budgets replace link_attempts. Only failed authentications count (a try is counted
-- when it starts and handed back when it succeeds or never reached the check), with two
-- windows per subject: a short one that pauses, and a day that escalates. Subjects are
-- "<purpose>:<sha256>" (link user, link member number, card-code staff member, card-code
-- member number), never a raw LINE user id or member number. Rows are dead one day after
-- day_started_at.
CREATE TABLE auth_failures (
  subject TEXT PRIMARY KEY,
  short_started_at INTEGER NOT NULL,  -- epoch seconds
  short_failures INTEGER NOT NULL,
  day_started_at INTEGER NOT NULL,    -- epoch seconds
  day_failures INTEGER NOT NULL
);
DROP TABLE link_attempts;

-- The code typed in place of the QR, one per member card the app actually opened: a code
-- exists only while its card does, and it is the same credential as that card's QR token
-- (one scan uses both up). Rows are dead after expires_at (60 s).
CREATE TABLE member_card_codes (
  token_id TEXT PRIMARY KEY,
  member_id TEXT NOT NULL,
  code_mac TEXT NOT NULL,              -- HMAC of member id and code, never the code
  expires_at INTEGER NOT NULL          -- epoch ms
);
CREATE INDEX member_card_codes_by_member ON member_card_codes (member_id, code_mac);
CREATE INDEX member_card_codes_by_expiry ON member_card_codes (expires_at);

-- What one scan has been used for, so caps and "one check-in per scan" hold under retries and
-- concurrent taps; and the link the scan saw, so an unlink (or a relink) ends the scan.
ALTER TABLE member_card_scans ADD COLUMN linked_at TEXT;
ALTER TABLE member_card_scans ADD COLUMN checked_in INTEGER NOT NULL DEFAULT 0;
ALTER TABLE member_card_scans ADD COLUMN awarded_yen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE member_card_scans ADD COLUMN redeemed_points INTEGER NOT NULL DEFAULT 0;

-- Actions keyed by kind and key: one key reused for a check-in and an award records both.
CREATE TABLE member_card_actions_by_kind (
  kind TEXT NOT NULL CHECK (kind IN ('check_in', 'award', 'redeem')),
  idempotency_key TEXT NOT NULL,
  scan_id TEXT NOT NULL REFERENCES member_card_scans (scan_id),
  member_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  store_name TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  points INTEGER,
  balance INTEGER,
  occurred_at INTEGER NOT NULL,           -- epoch ms
  PRIMARY KEY (kind, idempotency_key)
);
INSERT INTO member_card_actions_by_kind
  (kind, idempotency_key, scan_id, member_id, store_id, store_name, staff_id, points, balance, occurred_at)
SELECT kind, idempotency_key, scan_id, member_id, store_id, store_name, staff_id, points, balance, occurred_at
FROM member_card_actions;
DROP TABLE member_card_actions;
ALTER TABLE member_card_actions_by_kind RENAME TO member_card_actions;
CREATE INDEX member_card_actions_by_member ON member_card_actions (member_id, occurred_at);
