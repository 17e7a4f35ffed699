import { useQueryClient } from "@tanstack/react-query";
import type { LinkRequest, LinkResponse } from "../../../shared/api.ts";
import { ApiError, unwrap, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useKeyedWrite } from "../../lib/keyed-write.ts";
import { forgetMemberData, useMemberScope } from "../../lib/member-scope.ts";
import { cacheLinkStatus, refreshMe } from "../../lib/me.ts";

/**
 * POST /api/link: links this LINE account to the membership the credentials prove. A retry
 * with the same key gets the first link's answer, not 409 already_linked.
 */
export function linkMember(api: ApiClient, request: LinkRequest, idempotencyKey: string): Promise<LinkResponse> {
  return unwrap(api.api.link.$post({ json: request, header: { "idempotency-key": idempotencyKey } }));
}

/** Links once per form: after the answer the form sends nothing more while the card loads. */
export function useLinkMember() {
  const api = useApiClient();
  const scope = useMemberScope();
  const queryClient = useQueryClient();
  return useKeyedWrite({
    describe: (request: LinkRequest) => ({ method: "POST", path: "/api/link", body: request }),
    send: (request: LinkRequest, idempotencyKey: string) => linkMember(api, request, idempotencyKey),
    onSuccess: ({ link }) => {
      // Whatever was cached belonged to the account as it was before the link.
      forgetMemberData(queryClient, scope);
      cacheLinkStatus(queryClient, api, scope, link);
    },
    onError: (error) => {
      // The app thought this account was unlinked; the BFF knows better.
      if (error instanceof ApiError && error.code === "already_linked") void refreshMe(queryClient, api, scope);
    },
  });
}
