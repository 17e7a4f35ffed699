import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { ConsoleAuditResponse, ConsoleMeResponse } from "../../../shared/api.ts";
import { unwrap, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { identityQueryKey, useMemberScope, type MemberScope } from "../../lib/member-scope.ts";

/** The console's queries live under the LINE user's root: admin rights belong to the LINE account. */
export function consoleQueryKey(scope: MemberScope) {
  return [...identityQueryKey(scope), "console"] as const;
}

/** GET /api/console/me: the admin's name; 403 for everyone else. */
export function consoleMeQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: [...consoleQueryKey(scope), "me"],
    queryFn: ({ signal }): Promise<ConsoleMeResponse> => unwrap(api.api.console.me.$get(undefined, { init: { signal } })),
  });
}

export function useConsoleMe() {
  return useQuery(consoleMeQueryOptions(useApiClient(), useMemberScope()));
}

const AUDIT_PAGE_SIZE = 50;

/** GET /api/console/audit, newest first, a page at a time. */
export function useConsoleAudit() {
  const api = useApiClient();
  const scope = useMemberScope();
  return useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: [...consoleQueryKey(scope), "audit"],
      queryFn: ({ pageParam, signal }): Promise<ConsoleAuditResponse> => {
        const query = pageParam === null ? { limit: AUDIT_PAGE_SIZE } : { limit: AUDIT_PAGE_SIZE, before: pageParam };
        return unwrap(api.api.console.audit.$get({ query }, { init: { signal } }));
      },
      initialPageParam: null as number | null,
      getNextPageParam: (page) => page.nextBefore,
    }),
  );
}
