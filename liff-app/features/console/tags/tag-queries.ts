import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  AddTagRequest,
  RemoveTagRequest,
  SaveTagRuleRequest,
  SegmentListResponse,
  TagListResponse,
  TagRuleListResponse,
} from "../../../../shared/console-segments.ts";
import { expectSuccess, unwrap } from "../../../lib/api-client.ts";
import { useApiClient } from "../../../lib/api-client-context.tsx";
import { useMemberScope, type MemberScope } from "../../../lib/member-scope.ts";
import { consoleQueryKey } from "../console-queries.ts";

const tagsKey = (scope: MemberScope) => [...consoleQueryKey(scope), "tags"] as const;

/** GET /api/console/tags: tags in use with how many carry each. */
export function useTagList() {
  const api = useApiClient();
  const scope = useMemberScope();
  return useQuery(
    queryOptions({
      queryKey: [...tagsKey(scope), "list"],
      queryFn: ({ signal }): Promise<TagListResponse> => unwrap(api.api.console.tags.$get(undefined, { init: { signal } })),
    }),
  );
}

/** GET /api/console/tags/rules. */
export function useTagRules() {
  const api = useApiClient();
  const scope = useMemberScope();
  return useQuery(
    queryOptions({
      queryKey: [...tagsKey(scope), "rules"],
      queryFn: ({ signal }): Promise<TagRuleListResponse> =>
        unwrap(api.api.console.tags.rules.$get(undefined, { init: { signal } })),
    }),
  );
}

/** GET /api/console/segments: the saved segments a rule can be made from. */
export function useRuleSegments() {
  const api = useApiClient();
  const scope = useMemberScope();
  return useQuery(
    queryOptions({
      queryKey: [...tagsKey(scope), "segments"],
      queryFn: ({ signal }): Promise<SegmentListResponse> =>
        unwrap(api.api.console.segments.$get(undefined, { init: { signal } })),
    }),
  );
}

/** Tag writes: the tag list and rules are read again after each. */
export function useTagWrites() {
  const api = useApiClient();
  const scope = useMemberScope();
  const queryClient = useQueryClient();
  const onSettled = () => queryClient.invalidateQueries({ queryKey: tagsKey(scope) });
  return {
    add: useMutation({
      mutationFn: (request: AddTagRequest) => unwrap(api.api.console.tags.add.$post({ json: request })),
      onSettled,
    }),
    remove: useMutation({
      mutationFn: (request: RemoveTagRequest) => unwrap(api.api.console.tags.remove.$post({ json: request })),
      onSettled,
    }),
    saveRule: useMutation({
      mutationFn: ({ ruleId, request }: { ruleId: string; request: SaveTagRuleRequest }) =>
        unwrap(api.api.console.tags.rules[":ruleId"].$put({ param: { ruleId }, json: request })),
      onSettled,
    }),
    applyRule: useMutation({
      mutationFn: (ruleId: string) => unwrap(api.api.console.tags.rules[":ruleId"].apply.$post({ param: { ruleId } })),
      onSettled,
    }),
    deleteRule: useMutation({
      mutationFn: (ruleId: string) => expectSuccess(api.api.console.tags.rules[":ruleId"].$delete({ param: { ruleId } })),
      onSettled,
    }),
  };
}
