-- The delivery pipeline: everything the BFF sends to LINE is first written here (the outbox),
-- inside the request or job that causes it, then a Queues consumer sends it. The row is the
-- truth; a queue message only says "look at this row now", so a lost or repeated queue message
-- neither loses nor doubles anything.
CREATE TABLE deliveries (
  delivery_id TEXT PRIMARY KEY,          -- derived from the cause ("order:<id>:confirmation"), so recording twice is a no-op
  kind TEXT NOT NULL,                    -- what the merchant can switch off and what is counted (delivery/kinds.ts)
  channel TEXT NOT NULL CHECK (channel IN ('push', 'reply', 'rich_menu')),
  line_user_id TEXT NOT NULL,
  subject TEXT,                          -- what it is about ("reservation:<id>"), so a cancelled booking drops its reminders
  payload TEXT NOT NULL,                 -- JSON: the messages, the reply token, or the menu to show
  retry_key TEXT NOT NULL,               -- X-Line-Retry-Key, the same on every attempt
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'retrying', 'dead', 'quota_exhausted', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,    -- a rich menu row is rewritten in place; only the newest version may be marked sent
  not_before INTEGER NOT NULL,           -- epoch ms: reminders are recorded ahead of their hour
  next_attempt_at INTEGER NOT NULL,      -- epoch ms
  first_attempt_at INTEGER,              -- LINE keeps a retry key 24 hours from here: past that, retrying could double
  claimed_at INTEGER,                    -- a 'sending' claim older than a minute belonged to a consumer that died
  plan_pass TEXT,                        -- reminders: the planner pass that last saw the reservation
  last_error TEXT,                       -- why it is retrying, dead, cancelled or waiting for quota (never personal data)
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX deliveries_by_age ON deliveries (created_at);
CREATE INDEX deliveries_by_subject ON deliveries (subject) WHERE subject IS NOT NULL;

-- Messages LINE accepted, per month (Japan time) and kind: what the merchant's plan is spent on.
CREATE TABLE message_counts (
  month TEXT NOT NULL,                   -- "2026-12"
  kind TEXT NOT NULL,
  sent INTEGER NOT NULL,
  PRIMARY KEY (month, kind)
);

-- Small named values the jobs keep between runs: the reminder planner's cursor, the last
-- quota reading.
CREATE TABLE job_state (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Webhook events are stored whole before the 200 and processed from the queue, so a failure
-- after the answer is retried instead of lost (LINE redelivers only when it got no 2xx).
ALTER TABLE webhook_events ADD COLUMN payload TEXT;
ALTER TABLE webhook_events ADD COLUMN state TEXT NOT NULL DEFAULT 'done';
ALTER TABLE webhook_events ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhook_events ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhook_events ADD COLUMN claimed_at INTEGER;
ALTER TABLE webhook_events ADD COLUMN progress TEXT;     -- JSON: steps already done (a consumed account-link nonce)
ALTER TABLE webhook_events ADD COLUMN last_error TEXT;
CREATE INDEX webhook_events_due ON webhook_events (state, next_attempt_at);
CREATE INDEX webhook_events_by_age ON webhook_events (received_at);

-- Merchant events now record their LINE message in the outbox in the same transaction as the
-- claim, so an event is either new (claimed and recorded together) or a repeat.
DROP TABLE merchant_events;
CREATE TABLE merchant_events (
  event_id TEXT PRIMARY KEY,
  event_type TEXT NOT NULL,
  received_at INTEGER NOT NULL,          -- epoch ms
  delivery_id TEXT                       -- the outbox row it caused, if any
);
CREATE INDEX merchant_events_by_age ON merchant_events (received_at);

-- The reminder send log is replaced by the outbox (a reminder's delivery id is its reminder id).
DROP TABLE reminder_sends;

-- Indexes the retention job needs on the older tables.
CREATE INDEX link_attempts_by_age ON link_attempts (window_started_at);
CREATE INDEX member_card_scans_by_age ON member_card_scans (scanned_at);
CREATE INDEX member_card_actions_by_age ON member_card_actions (occurred_at);
CREATE INDEX line_friends_unfollowed ON line_friends (unfollowed_at) WHERE unfollowed_at IS NOT NULL;
