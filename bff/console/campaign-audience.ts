import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { MerchantClient } from "../merchant/client.ts";
import type { AudiencePages } from "./campaigns.ts";
import { loadSavedSegment, segmentMembersPage } from "./segments.ts";

// Who a campaign goes to: a saved segment (bff/console/segments.ts evaluates it: the merchant's
// part through the contract's segment operation, the LINE part in D1, blocked friends left out),
// or, without one, every member linked to LINE as the merchant lists them (listLineLinks).
// Members who blocked the account are skipped when their message is recorded either way.

export function campaignAudience(merchant: MerchantClient, db: D1Database): AudiencePages {
  return async (segmentId, page) => {
    if (segmentId === null) {
      const links = await merchant.listLineLinks({ cursor: page.cursor ?? undefined, limit: Math.min(500, page.limit) });
      return { lineUserIds: links.links.map((link) => link.lineUserId), nextCursor: links.nextCursor };
    }
    const segment = await loadSavedSegment(db, segmentId);
    // A segment deleted after the campaign was saved: nobody, rather than the wrong people.
    if (!segment) throw new Error("the campaign's saved segment no longer exists");
    return segmentMembersPage({ db, merchant }, segment.definition, page);
  };
}

/** How many members an audience has now: reads it through, page by page (at most `maxPages`). */
export async function countAudience(audience: AudiencePages, segmentId: string | null, maxPages = 1000): Promise<number> {
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const result = await audience(segmentId, { cursor, limit: 500 });
    for (const id of result.lineUserIds) seen.add(id);
    cursor = result.nextCursor;
    if (cursor === null) return seen.size;
  }
  throw new Error(`the audience could not be counted in ${maxPages} pages`);
}
