import type { D1Database } from "@cloudflare/workers-types/experimental";
import { cardActionMessage } from "../card/messages.ts";
import { recordCardAction, type MemberCardAction, type MemberCardScan } from "../card/scans.ts";
import { publicNotice, type Outbox } from "../delivery/outbox.ts";
import type { Logger } from "../lib/log.ts";
import { languageOf } from "../lib/user-language.ts";
import type { MerchantClient } from "../merchant/client.ts";
import { recordRegisterActionDetails, type RegisterActionDetails } from "./register-log.ts";

/** What recording an applied register action needs: the request's or the deferred-write processor's. */
export interface ActionRecordDependencies {
  db: D1Database;
  merchant: MerchantClient;
  outbox: Outbox;
  log: Logger;
}

/** The key an action is recorded and messaged under: its kind with the staff member's key. */
export const actionKey = (kind: MemberCardAction["kind"], key: string) => `${kind}:${key}`;

/**
 * Records an action the merchant applied, for the customer's card and the register's list (with
 * the action id a void takes), and its LINE message in the outbox, once per action key: the
 * online request and a deferred write applied later (even twice) record the same one.
 */
export async function recordAppliedAction(
  deps: ActionRecordDependencies,
  key: string,
  scan: MemberCardScan,
  action: MemberCardAction,
  details: RegisterActionDetails,
): Promise<{ lineNotice: "queued" | "none"; actionId: string }> {
  const firstTime = await recordCardAction(deps.db, key, scan, action);
  const actionId = await recordRegisterActionDetails(deps.db, action.kind, key, details);
  return { lineNotice: await queueActionMessage(deps, key, scan, action, firstTime), actionId };
}

async function queueActionMessage(
  deps: ActionRecordDependencies,
  key: string,
  scan: MemberCardScan,
  action: MemberCardAction,
  firstTime: boolean,
): Promise<"queued" | "none"> {
  const link = await deps.merchant.getMemberLineLink(scan.memberId);
  if (!link) return "none";
  // Keyed by the action's own key: a retried action records nothing new, even if the first
  // attempt died between recording the action and recording its message.
  const notice = await deps.outbox.push({
    id: `card-action:${key}`,
    kind: action.kind === "check_in" ? "card_check_in" : "card_points",
    to: link.lineUserId,
    messages: [cardActionMessage(action, await languageOf(deps.db, link.lineUserId))],
  });
  if (!firstTime) deps.log.info("card action repeated", { kind: action.kind });
  return publicNotice(notice);
}
