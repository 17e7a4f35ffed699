import type { D1Database } from "@cloudflare/workers-types/experimental";
import type { MerchantEvent } from "../../shared/merchant-contract.ts";
import { UpstreamError } from "../lib/errors.ts";
import type { Logger } from "../lib/log.ts";
import type { LineMessaging } from "../line/messaging.ts";
import { isBlocked } from "../webhook/friends.ts";
import { retryKeyForEvent } from "../webhook/retry-key.ts";
import { recordMerchantEventOutcome, type MerchantEventOutcome } from "./dedup.ts";
import { merchantEventMessage } from "./messages.ts";

export interface MerchantEventDependencies {
  db: D1Database;
  line: LineMessaging;
  log: Logger;
  liffId: string;
}

/**
 * Sends the member the message for a claimed event and records how it went. Runs after the
 * 202, so it logs instead of throwing. The push's retry key comes from the event id: the
 * LINE client's own retries (429, 5xx) and a later redelivery of a failed event reuse it, so
 * LINE delivers the message once whatever is repeated.
 */
export async function deliverMerchantEvent(
  deps: MerchantEventDependencies,
  event: MerchantEvent,
  lineUserId: string,
): Promise<MerchantEventOutcome> {
  let outcome: MerchantEventOutcome;
  try {
    if (await isBlocked(deps.db, lineUserId)) {
      outcome = "skipped_blocked";
    } else {
      const retryKey = await retryKeyForEvent(event.eventId, "merchant-event");
      await deps.line.push(lineUserId, [merchantEventMessage(event, deps.liffId)], retryKey);
      outcome = "sent";
    }
  } catch (error) {
    deps.log.error("merchant event message failed", {
      eventType: event.type,
      error: error instanceof UpstreamError ? `${error.code}: ${error.message}` : error instanceof Error ? error.name : "unknown",
    });
    outcome = "failed";
  }
  try {
    await recordMerchantEventOutcome(deps.db, event.eventId, outcome);
  } catch {
    deps.log.error("merchant event outcome not recorded", { eventType: event.type, outcome });
  }
  deps.log.info("merchant event handled", { eventType: event.type, outcome });
  return outcome;
}
