-- LINE MINI App service messages (bff/delivery/service-messages.ts): the notification token
-- LINE issued for a user's action, one row per subject ("reservation:<id>", "order:<id>").
-- LINE allows 5 sends per token and renews the token on each send, so the row is rewritten
-- after every send; a newer exchange for the same subject replaces it.
CREATE TABLE service_message_tokens (
  subject TEXT PRIMARY KEY,
  line_user_id TEXT NOT NULL,            -- the token only reaches this user
  token TEXT NOT NULL,                   -- the current (renewed) notification token
  remaining_count INTEGER NOT NULL,      -- sends left; 0 = spent (or refused by LINE)
  expires_at INTEGER NOT NULL,           -- epoch ms
  session_id TEXT,
  liff_token_hash TEXT NOT NULL,         -- SHA-256 of the LIFF access token it came from: LINE allows one exchange per LIFF access token
  updated_at INTEGER NOT NULL            -- epoch ms
);
-- Retention: expired tokens, and spent ones a day after their last use.
CREATE INDEX service_message_tokens_by_expiry ON service_message_tokens (expires_at);
CREATE INDEX service_message_tokens_spent ON service_message_tokens (updated_at) WHERE remaining_count = 0;
CREATE INDEX service_message_tokens_by_liff_token ON service_message_tokens (liff_token_hash);

-- How a sent (or uncertain) message went: 'push', 'reply' or 'service' (a free service message,
-- not counted against the quota). An uncertain service message is never repeated.
ALTER TABLE deliveries ADD COLUMN sent_via TEXT CHECK (sent_via IN ('push', 'reply', 'service'));
