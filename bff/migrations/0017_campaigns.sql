-- Campaigns (the console): a message to a saved segment, sent now or at a scheduled time, with
-- its measured results. And multicast in the delivery pipeline: a campaign whose message is
-- the same for everyone goes out 500 recipients per request.

-- deliveries gains the 'multicast' channel and a recipient count (the quota is counted per
-- recipient). SQLite cannot change a CHECK in place: the table is rebuilt, rows kept as they are.
CREATE TABLE deliveries_new (
  delivery_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('push', 'reply', 'rich_menu', 'multicast')),
  line_user_id TEXT NOT NULL,            -- a multicast: 'multicast' (its recipients are in the payload)
  subject TEXT,
  payload TEXT NOT NULL,                 -- a multicast: {"to": [...up to 500 LINE user ids], "messages": [...]}
  retry_key TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'retrying', 'dead', 'quota_exhausted', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  not_before INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  first_attempt_at INTEGER,
  claimed_at INTEGER,
  plan_pass TEXT,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  sent_via TEXT CHECK (sent_via IN ('push', 'reply', 'service', 'multicast')),
  recipients INTEGER NOT NULL DEFAULT 1  -- how many LINE users it went to (what LINE counts)
);
INSERT INTO deliveries_new (delivery_id, kind, channel, line_user_id, subject, payload, retry_key, state, attempts, version,
  not_before, next_attempt_at, first_attempt_at, claimed_at, plan_pass, last_error, created_at, sent_at, sent_via)
SELECT delivery_id, kind, channel, line_user_id, subject, payload, retry_key, state, attempts, version,
  not_before, next_attempt_at, first_attempt_at, claimed_at, plan_pass, last_error, created_at, sent_at, sent_via
FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX deliveries_by_age ON deliveries (created_at);
CREATE INDEX deliveries_by_subject ON deliveries (subject) WHERE subject IS NOT NULL;
-- Conversion: app orders (their confirmation's row) by a recipient after a send.
CREATE INDEX deliveries_by_user_kind ON deliveries (line_user_id, kind, created_at);

CREATE TABLE campaigns (
  campaign_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  message TEXT NOT NULL,                 -- JSON: shared/console-message.ts ConsoleMessage
  segment_id TEXT,                       -- the saved segment it goes to; null while a draft has none
  state TEXT NOT NULL CHECK (state IN ('draft', 'scheduled', 'sending', 'sent', 'cancelled')),
  scheduled_at INTEGER,                  -- epoch ms (shown in Japan time)
  send_started_at INTEGER,               -- when sending began: results count 7 days from here
  sent_at INTEGER,                       -- when every recipient had their delivery recorded
  origin TEXT,                           -- where its tracked links point (BFF_PUBLIC_URL or the console's origin)
  cursor TEXT,                           -- the audience page to read next; null: from the start
  audience_done INTEGER NOT NULL DEFAULT 0, -- 1 once the last audience page was read
  lease_until INTEGER,                   -- a runner holds the campaign until then (one at a time)
  recipients INTEGER NOT NULL DEFAULT 0, -- members taken from the audience so far
  skipped INTEGER NOT NULL DEFAULT 0,    -- blocked the account, or their coupon could not be granted
  last_error TEXT,                       -- why the last run stopped early (never member data)
  results TEXT,                          -- JSON: the results, frozen once the 7-day window closed
  created_by TEXT NOT NULL,
  created_by_name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_by_name TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX campaigns_by_state ON campaigns (state, scheduled_at);
CREATE INDEX campaigns_by_update ON campaigns (updated_at);

-- Each member once per campaign: the primary key. A member is taken from the audience
-- ('pending'), then gets a delivery ('queued', with its id) or is 'skipped'; the two steps are
-- each one transaction, so a second start or a Worker restart never doubles or drops one.
CREATE TABLE campaign_recipients (
  campaign_id TEXT NOT NULL,
  line_user_id TEXT NOT NULL,
  seq INTEGER NOT NULL,                  -- order taken; a multicast batch is named by its first seq
  state TEXT NOT NULL CHECK (state IN ('pending', 'queued', 'skipped')),
  delivery_id TEXT,                      -- the push or multicast that carries it
  skip_reason TEXT CHECK (skip_reason IN ('blocked', 'coupon', 'not_linked')),
  attempts INTEGER NOT NULL DEFAULT 0,   -- coupon grants tried
  PRIMARY KEY (campaign_id, line_user_id)
);
CREATE INDEX campaign_recipients_pending ON campaign_recipients (campaign_id, state, seq);
CREATE INDEX campaign_recipients_by_delivery ON campaign_recipients (delivery_id);
