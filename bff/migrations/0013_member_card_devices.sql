-- Device-bound member card keys. A phone registers the public half of an ECDSA P-256 key pair
-- it made with WebCrypto (the private half never leaves its IndexedDB, non-extractable) and
-- signs each 30-second window's QR code with it, online or not. Nothing here can mint a QR.
-- The typed 6-digit code is an HMAC under a per-device secret, kept sealed (AES-GCM under a key
-- derived from MEMBER_CARD_SECRET, the device id as associated data).
-- A device belongs to the LINE user and the link it was registered under: an unlink, or a
-- link to another membership since, ends it. Rows go when revoked or unseen for 60 days
-- (cleaned when the same LINE user registers a device).
CREATE TABLE member_card_devices (
  device_id TEXT PRIMARY KEY,
  line_user_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  linked_at TEXT NOT NULL,        -- the link's linkedAt when registered
  public_key TEXT NOT NULL,       -- JWK {kty, crv, x, y}
  code_secret TEXT NOT NULL,      -- base64url(iv ‖ AES-GCM(secret))
  label TEXT NOT NULL,            -- what the member sees in the device list ("iPhone", "Android")
  created_at INTEGER NOT NULL,    -- epoch ms
  last_seen_at INTEGER NOT NULL,  -- epoch ms: an online open of the card, or a scan
  revoked_at INTEGER              -- epoch ms
);
CREATE INDEX member_card_devices_by_user ON member_card_devices (line_user_id, last_seen_at);
CREATE INDEX member_card_devices_by_member ON member_card_devices (member_id);
