-- Friendship per LINE user, from follow/unfollow webhook events, so senders can skip users
-- who blocked the official account. The LINE user id is kept because it is what a message is
-- addressed to; nothing else about the user is stored.
CREATE TABLE line_friends (
  line_user_id TEXT PRIMARY KEY,
  followed INTEGER NOT NULL CHECK (followed IN (0, 1)),
  unfollowed_at TEXT,             -- ISO time of the unfollow (block); null while a friend
  changed_at INTEGER NOT NULL     -- LINE's event timestamp (epoch ms): older events never win
);
