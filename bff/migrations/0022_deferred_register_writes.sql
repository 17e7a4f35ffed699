-- Register writes (a check-in, a points award) that staff made while the merchant could not be
-- reached: accepted by the BFF for a member it identified (online or from member_snapshots), and
-- applied to the merchant later by bff/staff/deferred-writes.ts through the delivery queue, with
-- the merchant idempotency key the online call used (the staff request's Idempotency-Key), so a
-- row applied twice (a restart, two overlapping runs) changes the merchant once. The same key for
-- the same kind is one row: a double tap or a retry stores nothing twice.
CREATE TABLE deferred_register_writes (
  write_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('check_in', 'award')),
  merchant_idempotency_key TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  store_name TEXT NOT NULL,
  member_id TEXT NOT NULL,
  member_number TEXT NOT NULL,
  scan_id TEXT NOT NULL,
  scanned_at INTEGER NOT NULL,          -- epoch ms
  scan_linked_at TEXT,                  -- the member's LINE link the scan saw
  body_json TEXT NOT NULL,              -- the merchant request body (check-in or point transaction)
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'failed_permanently')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at INTEGER NOT NULL,     -- epoch ms
  claimed_at INTEGER,                   -- epoch ms: a processor is applying it (stale after 2 minutes)
  merchant_action_id TEXT,              -- the merchant's check-in or transaction id, once applied
  created_at INTEGER NOT NULL,          -- epoch ms
  applied_at INTEGER,                   -- epoch ms
  UNIQUE (kind, merchant_idempotency_key)
);
CREATE INDEX deferred_register_writes_due ON deferred_register_writes (state, next_attempt_at);

-- /api/card during a merchant outage finds the caller's member from the last known LINE link.
CREATE INDEX member_snapshots_by_line_user ON member_snapshots (line_user_id);
