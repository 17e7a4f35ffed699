import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";

/** What a re-login did: left the page for LINE Login, or put a fresh ID token in place. */
export type ReloginOutcome = "redirecting" | "token-refreshed";

export type SessionRecoveryStatus = "idle" | "relogging-in" | "blocked";

/** At most one automatic re-login per this long, so a token the BFF keeps refusing can't loop. */
export const RELOGIN_COOLDOWN_MS = 5 * 60 * 1000;
const LAST_RELOGIN_STORAGE_KEY = "liff-app:last-relogin-at";

export interface SessionRecoveryOptions {
  relogin: () => Promise<ReloginOutcome>;
  /** Runs after a fresh token is in place, e.g. to refetch what failed. */
  onTokenRefreshed: () => unknown;
  /** Survives the LINE Login redirect but not the tab, unlike localStorage. */
  storage?: Pick<Storage, "getItem" | "setItem">;
  now?: () => number;
}

export interface SessionRecovery {
  // Properties, not methods: React's useSyncExternalStore takes them unbound.
  status: () => SessionRecoveryStatus;
  subscribe: (listener: () => void) => () => void;
  /**
   * Logs in again after a 401. Without `force` it does nothing (and reports "blocked") when a
   * re-login already happened within the cooldown; `force` is for the user's own tap.
   */
  recover(options?: { force?: boolean }): Promise<void>;
}

export function createSessionRecovery({
  relogin,
  onTokenRefreshed,
  storage = sessionStorage,
  now = Date.now,
}: SessionRecoveryOptions): SessionRecovery {
  let status: SessionRecoveryStatus = "idle";
  let inFlight: Promise<void> | null = null;
  const listeners = new Set<() => void>();

  const setStatus = (next: SessionRecoveryStatus) => {
    status = next;
    for (const listener of listeners) listener();
  };

  const lastReloginAt = (): number | null => {
    try {
      const stored = Number(storage.getItem(LAST_RELOGIN_STORAGE_KEY));
      return stored > 0 ? stored : null;
    } catch {
      return null;
    }
  };

  const rememberRelogin = () => {
    try {
      storage.setItem(LAST_RELOGIN_STORAGE_KEY, String(now()));
    } catch {
      // Without storage the in-memory status still stops a loop within this page view.
    }
  };

  async function runRelogin(): Promise<void> {
    let outcome: ReloginOutcome;
    try {
      outcome = await relogin();
    } catch {
      setStatus("blocked");
      return;
    } finally {
      inFlight = null;
    }
    if (outcome === "token-refreshed") {
      // Idle before refetching: a refetch that is refused again must reach the cooldown check,
      // not join this finished attempt.
      setStatus("idle");
      onTokenRefreshed();
    }
    // "redirecting": the page is leaving for LINE Login; stay "relogging-in" until it does.
  }

  return {
    status: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    recover({ force = false } = {}) {
      if (inFlight) return inFlight;
      const last = lastReloginAt();
      if (!force && last !== null && now() - last < RELOGIN_COOLDOWN_MS) {
        setStatus("blocked");
        return Promise.resolve();
      }
      rememberRelogin();
      setStatus("relogging-in");
      inFlight = runRelogin();
      return inFlight;
    },
  };
}

const SessionRecoveryContext = createContext<SessionRecovery | null>(null);

export function SessionRecoveryProvider({ recovery, children }: { recovery: SessionRecovery; children: ReactNode }) {
  return <SessionRecoveryContext.Provider value={recovery}>{children}</SessionRecoveryContext.Provider>;
}

export function useSessionRecovery() {
  const recovery = useContext(SessionRecoveryContext);
  if (!recovery) throw new Error("useSessionRecovery needs a <SessionRecoveryProvider> above it");
  const status = useSyncExternalStore(recovery.subscribe, recovery.status);
  return { status, reloginNow: () => recovery.recover({ force: true }) };
}
