-- The BFF's own state. Business records live at the merchant; the BFF keeps only what it
-- needs to be safe. Webhook deliveries can be redelivered: one row per processed event id.
CREATE TABLE webhook_events (
  webhook_event_id TEXT PRIMARY KEY,
  event_type TEXT NOT NULL,
  received_at TEXT NOT NULL
);
