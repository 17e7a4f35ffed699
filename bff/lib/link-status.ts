import type { LinkStatus } from "../../shared/api.ts";
import type { MemberSummary } from "../../shared/merchant-contract.ts";

/** The app's view of a link: the member's summary without the merchant's internal id. */
export function linkStatusOf(summary: MemberSummary | null): LinkStatus {
  if (!summary) return { status: "unlinked" };
  const { memberId: _internal, ...member } = summary;
  return { status: "linked", member };
}
