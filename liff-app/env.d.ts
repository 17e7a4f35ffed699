/// <reference types="vite/client" />

// The app's build-time settings (README › Configuration › The app).
interface ImportMetaEnv {
  readonly VITE_LIFF_ID?: string;
  readonly VITE_LIFF_MOCK?: string;
  /** The official account's basic ID ("@…"), for the add-friend link where LINE's dialog is missing. */
  readonly VITE_LINE_OA_ID?: string;
}
