import type { MerchantClient } from "../merchant/client.ts";
import type { AudiencePages } from "./campaigns.ts";

// Who a campaign goes to. Without a segment: every member linked to LINE, as the merchant lists
// them (the contract's listLineLinks, 500 a page). A saved segment is evaluated by the segments
// area (bff/console/segments.ts); until that is part of this build, a campaign with a segment
// id is refused when it is sent rather than sent to the wrong people.

export const EVERY_LINKED_MEMBER = null;

export function campaignAudience(merchant: Pick<MerchantClient, "listLineLinks">): AudiencePages {
  return async (segmentId, page) => {
    if (segmentId !== null) throw new Error("saved segments are not available in this build");
    const links = await merchant.listLineLinks({ cursor: page.cursor ?? undefined, limit: Math.min(500, page.limit) });
    return { lineUserIds: links.links.map((link) => link.lineUserId), nextCursor: links.nextCursor };
  };
}

/** How many members an audience has now: reads it through, page by page (at most `maxPages`). */
export async function countAudience(audience: AudiencePages, segmentId: string | null, maxPages = 400): Promise<number> {
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const result = await audience(segmentId, { cursor, limit: 500 });
    for (const id of result.lineUserIds) seen.add(id);
    cursor = result.nextCursor;
    if (cursor === null) return seen.size;
  }
  throw new Error(`the audience has more than ${maxPages * 500} members`);
}
