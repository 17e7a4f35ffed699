import type { ComponentType } from "react";
import type { ReloginOutcome } from "./session-recovery.tsx";

/** What the app needs from a booted LIFF: a token per request, the app language, a way back in. */
export interface LiffSession {
  mode: "line" | "mock";
  getIdToken(): string | null;
  /**
   * The LIFF access token of the moment, null when there is none. Only the writes that may bring
   * a LINE service message send it (x-liff-access-token); read it per send, never keep it.
   */
  getAccessToken: () => string | null;
  /** The LINE app's language ("ja", "en-US"…), null when LIFF can't tell. */
  appLanguage: string | null;
  relogin: () => Promise<ReloginOutcome>;
  /**
   * Whether the user is a friend of the official account (messages and rich menus reach only
   * friends); null when LIFF can't tell.
   */
  getFriendship(): Promise<boolean | null>;
  /** LINE's own add-friend dialog, where this LINE app offers it; null elsewhere (the mock too). */
  requestFriendship: (() => Promise<void>) | null;
  /**
   * LINE's own QR code reader, where this LINE app offers it; null elsewhere (external browsers,
   * old versions). Resolves the code's text, or null when the user closed the reader.
   */
  scanQr: (() => Promise<string | null>) | null;
  /** Dev-only overlay (the persona switcher); null outside mock mode. */
  DevTools: ComponentType | null;
}
