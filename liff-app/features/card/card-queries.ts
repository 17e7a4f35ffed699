import { queryOptions } from "@tanstack/react-query";
import type { CardActivityResponse, CardDevicesResponse } from "../../../shared/api.ts";
import { isUnauthorized, unwrap, type ApiClient } from "../../lib/api-client.ts";
import { identityQueryKey, memberQueryKey, type MemberScope } from "../../lib/member-scope.ts";
import { fetchMemberCard, takeArrivedEarlyMemberCard, takeEarlyMemberCard, type MemberCardAnswer } from "./card-fetch.ts";
import { loadCardKey, rememberedCardKey, type CardKey } from "./card-key-store.ts";

export type { MemberCardAnswer } from "./card-fetch.ts";

// The card and what staff did with it are the membership's: under the member's root, they go
// when the link does, and another LINE user on this phone never sees them.
const cardKeys = {
  card: (scope: MemberScope) => [...memberQueryKey(scope), "card"] as const,
  activity: (scope: MemberScope, cursor: string | null) => [...cardKeys.card(scope), "activity", cursor] as const,
  // The phone's key belongs to the LINE user on this phone, whatever the link does.
  phoneKey: (scope: MemberScope) => [...identityQueryKey(scope), "card-key"] as const,
  phones: (scope: MemberScope) => [...cardKeys.card(scope), "phones"] as const,
};

/** The phones whose keys make this member's codes (GET /api/card/devices). */
export function cardPhonesQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: cardKeys.phones(scope),
    queryFn: ({ signal }): Promise<CardDevicesResponse> => unwrap(api.api.card.devices.$get(undefined, { init: { signal } })),
  });
}

/**
 * The member and a fresh server-issued QR token (the fallback for a phone without a key), and
 * whether the phone's key still works. Each answer is kept as the last known card, for a first
 * paint from memory and for offline; "not linked" drops it and the key.
 */
export function memberCardQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: cardKeys.card(scope),
    // The answer the page's first script asked for while the app loaded, if any (once).
    queryFn: ({ signal }): Promise<MemberCardAnswer> =>
      takeEarlyMemberCard(scope.lineUserId) ?? fetchMemberCard(api, scope.lineUserId, signal),
    // Already arrived (the page drew it before the app rendered): on screen from the first render.
    initialData: () => takeArrivedEarlyMemberCard(scope.lineUserId),
    // Long enough for a prefetch to reach the screen; a code is never kept past its life.
    gcTime: 15_000,
    // Back in the foreground, a card that sat in the background gets a new code at once.
    refetchOnWindowFocus: "always",
    // A phone whose key works makes its own codes: the card is asked for again only on focus.
    refetchInterval: (query) =>
      query.state.data?.device === "active" ? false : (query.state.data?.refreshAfterSeconds ?? 30) * 1000,
  });
}

/** This phone's card key for the signed-in LINE user (IndexedDB, no network: it works offline). */
export function phoneKeyQueryOptions(scope: MemberScope) {
  const remembered = rememberedCardKey(scope.lineUserId);
  return queryOptions({
    queryKey: cardKeys.phoneKey(scope),
    queryFn: (): Promise<CardKey | null> => (scope.lineUserId ? loadCardKey(scope.lineUserId) : Promise.resolve(null)),
    initialData: remembered ?? undefined,
    networkMode: "always",
    staleTime: Infinity,
    gcTime: Infinity,
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
