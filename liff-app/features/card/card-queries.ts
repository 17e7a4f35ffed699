import { queryOptions } from "@tanstack/react-query";
import type { CardActivityResponse, MemberCardResponse } from "../../../shared/api.ts";
import { isUnauthorized, unwrap, type ApiClient } from "../../lib/api-client.ts";
import { memberQueryKey, type MemberScope } from "../../lib/member-scope.ts";

// The card and what staff did with it are the membership's: under the member's root, they go
// when the link does, and another LINE user on this phone never sees them.
const cardKeys = {
  card: (scope: MemberScope) => [...memberQueryKey(scope), "card"] as const,
  activity: (scope: MemberScope, cursor: string | null) => [...cardKeys.card(scope), "activity", cursor] as const,
};

/** A fresh single-use QR token each fetch: never cached beyond the screen that shows it. */
export function memberCardQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: cardKeys.card(scope),
    queryFn: ({ signal }): Promise<MemberCardResponse> => unwrap(api.api.card.$get({ query: {} }, { init: { signal } })),
    // Long enough for a prefetch to reach the screen; a code is never kept past its life.
    gcTime: 15_000,
    // Back in the foreground, a card that sat in the background gets a new code at once.
    refetchOnWindowFocus: "always",
    refetchInterval: (query) => (query.state.data?.refreshAfterSeconds ?? 30) * 1000,
  });
}

/**
 * What staff did with this member's card after `cursor` (null: from now on, by the server's
 * clock); polled while the card shows. Each answer carries the cursor to ask with next.
 */
export function cardActivityQueryOptions(api: ApiClient, scope: MemberScope, cursor: string | null) {
  return queryOptions({
    queryKey: cardKeys.activity(scope, cursor),
    queryFn: ({ signal }): Promise<CardActivityResponse> => {
      const query = cursor === null ? {} : { cursor };
      return unwrap(api.api.card.activity.$get({ query }, { init: { signal } }));
    },
    // A 401 is the session's to recover (one re-login); polling on would only repeat it.
    refetchInterval: (query) => (isUnauthorized(query.state.error) ? false : 3000),
    // A failed poll is not worth an error on the card; the next one tries again.
    retry: false,
  });
}
