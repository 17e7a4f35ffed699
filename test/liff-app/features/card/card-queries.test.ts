import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { cardActivityQueryOptions, memberCardQueryOptions } from "../../../../liff-app/features/card/card-queries.ts";
import { createApiClient } from "../../../../liff-app/lib/api-client.ts";
import { forgetMemberData } from "../../../../liff-app/lib/member-scope.ts";
import { linkedMe, memberCardFor } from "../../fixtures.ts";

const api = createApiClient({ getIdToken: () => null });
const member = linkedMe.link.status === "linked" ? linkedMe.link.member : null!;
const hanako = { lineUserId: "U-hanako" };
const taro = { lineUserId: "U-taro" };

describe("card queries", () => {
  it("drop the card and its activity when the link changes, and only this LINE user's", () => {
    const queryClient = new QueryClient();
    for (const scope of [hanako, taro]) {
      queryClient.setQueryData(memberCardQueryOptions(api, scope).queryKey, {
        ...memberCardFor(member),
        clockOffsetMs: 0,
        askedForDevice: null,
        receivedAt: Date.now(),
      });
      queryClient.setQueryData(cardActivityQueryOptions(api, scope, null).queryKey, { activities: [], cursor: "1.0" });
    }
    forgetMemberData(queryClient, hanako);
    expect(queryClient.getQueryData(memberCardQueryOptions(api, hanako).queryKey)).toBeUndefined();
    expect(queryClient.getQueryData(cardActivityQueryOptions(api, hanako, null).queryKey)).toBeUndefined();
    expect(queryClient.getQueryData(memberCardQueryOptions(api, taro).queryKey)).toBeDefined();
  });
});
