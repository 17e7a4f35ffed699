import { queryOptions, useQuery } from "@tanstack/react-query";
import type { MeResponse } from "../../shared/api.ts";
import { ApiError, type ApiClient } from "./api-client.ts";
import { useApiClient } from "./api-client-context.tsx";

// Who the signed-in LINE user is to this merchant. Shared rather than in a feature: the home
// screen, linking and the staff screen all read it, and linking must invalidate it.

export async function getMe(api: ApiClient, signal?: AbortSignal): Promise<MeResponse> {
  const response = await api.api.me.$get(undefined, { init: { signal } });
  if (!response.ok) throw await ApiError.fromResponse(response);
  return response.json();
}

export function meQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: ["me"],
    queryFn: ({ signal }) => getMe(api, signal),
  });
}

export function useMe() {
  return useQuery(meQueryOptions(useApiClient()));
}
