import { friendshipRequester, liff, qrScanner, readFriendship } from "../lib/liff.ts";
import { loadLiffPermission, profilePermissionOver } from "../lib/liff-permission.ts";
import type { LiffSession } from "../lib/liff-session.ts";
import { resolveLiffStateDeepLink } from "../lib/liff-state.ts";

export type BootFailure = "missing-liff-id" | "init-failed";

export type BootResult =
  | { status: "ready"; session: LiffSession }
  /** liff.login() is taking the page to LINE Login; render nothing else. */
  | { status: "redirecting" }
  | { status: "failed"; reason: BootFailure; detail: string };

/**
 * Initializes LIFF (the real SDK, or the mock against the local fakes in dev) and settles the
 * URL; the router must not start before this resolves.
 */
export async function bootLiff(): Promise<BootResult> {
  const liffId = import.meta.env.VITE_LIFF_ID;
  if (!liffId) return { status: "failed", reason: "missing-liff-id", detail: "VITE_LIFF_ID is not set" };

  let session: LiffSession;
  try {
    // A literal comparison on import.meta.env so production builds drop the branch, and with
    // it the mock chunk.
    if (import.meta.env.VITE_LIFF_MOCK === "true") {
      const { startMockLiff } = await import("../dev/mock-liff.ts");
      session = await startMockLiff(liffId);
    } else {
      const realSession = await startLiff(liffId);
      if (!realSession) return { status: "redirecting" };
      session = realSession;
    }
  } catch (error) {
    console.error("LIFF init failed", error);
    return { status: "failed", reason: "init-failed", detail: error instanceof Error ? error.message : String(error) };
  }

  applyLiffStateDeepLink();
  return { status: "ready", session };
}

async function startLiff(liffId: string): Promise<LiffSession | null> {
  await liff.init({ liffId });
  // Outside the LINE app (a shared link in Safari or Chrome, LINE's in-app browser) LIFF signs in
  // with LINE Login, back to this very URL: https://developers.line.biz/en/reference/liff/#login
  const login = async () => {
    liff.login({ redirectUri: location.href });
    return "redirecting" as const;
  };
  // Outside the LINE app nobody is logged in until LINE Login has run.
  if (!liff.isLoggedIn()) {
    await login();
    return null;
  }
  // An idle app can hold an expired ID token: drop it, then let LINE hand out a fresh one
  // (inside LINE a re-init does that; liff.login() is for external browsers).
  const relogin = async () => {
    liff.logout();
    if (liff.isInClient()) {
      location.reload();
      return "redirecting" as const;
    }
    return login();
  };
  return {
    mode: "line",
    liffId,
    inClient: liff.isInClient(),
    profilePermission: profilePermissionOver(loadLiffPermission),
    getIdToken: () => liff.getIDToken(),
    getAccessToken: () => liff.getAccessToken(),
    appLanguage: readAppLanguage(),
    relogin,
    getFriendship: readFriendship,
    requestFriendship: friendshipRequester(),
    scanQr: qrScanner(),
    loadDevTools: null,
  };
}

function readAppLanguage(): string | null {
  try {
    return liff.getAppLanguage();
  } catch {
    return navigator.language || null;
  }
}

/**
 * Replaces the URL with the liff.state deep link's path, if it carries a safe one. Never
 * throws: a deep link the browser refuses leaves the app on its current URL, not on the splash.
 */
export function applyLiffStateDeepLink(): void {
  try {
    const path = resolveLiffStateDeepLink(new URL(location.href));
    if (path) history.replaceState(history.state, "", path);
  } catch (error) {
    console.warn("liff.state deep link ignored", error instanceof Error ? error.name : "unknown");
  }
}
