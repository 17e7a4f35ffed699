import type { ApiClient } from "./api-client.ts";
import type { Language } from "./language.ts";

/**
 * Tells the BFF which language the app shows, so the LINE messages it sends this user speak it.
 * Fire and forget: nothing on screen waits for it, and a failure only means messages in the
 * language told last time (Japanese if never), until the next session or switch tells it again.
 */
export function tellLanguage(api: ApiClient, language: Language): void {
  api.api.me.language.$put({ json: { language } }).catch(() => {});
}
