import type { ComponentType } from "react";
import type { ReloginOutcome } from "./session-recovery.tsx";

/** Whether the user has let this app see their LINE profile (name and picture): LIFF's own words. */
export type ProfilePermissionState = "granted" | "prompt" | "unavailable";

/** How asking for the profile ended: granted (the ID token now carries it), declined, or LIFF can't ask here. */
export type ProfileRequestOutcome = "granted" | "declined" | "unavailable";

/**
 * The `profile` permission. Under channel consent simplification (mandatory for new Japanese
 * LINE MINI App channels since 2026-01-08) only `openid` is granted up front, so the ID token
 * may carry no name or picture; the app asks only where the profile adds something.
 */
export interface ProfilePermission {
  /** liff.permission.query("profile"). */
  query(): Promise<ProfilePermissionState>;
  /** LINE's permission screen (liff.permission.requestAll()); call it from a tap. */
  request(): Promise<ProfileRequestOutcome>;
}

/** What the app needs from a booted LIFF: a token per request, the app language, a way back in. */
export interface LiffSession {
  mode: "line" | "mock";
  /** The LIFF app id: links back into the app through LINE (https://liff.line.me/{liffId}/…). */
  liffId: string;
  /**
   * Inside the LINE app (the LIFF browser), or outside it: a shared link in Safari or Chrome, or
   * LINE's in-app browser, where LINE Login signs the user in and LINE-only features are missing.
   */
  inClient: boolean;
  profilePermission: ProfilePermission;
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
  /** Loads the dev-only overlay (the persona switcher); null outside mock mode. */
  loadDevTools: (() => Promise<ComponentType>) | null;
}
