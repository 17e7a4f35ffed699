import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Scenario, ScenarioInput, ScenarioListResponse } from "../../../../shared/console-scenarios.ts";
import { unwrap, type ApiClient } from "../../../lib/api-client.ts";
import { useApiClient } from "../../../lib/api-client-context.tsx";
import { useMemberScope, type MemberScope } from "../../../lib/member-scope.ts";
import { consoleQueryKey } from "../console-queries.ts";

const scenariosKey = (scope: MemberScope) => [...consoleQueryKey(scope), "scenarios"] as const;

/** GET /api/console/scenarios: every scenario with its steps and each step's results. */
export function scenariosQueryOptions(api: ApiClient, scope: MemberScope) {
  return queryOptions({
    queryKey: scenariosKey(scope),
    queryFn: ({ signal }): Promise<ScenarioListResponse> =>
      unwrap(api.api.console.scenarios.$get(undefined, { init: { signal } })),
  });
}

export function useScenarios() {
  return useQuery(scenariosQueryOptions(useApiClient(), useMemberScope()));
}

/** POST a new scenario, or PUT an existing one; the list is read again after. */
export function useSaveScenario() {
  const api = useApiClient();
  const scope = useMemberScope();
  const queryClient = useQueryClient();
  return useMutation({
    // Saves of one scenario run one at a time, in the order they were asked.
    scope: { id: "console-scenario-save" },
    mutationFn: ({ scenarioId, input }: { scenarioId: string | null; input: ScenarioInput }): Promise<Scenario> =>
      scenarioId === null
        ? unwrap(api.api.console.scenarios.$post({ json: input }))
        : unwrap(api.api.console.scenarios[":scenarioId"].$put({ param: { scenarioId }, json: input })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: scenariosKey(scope) }),
  });
}

/** Pauses or resumes a scenario. */
export function useScenarioState() {
  const api = useApiClient();
  const scope = useMemberScope();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ scenarioId, to }: { scenarioId: string; to: "pause" | "resume" }): Promise<Scenario> => {
      const route = api.api.console.scenarios[":scenarioId"];
      return unwrap(
        to === "pause" ? route.pause.$post({ param: { scenarioId } }) : route.resume.$post({ param: { scenarioId } }),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: scenariosKey(scope) }),
  });
}
