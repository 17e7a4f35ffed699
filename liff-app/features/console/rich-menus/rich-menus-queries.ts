import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ConsoleRichMenuApplyResponse, ConsoleRichMenusResponse } from "../../../../shared/api.ts";
import { ApiError, unwrap, type ApiClient } from "../../../lib/api-client.ts";
import { useApiClient } from "../../../lib/api-client-context.tsx";
import { useMemberScope, type MemberScope } from "../../../lib/member-scope.ts";
import { consoleQueryKey } from "../console-queries.ts";

const richMenusKey = (scope: MemberScope) => [...consoleQueryKey(scope), "rich-menus"] as const;

/** GET /api/console/rich-menus: the exported menus, taps per area and the plan against LINE. */
export function richMenusQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: richMenusKey(scope),
    queryFn: ({ signal }): Promise<ConsoleRichMenusResponse> =>
      unwrap(api.api.console["rich-menus"].$get(undefined, { init: { signal } })),
  });
}

export function useConsoleRichMenus() {
  return useQuery(richMenusQueryOptions(useApiClient(), useMemberScope()));
}

/** A menu's image as a data: URL (the request carries the admin's token, so an <img src> to the API cannot). */
export function useRichMenuImage(key: string) {
  const api = useApiClient();
  const scope = useMemberScope();
  return useQuery({
    queryKey: [...richMenusKey(scope), "image", key],
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }): Promise<string> => {
      const response = await api.api.console["rich-menus"][":key"].image.$get({ param: { key } }, { init: { signal } });
      if (!response.ok) throw await ApiError.fromResponse(response);
      const bytes = new Uint8Array(await response.arrayBuffer());
      let binary = "";
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return `data:${response.headers.get("content-type") ?? "image/png"};base64,${btoa(binary)}`;
    },
  });
}

/** POST /api/console/rich-menus/apply; the plan is read again after. */
export function useApplyRichMenus() {
  const api = useApiClient();
  const scope = useMemberScope();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: { deleteStale: boolean }): Promise<ConsoleRichMenuApplyResponse> =>
      unwrap(api.api.console["rich-menus"].apply.$post({ json: request })),
    onSettled: () => client.invalidateQueries({ queryKey: richMenusKey(scope) }),
  });
}
