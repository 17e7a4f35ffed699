import { queryOptions, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { RichMenuState, RichMenuStatusResponse } from "../../shared/api.ts";
import { isUnauthorized, unwrap, type ApiClient } from "./api-client.ts";
import { useApiClient } from "./api-client-context.tsx";
import { identityQueryKey, useMemberScope, type MemberScope } from "./member-scope.ts";

// Where the switch of the LINE chat's rich menu stands after linking, registering or unlinking.
// Shared rather than in a feature: the notice that shows it appears on the card (after linking
// or registering) and on home (after unlinking). The BFF queues the switch: until LINE confirms
// it, the screen says it is on its way, never that it is done.

/** The menu the chat should show: the member menu after a link, the standard one after unlinking. */
export type ExpectedMenu = RichMenuStatusResponse["menu"];

/** How often the app asks while the switch is pending, and for how long at most. */
export const RICH_MENU_POLL_MS = 2_000;
export const RICH_MENU_POLL_LIMIT_MS = 60_000;

export function getRichMenuStatus(api: ApiClient, signal?: AbortSignal): Promise<RichMenuStatusResponse> {
  return unwrap(api.api.link["rich-menu"].$get(undefined, { init: { signal } }));
}

/** Under the LINE user's root: the menu is the LINE user's, and it outlives a link change. */
export function richMenuStatusQueryOptions(api: ApiClient, scope: MemberScope, expected: ExpectedMenu, since: number) {
  return queryOptions({
    queryKey: [...identityQueryKey(scope), "rich-menu", expected, since],
    queryFn: ({ signal }) => getRichMenuStatus(api, signal),
    refetchInterval: (query) => {
      const data = query.state.data;
      if (data && data.menu === expected && data.state !== "pending") return false;
      // A 401 is the session's to recover; asking on would only repeat it.
      if (isUnauthorized(query.state.error)) return false;
      return Date.now() - since < RICH_MENU_POLL_LIMIT_MS ? RICH_MENU_POLL_MS : false;
    },
    refetchIntervalInBackground: false,
    // A failed ask is not worth an error on the notice; the next poll tries again.
    retry: false,
    staleTime: 0,
    gcTime: 0,
  });
}

/**
 * The switch to `expected` as the screen may state it: `initial` is what the write answered
 * ("pending" right after it: nothing has reached LINE yet). While pending, asks
 * GET /api/link/rich-menu every 2 s for up to ~60 s; a switch still pending after that is
 * shown as delayed ("failed"), which reads calmly: the menu follows later.
 */
export function useRichMenuSwitch(expected: ExpectedMenu, initial: RichMenuState): RichMenuState {
  const api = useApiClient();
  const scope = useMemberScope();
  const [since] = useState(() => Date.now());
  const [timedOut, setTimedOut] = useState(false);
  const polling = initial === "pending";
  const status = useQuery({ ...richMenuStatusQueryOptions(api, scope, expected, since), enabled: polling });

  const answered = status.data && status.data.menu === expected ? status.data.state : "pending";
  const settled = !polling || answered !== "pending";

  useEffect(() => {
    if (settled) return;
    const timer = setTimeout(() => setTimedOut(true), Math.max(0, since + RICH_MENU_POLL_LIMIT_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [settled, since]);

  if (!polling) return initial;
  if (answered !== "pending") return answered;
  return timedOut ? "failed" : "pending";
}
