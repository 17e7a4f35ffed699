import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { RegisterActionView, TodaysActionsResponse } from "../../../shared/api.ts";
import { unwrap, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useKeyedWrite } from "../../lib/keyed-write.ts";
import { identityQueryKey, useMemberScope, type MemberScope } from "../../lib/member-scope.ts";

export type RegisterAction = RegisterActionView;

/** A void and the place it was asked from (the last action's result, or the list of the day). */
export interface VoidAsked {
  actionId: string;
  from: "result" | "today";
}

export function getTodaysActions(api: ApiClient, storeId: string, signal?: AbortSignal): Promise<TodaysActionsResponse> {
  return unwrap(api.api.staff.actions.$get({ query: { storeId } }, { init: { signal } }));
}

/** Every store's list of the day, under the LINE user's root: staff rights belong to the LINE account. */
export const todaysActionsRootKey = (scope: MemberScope) => [...identityQueryKey(scope), "staff", "actions"] as const;

/** GET /api/staff/actions?storeId=…: this staff member's actions at the store today, newest first. */
export function todaysActionsQueryOptions(api: ApiClient, scope: MemberScope, storeId: string) {
  return queryOptions({
    queryKey: [...todaysActionsRootKey(scope), storeId],
    queryFn: ({ signal }) => getTodaysActions(api, storeId, signal),
  });
}

export function useTodaysActions(storeId: string) {
  return useQuery(todaysActionsQueryOptions(useApiClient(), useMemberScope(), storeId));
}

/** The list of the day is read again: an action or a void was just recorded. */
export function useRefreshTodaysActions() {
  const queryClient = useQueryClient();
  const scope = useMemberScope();
  return () => void queryClient.invalidateQueries({ queryKey: todaysActionsRootKey(scope) });
}

/**
 * POST /api/staff/actions/:actionId/void, one at a time, with an Idempotency-Key that a retry
 * of an open outcome keeps: a void is asked for once however it is tapped.
 */
export function useVoidAction() {
  const api = useApiClient();
  const refresh = useRefreshTodaysActions();
  const write = useKeyedWrite({
    describe: (actionId: string) => ({ method: "POST", path: `/api/staff/actions/${actionId}/void`, body: null }),
    send: (actionId: string, idempotencyKey: string) =>
      unwrap(
        api.api.staff.actions[":actionId"].void.$post({ param: { actionId }, header: { "idempotency-key": idempotencyKey } }),
      ),
    onSuccess: refresh,
    finishes: false,
  });
  const [asked, setAsked] = useState<VoidAsked | null>(null);
  return {
    send: (request: VoidAsked) => {
      if (write.isPending) return;
      setAsked(request);
      write.send(request.actionId);
    },
    /** The void asked for last and where: only that place shows how it went. */
    asked,
    isPending: write.isPending,
    error: write.error,
    /** The same void may be asked again with its key: the first one's outcome is unknown. */
    outcomeOpen: write.outcomeOpen,
    result: write.result,
  };
}
