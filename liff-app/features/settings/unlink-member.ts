import { useQueryClient } from "@tanstack/react-query";
import type { LinkResponse } from "../../../shared/api.ts";
import { ApiError, unwrap, type ApiClient } from "../../lib/api-client.ts";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { useKeyedWrite } from "../../lib/keyed-write.ts";
import { forgetMemberData, useMemberScope } from "../../lib/member-scope.ts";
import { cacheLinkStatus, refreshMe } from "../../lib/me.ts";

/** DELETE /api/link: removes the link at the merchant; the BFF restores the non-member rich menu. */
export function unlinkMember(api: ApiClient, idempotencyKey: string): Promise<LinkResponse> {
  return unwrap(api.api.link.$delete({ header: { "idempotency-key": idempotencyKey } }));
}

export function useUnlinkMember() {
  const api = useApiClient();
  const scope = useMemberScope();
  const queryClient = useQueryClient();
  return useKeyedWrite({
    describe: () => ({ method: "DELETE", path: "/api/link" }),
    send: (_request: void, idempotencyKey: string) => unlinkMember(api, idempotencyKey),
    onSuccess: ({ link }) => {
      // The balance, orders and reservations were the membership's: none of it may show now.
      forgetMemberData(queryClient, scope);
      cacheLinkStatus(queryClient, api, scope, link);
    },
    onError: (error) => {
      // Unlinked elsewhere meanwhile (another device, the shop): show what is true now.
      if (error instanceof ApiError && error.code === "not_linked") {
        forgetMemberData(queryClient, scope);
        void refreshMe(queryClient, api, scope);
      }
    },
  });
}
