-- The language each LINE user sees the app in (PUT /api/me/language), so the messages the BFF
-- sends them speak it alone. A user the BFF never heard from gets Japanese (no row).
CREATE TABLE line_user_language (
  line_user_id TEXT PRIMARY KEY,
  language TEXT NOT NULL CHECK (language IN ('ja', 'en')),
  updated_at INTEGER NOT NULL            -- epoch ms; the app says it once per session
);
-- Retention: a row not updated for 400 days belongs to someone who stopped using the app.
CREATE INDEX line_user_language_by_updated_at ON line_user_language (updated_at);
