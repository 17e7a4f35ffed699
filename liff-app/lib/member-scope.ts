import type { QueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { forgetLastKnownCard } from "./last-known-card.ts";
import { lineUserIdOf } from "./line-user-id.ts";
import { useLiffSession } from "./liff-session-context.tsx";

// Apart from this file (React) so the page's first script can read it without React.
export { lineUserIdOf };

/** Who the cached data belongs to: the signed-in LINE user. */
export interface MemberScope {
  /** The ID token's `sub`; null when the token can't be read (it is the BFF that checks it). */
  lineUserId: string | null;
}

/**
 * The root of every query key that holds what the BFF said about this LINE user. Another user
 * (a persona switch, a shared phone) never finds this user's entries under their own keys.
 */
export function identityQueryKey(scope: MemberScope) {
  return ["line-user", scope.lineUserId ?? "unknown"] as const;
}

/**
 * The root of the member's own data (points, orders, reservations, staff desk): what belongs
 * to the membership linked now, and goes when the link does.
 */
export function memberQueryKey(scope: MemberScope) {
  return [...identityQueryKey(scope), "member"] as const;
}

/**
 * Drops the member's data when the link changes (linked, registered, unlinked): the next
 * screen asks the BFF afresh instead of showing the previous membership's balance or orders.
 */
export function forgetMemberData(queryClient: QueryClient, scope: MemberScope): void {
  const queryKey = memberQueryKey(scope);
  void queryClient.cancelQueries({ queryKey });
  queryClient.removeQueries({ queryKey });
  // The card kept for offline and the first paint was the previous membership's.
  forgetLastKnownCard(scope.lineUserId);
}

export function useMemberScope(): MemberScope {
  const session = useLiffSession();
  const lineUserId = lineUserIdOf(session.getIdToken());
  return useMemo(() => ({ lineUserId }), [lineUserId]);
}
