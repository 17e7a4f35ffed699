import { queryOptions, useQuery } from "@tanstack/react-query";
import type { LiffSession } from "../../lib/liff-session.ts";
import { useLiffSession } from "../../lib/liff-session-context.tsx";

export function friendshipQueryOptions(session: Pick<LiffSession, "getFriendship">) {
  return queryOptions({
    queryKey: ["friendship"],
    queryFn: () => session.getFriendship(),
    // Asked again whenever the app comes back to the front: the user may have just added the
    // account in LINE's own screen.
    staleTime: 0,
  });
}

export function useFriendship() {
  return useQuery(friendshipQueryOptions(useLiffSession()));
}

/** LINE's add-friend screen for the official account, when the build knows its id (`@…`). */
export function addFriendUrl(officialAccountId: string | undefined = import.meta.env.VITE_LINE_OA_ID): string | null {
  const id = officialAccountId?.trim();
  return id ? `https://line.me/R/ti/p/${encodeURIComponent(id)}` : null;
}

const DISMISSED_STORAGE_KEY = "liff-app:friendship-banner-dismissed-at";
/** A dismissed banner stays away this long: a reminder, not nagging on every visit. */
export const FRIENDSHIP_BANNER_SNOOZE_MS = 7 * 24 * 60 * 60 * 1000;

export function isFriendshipBannerSnoozed(now = Date.now()): boolean {
  try {
    const dismissedAt = Number(localStorage.getItem(DISMISSED_STORAGE_KEY));
    return dismissedAt > 0 && now - dismissedAt < FRIENDSHIP_BANNER_SNOOZE_MS;
  } catch {
    return false;
  }
}

export function snoozeFriendshipBanner(now = Date.now()): void {
  try {
    localStorage.setItem(DISMISSED_STORAGE_KEY, String(now));
  } catch {
    // Then it is dismissed for this page view only.
  }
}
