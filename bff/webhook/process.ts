import { UpstreamError } from "../lib/errors.ts";
import { claimWebhookEvent, releaseWebhookEvent } from "./dedup.ts";
import type { WebhookEvent } from "./events.ts";
import { handleWebhookEvent, type WebhookDependencies } from "./handlers.ts";

/**
 * Handles the events of one delivery in order (a follow before the message that follows it),
 * each at most once across deliveries. Runs after the 200, so it logs instead of throwing.
 */
export async function processWebhookEvents(deps: WebhookDependencies, events: readonly WebhookEvent[]): Promise<void> {
  for (const event of events) {
    const fields = {
      eventType: event.type,
      webhookEventId: event.webhookEventId,
      redelivery: event.deliveryContext.isRedelivery,
    };
    let claimed = false;
    try {
      claimed = await claimWebhookEvent(deps.db, event.webhookEventId, event.type);
      if (!claimed) {
        deps.log.info("webhook event already processed", fields);
        continue;
      }
      const outcome = await handleWebhookEvent(deps, event);
      deps.log.info("webhook event processed", { ...fields, outcome });
    } catch (error) {
      deps.log.error("webhook event failed", { ...fields, error: describeError(error) });
      if (claimed) await releaseClaim(deps, event.webhookEventId);
    }
  }
}

async function releaseClaim(deps: WebhookDependencies, webhookEventId: string): Promise<void> {
  try {
    await releaseWebhookEvent(deps.db, webhookEventId);
  } catch (error) {
    deps.log.error("webhook event could not be released", { webhookEventId, error: describeError(error) });
  }
}

// Only our own error messages are logged: others (fetch failures, say) may quote URLs that
// hold LINE user ids.
function describeError(error: unknown): string {
  if (error instanceof UpstreamError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.name : "unknown";
}
