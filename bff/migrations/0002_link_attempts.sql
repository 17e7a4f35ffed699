-- Brute-force protection for ID linking: attempts per LINE user and per member number in a
-- fixed window, counted with one atomic upsert so parallel attempts cannot slip through.
CREATE TABLE link_attempts (
  subject TEXT PRIMARY KEY,        -- "user:<sha256>" or "member:<sha256>", never the raw value
  window_started_at INTEGER NOT NULL, -- epoch seconds
  attempts INTEGER NOT NULL
);
