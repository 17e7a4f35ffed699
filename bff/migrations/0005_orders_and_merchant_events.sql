-- Idempotency records for writes the app may repeat (placing an order): a double tap, a
-- retried request or a flaky network must never act twice. A request first INSERTs a pending
-- row under the UNIQUE key, so of two concurrent requests with one key exactly one goes on;
-- the other is told the first is still in progress. The finished answer is kept for replay.
CREATE TABLE idempotency_records (
  scope TEXT NOT NULL,                 -- the operation, e.g. "orders.create"
  subject TEXT NOT NULL,               -- sha256 of the LINE user id: keys are per user
  idempotency_key TEXT NOT NULL,
  request_sha256 TEXT NOT NULL,        -- the same key with another body is refused
  state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
  response_json TEXT,                  -- the first answer, once done
  created_at INTEGER NOT NULL,         -- epoch ms; a pending row older than a minute was abandoned
  PRIMARY KEY (scope, subject, idempotency_key),
  CHECK ((state = 'done') = (response_json IS NOT NULL))
);
CREATE INDEX idempotency_records_by_age ON idempotency_records (created_at);

-- Events the merchant POSTs to /hooks/merchant, one row per event id, so a retried or replayed
-- event sends its LINE message once. A failed send can be claimed again by a redelivery.
CREATE TABLE merchant_events (
  event_id TEXT PRIMARY KEY,
  event_type TEXT NOT NULL,
  received_at INTEGER NOT NULL,        -- epoch ms of the latest claim
  outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'sent', 'skipped_blocked', 'failed'))
);
CREATE INDEX merchant_events_by_age ON merchant_events (received_at);
