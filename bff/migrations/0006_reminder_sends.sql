-- The reservation reminder send log. Each reminder (`<reservationId>:<kind>:<slot start>`) is
-- claimed by INSERT under the primary key before it is sent, so overlapping cron runs send it
-- once. 'failed' and stale 'pending' rows are claimed again by a later run, which resends with
-- the same X-Line-Retry-Key (derived from the id), so LINE drops a repeat of a send that landed.
CREATE TABLE reminder_sends (
  reminder_id TEXT PRIMARY KEY,
  reservation_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('day_before', 'hours_before')),
  slot_starts_at TEXT NOT NULL,        -- UTC ISO; rows are pruned two days after the slot
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'skipped_blocked')),
  attempts INTEGER NOT NULL CHECK (attempts > 0),
  claimed_at INTEGER NOT NULL,         -- epoch ms of the latest claim; a pending claim older than 10 minutes is stale
  sent_at INTEGER,
  run_id TEXT NOT NULL                 -- the run holding the claim; only it records the outcome
);
CREATE INDEX reminder_sends_by_slot ON reminder_sends (slot_starts_at);
