-- The console's segments and tags (issue 14). A segment's definition is JSON in the shape of
-- shared/console-segments.ts SegmentDefinition: the merchant's criteria, evaluated by the
-- merchant (evaluateSegment), and LINE's, evaluated here against member_links, line_friends,
-- tracked_clicks and member_tags.

-- Saved segments. Configuration: kept until an admin deletes it.
CREATE TABLE console_segments (
  segment_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,         -- JSON SegmentDefinition
  created_by TEXT NOT NULL,         -- the admin's name, as the console shows it
  created_at INTEGER NOT NULL,      -- epoch ms
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX console_segments_by_update ON console_segments (updated_at);

-- Tags on LINE users, by hand (manual) or by a tag rule (rule). One row per user and tag: the
-- first source to tag wins, so tagging again changes nothing. Kept until an admin removes the
-- tag (a tag is the merchant's own note, like a saved segment).
CREATE TABLE member_tags (
  line_user_id TEXT NOT NULL,
  tag TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('manual', 'rule')),
  created_at INTEGER NOT NULL,      -- epoch ms
  PRIMARY KEY (line_user_id, tag)
);
CREATE INDEX member_tags_by_tag ON member_tags (tag);

-- Tag rules: the members of a segment get the tag when the rule is applied from the console,
-- and again on the daily cron. Applying only adds tags (idempotent); it never removes one.
CREATE TABLE tag_rules (
  rule_id TEXT PRIMARY KEY,
  tag TEXT NOT NULL,
  definition TEXT NOT NULL,         -- JSON SegmentDefinition
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  last_applied_at INTEGER,          -- epoch ms; null until first applied
  last_tagged INTEGER               -- LINE users the last application newly tagged
);
