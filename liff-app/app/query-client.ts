import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError, isUnauthorized } from "../lib/api-client.ts";
import type { LiffSession } from "../lib/liff-session.ts";
import { createSessionRecovery, type SessionRecovery } from "../lib/session-recovery.tsx";

/**
 * The app's QueryClient, and the one place a 401 turns into a re-login: every query and
 * mutation error passes through the caches' onError.
 */
export function createAppQueryClient(
  relogin: LiffSession["relogin"],
  storage?: Pick<Storage, "getItem" | "setItem">,
): { queryClient: QueryClient; recovery: SessionRecovery } {
  const recovery = createSessionRecovery({
    relogin,
    storage,
    onTokenRefreshed: () => queryClient.invalidateQueries(),
  });
  const onError = (error: unknown) => {
    if (isUnauthorized(error)) void recovery.recover();
  };
  const queryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        // An answer from the BFF is final (it already waited on the merchant) and the screen
        // offers a Retry; only a request that got no answer at all is worth one quiet retry.
        retry: (failureCount, error) => !(error instanceof ApiError) && failureCount < 1,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  });
  return { queryClient, recovery };
}
