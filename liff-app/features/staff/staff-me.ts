import { queryOptions, useQuery } from "@tanstack/react-query";
import type { StaffMeResponse } from "../../../shared/api.ts";
import { ApiError, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";

/** The staff member and the stores they act for; 403 for everyone else. */
export type StaffMember = StaffMeResponse;

export async function getStaffMe(api: ApiClient, signal?: AbortSignal): Promise<StaffMember> {
  const response = await api.api.staff.me.$get(undefined, { init: { signal } });
  if (!response.ok) throw await ApiError.fromResponse(response);
  return response.json();
}

export function staffMeQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ["staff", "me"],
    queryFn: ({ signal }) => getStaffMe(api, signal),
  });
}

export function useStaffMe() {
  return useQuery(staffMeQueryOptions(useApiClient()));
}

/** The BFF's answer to anyone who is not staff: the screen then says nothing of what is here. */
export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.code === "forbidden";
}
