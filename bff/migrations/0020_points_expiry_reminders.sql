-- The points-expiring reminders sent: one per member and expiry batch, whether the merchant's
-- points.expiring event or the BFF's own daily pass (bff/coupons/points-expiry.ts) found the batch
-- first. The key is what makes it once; the message itself goes through the delivery outbox under
-- an id taken from the same pair. Rows are dropped a month after their points expired.
CREATE TABLE points_expiry_reminders (
  member_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  expires_on TEXT NOT NULL,   -- the last Japan date the points count, "2027-01-31"
  points INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,  -- epoch ms
  PRIMARY KEY (member_id, batch_id)
);
CREATE INDEX points_expiry_reminders_by_expiry ON points_expiry_reminders (expires_on);
