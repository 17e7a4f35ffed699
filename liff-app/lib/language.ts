export type Language = "ja" | "en";

/** Each language named in itself, so anyone can find theirs whatever is showing now. */
export const languageChoices: readonly { language: Language; label: string }[] = [
  { language: "ja", label: "日本語" },
  { language: "en", label: "English" },
];

const LANGUAGE_STORAGE_KEY = "liff-app:language";

export function isLanguage(value: unknown): value is Language {
  return value === "ja" || value === "en";
}

/**
 * The language to show: the user's own choice if they made one, otherwise the LINE app's
 * language (Japanese for any "ja…" tag, English for everything else).
 */
export function chooseLanguage(input: { stored: string | null; appLanguage: string | null }): Language {
  if (isLanguage(input.stored)) return input.stored;
  return input.appLanguage?.trim().toLowerCase().startsWith("ja") ? "ja" : "en";
}

// Storage can throw (disabled cookies, some private modes); a language choice is not worth
// failing the app for.
export function readStoredLanguage(storage: Storage = localStorage): string | null {
  try {
    return storage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeLanguage(language: Language, storage: Storage = localStorage): void {
  try {
    storage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // The choice then lasts only for this page view.
  }
}
