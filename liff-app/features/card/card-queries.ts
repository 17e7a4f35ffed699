import { queryOptions } from "@tanstack/react-query";
import type { CardActivityResponse, MemberCardResponse } from "../../../shared/api.ts";
import { ApiError, isUnauthorized, type ApiClient } from "../../lib/api-client.ts";

/** A fresh single-use QR token each fetch: never cached beyond the screen that shows it. */
export function memberCardQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ["card"],
    queryFn: async ({ signal }): Promise<MemberCardResponse> => {
      const response = await api.api.card.$get(undefined, { init: { signal } });
      if (!response.ok) throw await ApiError.fromResponse(response);
      return response.json();
    },
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
export function cardActivityQueryOptions(api: ApiClient, cursor: string | null) {
  return queryOptions({
    queryKey: ["card", "activity", cursor],
    queryFn: async ({ signal }): Promise<CardActivityResponse> => {
      const query = cursor === null ? {} : { cursor };
      const response = await api.api.card.activity.$get({ query }, { init: { signal } });
      if (!response.ok) throw await ApiError.fromResponse(response);
      return response.json();
    },
    // A 401 is the session's to recover (one re-login); polling on would only repeat it.
    refetchInterval: (query) => (isUnauthorized(query.state.error) ? false : 3000),
    // A failed poll is not worth an error on the card; the next one tries again.
    retry: false,
  });
}
