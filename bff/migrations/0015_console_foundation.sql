-- The merchant console's foundation: what the BFF learns about links and friends for the
-- dashboard and segments, the clicks it records, and who did what in the console.

-- The LINE user -> member mapping the BFF learned when the link was made through it (the app,
-- registration, or the chat account link), one row per LINE user, kept while linked.
-- The merchant holds the link itself; this is the BFF's own view, for counting and segments.
CREATE TABLE member_links (
  line_user_id TEXT PRIMARY KEY,
  member_id TEXT NOT NULL,
  route TEXT NOT NULL CHECK (route IN ('app', 'register', 'account_link')),
  linked_at INTEGER NOT NULL        -- epoch ms
);
CREATE INDEX member_links_by_linked_at ON member_links (linked_at);

-- Every link and unlink made through the BFF, for the link rate over time and links by route.
-- Retention: 400 days (the dashboard shows up to a year).
CREATE TABLE link_events (
  event_id INTEGER PRIMARY KEY AUTOINCREMENT,
  line_user_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('linked', 'unlinked')),
  route TEXT CHECK (route IN ('app', 'register', 'account_link')), -- null for an unlink
  occurred_at INTEGER NOT NULL      -- epoch ms
);
CREATE INDEX link_events_by_time ON link_events (occurred_at);

-- When the user last became a friend (follow or unblock), for "followed since" segments.
ALTER TABLE line_friends ADD COLUMN followed_at INTEGER; -- epoch ms; null for rows from before

-- A click on a tracked link (a campaign or scenario message's button or link, a rich menu
-- area). line_user_id is the clicker when known (a personalised link, or the app's own report
-- of the link it was opened from); visitor is a random id from a cookie otherwise, for counting
-- unique clicks. Retention: 400 days.
CREATE TABLE tracked_clicks (
  click_id TEXT PRIMARY KEY,
  source_kind TEXT NOT NULL CHECK (source_kind IN ('campaign', 'scenario', 'richmenu')),
  source_id TEXT NOT NULL,          -- campaign id, scenario step id, or rich menu area id
  line_user_id TEXT,
  visitor TEXT,
  clicked_at INTEGER NOT NULL       -- epoch ms
);
CREATE INDEX tracked_clicks_by_source ON tracked_clicks (source_kind, source_id, clicked_at);
CREATE INDEX tracked_clicks_by_user ON tracked_clicks (line_user_id, source_kind, source_id);

-- Who did what in the console. Retention: 400 days.
CREATE TABLE console_audit (
  audit_id INTEGER PRIMARY KEY AUTOINCREMENT,
  staff_id TEXT NOT NULL,
  staff_name TEXT NOT NULL,
  action TEXT NOT NULL,             -- e.g. campaign.send, segment.save, richmenu.apply
  target TEXT,                      -- the id of what it acted on
  detail TEXT,                      -- JSON, no member data beyond what the console shows
  occurred_at INTEGER NOT NULL      -- epoch ms
);
CREATE INDEX console_audit_by_time ON console_audit (occurred_at);
