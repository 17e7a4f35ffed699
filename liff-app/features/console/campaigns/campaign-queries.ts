import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CampaignActionResponse,
  CampaignAudienceResponse,
  CampaignDraftRequest,
  CampaignEstimate,
  CampaignListResponse,
} from "../../../../shared/api.ts";
import type { CouponBenefit } from "../../../../shared/merchant-contract.ts";
import { ApiError, unwrap } from "../../../lib/api-client.ts";
import { useApiClient } from "../../../lib/api-client-context.tsx";
import { useMemberScope } from "../../../lib/member-scope.ts";
import { consoleQueryKey } from "../console-queries.ts";

// The campaigns area's reads and writes against /api/console/campaigns.

export interface CatalogueCoupon {
  couponDefinitionId: string;
  title: string;
  benefit: CouponBenefit;
  validDays: number;
}

function useCampaignsKey() {
  return [...consoleQueryKey(useMemberScope()), "campaigns"] as const;
}

export function useCampaignList() {
  const api = useApiClient();
  const key = useCampaignsKey();
  return useQuery(
    queryOptions({
      queryKey: [...key, "list"],
      queryFn: ({ signal }): Promise<CampaignListResponse> =>
        unwrap(api.api.console.campaigns.$get(undefined, { init: { signal } })),
      // While something is on its way the numbers move: look again every few seconds.
      refetchInterval: (query) =>
        query.state.data?.campaigns.some((campaign) => campaign.state === "sending" || (campaign.results?.pending ?? 0) > 0)
          ? 5000
          : false,
    }),
  );
}

export function useCampaign(campaignId: string | null) {
  const api = useApiClient();
  const key = useCampaignsKey();
  return useQuery(
    queryOptions({
      queryKey: [...key, "one", campaignId],
      enabled: campaignId !== null,
      queryFn: ({ signal }): Promise<CampaignActionResponse> =>
        unwrap(api.api.console.campaigns[":id"].$get({ param: { id: campaignId ?? "" } }, { init: { signal } })),
      refetchInterval: (query) => {
        const campaign = query.state.data?.campaign;
        return campaign && (campaign.state === "sending" || (campaign.results?.pending ?? 0) > 0) ? 5000 : false;
      },
    }),
  );
}

export function useAudiences() {
  const api = useApiClient();
  const key = useCampaignsKey();
  return useQuery(
    queryOptions({
      queryKey: [...key, "audiences"],
      queryFn: ({ signal }): Promise<CampaignAudienceResponse> =>
        unwrap(api.api.console.campaigns.audiences.$get(undefined, { init: { signal } })),
    }),
  );
}

export function useCouponCatalogue() {
  const api = useApiClient();
  const key = useCampaignsKey();
  return useQuery(
    queryOptions({
      queryKey: [...key, "coupons"],
      queryFn: async ({ signal }): Promise<{ coupons: CatalogueCoupon[] }> =>
        unwrap(api.api.console.campaigns.coupons.$get(undefined, { init: { signal } })),
    }),
  );
}

export function useEstimate(campaignId: string | null, enabled: boolean) {
  const api = useApiClient();
  const key = useCampaignsKey();
  return useQuery(
    queryOptions({
      queryKey: [...key, "estimate", campaignId],
      enabled: enabled && campaignId !== null,
      // Counted afresh each time the confirmation opens.
      gcTime: 0,
      staleTime: 0,
      queryFn: ({ signal }): Promise<CampaignEstimate> =>
        unwrap(api.api.console.campaigns[":id"].estimate.$get({ param: { id: campaignId ?? "" } }, { init: { signal } })),
    }),
  );
}

/** Saves a draft: creates it the first time, rewrites it after. */
export function useSaveDraft() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const key = useCampaignsKey();
  return useMutation({
    mutationFn: ({ campaignId, draft }: { campaignId: string | null; draft: CampaignDraftRequest }) =>
      campaignId === null
        ? unwrap(api.api.console.campaigns.$post({ json: draft }))
        : unwrap(api.api.console.campaigns[":id"].$put({ param: { id: campaignId }, json: draft })),
    onSuccess: (saved) => queryClient.setQueryData([...key, "one", saved.campaign.campaignId], saved),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...key, "list"] }),
  });
}

type Action = { campaignId: string } & ({ kind: "test" | "send" | "cancel" } | { kind: "schedule"; at: string });

export function useCampaignAction() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  const key = useCampaignsKey();
  return useMutation({
    mutationFn: (action: Action): Promise<CampaignActionResponse> => {
      const param = { id: action.campaignId };
      const one = api.api.console.campaigns[":id"];
      switch (action.kind) {
        case "test":
          return unwrap(one.test.$post({ param }));
        case "send":
          return unwrap(one.send.$post({ param }));
        case "cancel":
          return unwrap(one.cancel.$post({ param }));
        case "schedule":
          return unwrap(one.schedule.$post({ param, json: { at: action.at } }));
      }
    },
    onSuccess: (result) => queryClient.setQueryData([...key, "one", result.campaign.campaignId], result),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

/** Fetches the results CSV (it needs the sign-in) and hands it to the browser as a download. */
export function useResultsCsv() {
  const api = useApiClient();
  return useMutation({
    mutationFn: async (campaignId: string) => {
      const response = await api.api.console.campaigns[":id"]["results.csv"].$get({ param: { id: campaignId } });
      if (!response.ok) throw await ApiError.fromResponse(response);
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = `campaign-${campaignId}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
}
