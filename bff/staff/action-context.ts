import type { Context } from "hono";
import { readMemberSnapshot } from "../card/member-snapshot.ts";
import { findActionableScan } from "../card/scans.ts";
import type { AppEnv } from "../env.ts";
import { UpstreamError } from "../lib/errors.ts";

/**
 * The scan this staff member may act on (points, check-ins, coupons), with the store they act
 * for (which must be theirs), while the member is still linked as when scanned: an unlink, or a
 * link to someone else since, ends what the scan allows. When the merchant is down, the link the
 * BFF last read for the member stands in (`merchantDown`): the action itself then decides whether
 * it can wait for the merchant (a check-in, an award) or not.
 */
export async function actionContext(c: Context<AppEnv>, scanId: string, storeId: string) {
  const staff = c.get("staff");
  const store = staff.stores.find((s) => s.storeId === storeId);
  if (!store) return { refused: { status: 403, code: "forbidden", message: "You cannot act for this store" } } as const;
  const scan = await findActionableScan(c.env.DB, scanId, staff.staffId);
  if (!scan) return { refused: { status: 404, code: "not_found", message: "Scan the member card again" } } as const;
  let merchantDown = false;
  let link;
  try {
    link = await c.get("merchant").getMemberLineLink(scan.memberId);
  } catch (error) {
    const snapshot = error instanceof UpstreamError && error.isOutage ? await readMemberSnapshot(c.env.DB, scan.memberId) : null;
    if (!snapshot) throw error;
    link = snapshot.link;
    merchantDown = true;
  }
  if (!link || link.linkedAt !== scan.linkedAt) {
    const message = "This membership is no longer linked to LINE: ask the customer to link again";
    return { refused: { status: 422, code: "member_unlinked", message } } as const;
  }
  return { scan, store, merchantDown } as const;
}
