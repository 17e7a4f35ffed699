import type { D1Database } from "@cloudflare/workers-types/experimental";
import { Language } from "../../shared/api.ts";

// The language each LINE user sees the app in, as the app last told us (PUT /api/me/language).
// Messages are built in it alone; a user the BFF never heard from gets Japanese, the shop's own.

export const DEFAULT_LANGUAGE: Language = "ja";

/** Remembers the user's language; saying it again keeps the row fresh for retention. */
export async function rememberLanguage(db: D1Database, lineUserId: string, language: Language, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO line_user_language (line_user_id, language, updated_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (line_user_id) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at`,
    )
    .bind(lineUserId, language, now)
    .run();
}

/** The language to write to one LINE user in. */
export async function languageOf(db: D1Database, lineUserId: string): Promise<Language> {
  const row = await db
    .prepare("SELECT language FROM line_user_language WHERE line_user_id = ?1")
    .bind(lineUserId)
    .first<{ language: string }>();
  return parsed(row?.language);
}

/** The languages of many LINE users in one query; every id asked for has an entry. */
export async function languagesOf(db: D1Database, lineUserIds: readonly string[]): Promise<Map<string, Language>> {
  const unique = [...new Set(lineUserIds)];
  const languages = new Map(unique.map((id) => [id, DEFAULT_LANGUAGE]));
  if (unique.length === 0) return languages;
  const { results } = await db
    .prepare("SELECT line_user_id, language FROM line_user_language WHERE line_user_id IN (SELECT value FROM json_each(?1))")
    .bind(JSON.stringify(unique))
    .all<{ line_user_id: string; language: string }>();
  for (const row of results) languages.set(row.line_user_id, parsed(row.language));
  return languages;
}

function parsed(value: string | undefined): Language {
  const language = Language.safeParse(value);
  return language.success ? language.data : DEFAULT_LANGUAGE;
}
