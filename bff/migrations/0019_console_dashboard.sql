-- The console's dashboard and rich menus: a daily snapshot of friends and links, the orders and
-- reservations placed through the app, and the rich menu creations the console's apply made.

-- Friends, blocked and linked members as they stood at the end of a Japan day, written once per
-- day by the cron (bff/console/dashboard.ts). Days before the first snapshot are estimated
-- from line_friends and link_events, which keep only the latest follow and the link events.
CREATE TABLE console_daily_stats (
  day TEXT PRIMARY KEY,             -- the Japan date, "2026-12-01"
  friends INTEGER NOT NULL,
  blocked INTEGER NOT NULL,
  linked INTEGER NOT NULL,          -- member_links: links made through the BFF (since 0015)
  taken_at INTEGER NOT NULL         -- epoch ms
);

-- Orders and reservations placed through the app, one row per order or reservation (the
-- merchant's id), so a retried request counts once. Retention: 400 days.
CREATE TABLE app_placements (
  kind TEXT NOT NULL CHECK (kind IN ('order', 'reservation')),
  ref_id TEXT NOT NULL,
  placed_at INTEGER NOT NULL,       -- epoch ms
  PRIMARY KEY (kind, ref_id)
);
CREATE INDEX app_placements_by_time ON app_placements (placed_at);

-- Rich menu creations and deletions the console's apply made, against LINE's hourly limits
-- (bff/richmenu/ledger.ts keeps the CLI's in a file). Rows older than an hour mean nothing.
CREATE TABLE richmenu_ledger (
  kind TEXT NOT NULL CHECK (kind IN ('create', 'delete', 'aliasDelete')),
  at INTEGER NOT NULL               -- epoch ms
);
CREATE INDEX richmenu_ledger_by_time ON richmenu_ledger (at);
