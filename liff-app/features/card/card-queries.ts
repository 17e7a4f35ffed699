import { queryOptions } from "@tanstack/react-query";
import type { CardActivityResponse, CardDevicesResponse, MemberCardResponse } from "../../../shared/api.ts";
import { ApiError, isUnauthorized, unwrap, type ApiClient } from "../../lib/api-client.ts";
import { forgetLastKnownCard, saveLastKnownCard } from "../../lib/last-known-card.ts";
import { identityQueryKey, memberQueryKey, type MemberScope } from "../../lib/member-scope.ts";
import { deleteCardKey, loadCardKey, rememberedCardKey, type CardKey } from "./card-key-store.ts";

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

/** The card as the BFF answered, with what the phone learnt from the answer. */
export interface MemberCardAnswer extends MemberCardResponse {
  /** The BFF's clock minus the phone's, measured at the middle of the round trip. */
  clockOffsetMs: number;
  /** The device this request named (the phone's key of the moment), or null. */
  askedForDevice: string | null;
  /** When the answer arrived, by the phone's clock (the server code's countdown starts there). */
  receivedAt: number;
}

/**
 * The member and a fresh server-issued QR token (the fallback for a phone without a key), and
 * whether the phone's key still works. Each answer is kept as the last known card, for a first
 * paint from memory and for offline; "not linked" drops it and the key.
 */
export function memberCardQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: cardKeys.card(scope),
    queryFn: async ({ signal }): Promise<MemberCardAnswer> => {
      const { lineUserId } = scope;
      const key = lineUserId ? (rememberedCardKey(lineUserId) ?? (await loadCardKey(lineUserId))) : null;
      const query = key ? { device: key.deviceId } : {};
      const sentAt = Date.now();
      try {
        const card = await unwrap(api.api.card.$get({ query }, { init: { signal } }));
        const receivedAt = Date.now();
        const serverTime = card.serverTime ? Date.parse(card.serverTime) : null;
        const clockOffsetMs = serverTime === null ? 0 : Math.round(serverTime - (sentAt + receivedAt) / 2);
        // Details the BFF answered from its last known copy are as old as that copy.
        const savedAt = card.memberAsOf ? Date.parse(card.memberAsOf) : receivedAt;
        if (lineUserId) saveLastKnownCard(lineUserId, { member: card.member, savedAt, clockOffsetMs });
        return { ...card, clockOffsetMs, askedForDevice: key?.deviceId ?? null, receivedAt };
      } catch (error) {
        if (error instanceof ApiError && error.code === "not_linked" && lineUserId) {
          forgetLastKnownCard(lineUserId);
          await deleteCardKey(lineUserId);
        }
        throw error;
      }
    },
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
