import { queryOptions, useQuery } from "@tanstack/react-query";
import type { StaffMeResponse } from "../../../shared/api.ts";
import { ApiError, unwrap, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { identityQueryKey, useMemberScope, type MemberScope } from "../../lib/member-scope.ts";

/** The staff member and the stores they act for; 403 for everyone else. */
export type StaffMember = StaffMeResponse;

export function getStaffMe(api: ApiClient, signal?: AbortSignal): Promise<StaffMember> {
  return unwrap(api.api.staff.me.$get(undefined, { init: { signal } }));
}

/** Under the LINE user's root: staff rights belong to the LINE account, not to a membership. */
export function staffMeQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: [...identityQueryKey(scope), "staff", "me"],
    queryFn: ({ signal }) => getStaffMe(api, signal),
  });
}

export function useStaffMe() {
  return useQuery(staffMeQueryOptions(useApiClient(), useMemberScope()));
}

/** The BFF's answer to anyone who is not staff: the screen then says nothing of what is here. */
export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.code === "forbidden";
}
