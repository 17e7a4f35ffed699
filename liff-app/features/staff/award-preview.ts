import { queryOptions, useQuery } from "@tanstack/react-query";
import type { AwardPreviewResponse } from "../../../shared/api.ts";
import { unwrap, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { identityQueryKey, useMemberScope, type MemberScope } from "../../lib/member-scope.ts";

export interface AwardPreviewRequest {
  scanId: string;
  storeId: string;
  purchaseAmountYen: number;
}

export function getAwardPreview(
  api: ApiClient,
  { scanId, storeId, purchaseAmountYen }: AwardPreviewRequest,
  signal?: AbortSignal,
): Promise<AwardPreviewResponse> {
  return unwrap(
    api.api.staff.scans[":scanId"]["award-preview"].$get(
      { param: { scanId }, query: { storeId, purchaseAmountYen: String(purchaseAmountYen) } },
      { init: { signal } },
    ),
  );
}

/** GET /api/staff/scans/:scanId/award-preview: the points the merchant's rule gives for a purchase. */
export function awardPreviewQueryOptions(api: ApiClient, scope: MemberScope, request: AwardPreviewRequest) {
  return queryOptions({
    queryKey: [...identityQueryKey(scope), "staff", "award-preview", request.scanId, request.storeId, request.purchaseAmountYen],
    queryFn: ({ signal }) => getAwardPreview(api, request, signal),
    // A preview only adds words to the question: no retries that keep staff waiting.
    retry: false,
  });
}

/** The points an award would give, or null while asking, when it failed, or when the merchant can't tell. */
export function useAwardPreview(request: AwardPreviewRequest | null): number | null {
  const api = useApiClient();
  const scope = useMemberScope();
  const preview = useQuery({
    ...awardPreviewQueryOptions(api, scope, request ?? { scanId: "", storeId: "", purchaseAmountYen: 0 }),
    enabled: request !== null,
  });
  return preview.data?.points ?? null;
}
