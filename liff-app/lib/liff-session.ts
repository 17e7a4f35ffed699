import type { ComponentType } from "react";
import type { ReloginOutcome } from "./session-recovery.tsx";

/** What the app needs from a booted LIFF: a token per request, the app language, a way back in. */
export interface LiffSession {
  mode: "line" | "mock";
  getIdToken(): string | null;
  /** The LINE app's language ("ja", "en-US"…), null when LIFF can't tell. */
  appLanguage: string | null;
  relogin(): Promise<ReloginOutcome>;
  /** Dev-only overlay (the persona switcher); null outside mock mode. */
  DevTools: ComponentType | null;
}
