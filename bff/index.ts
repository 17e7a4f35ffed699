import type { ScheduledController } from "@cloudflare/workers-types/experimental";
import { app } from "./app.ts";
import type { Bindings } from "./env.ts";
import { pruneMerchantEvents } from "./hooks/dedup.ts";
import { pruneIdempotencyRecords } from "./lib/idempotency.ts";
import { createLogger } from "./lib/log.ts";

export type { AppType } from "./app.ts";

export default {
  fetch: app.fetch,
  // Declared in wrangler.toml so deployments already carry the trigger. For now it only
  // forgets idempotency records and merchant event ids past their windows; the reminder job
  // (reservations) runs here next.
  async scheduled(controller: ScheduledController, env: Bindings) {
    const log = createLogger(crypto.randomUUID());
    const [idempotencyRecords, merchantEvents] = await Promise.all([
      pruneIdempotencyRecords(env.DB),
      pruneMerchantEvents(env.DB),
    ]);
    log.info("cron tick", { cron: controller.cron, idempotencyRecords, merchantEvents });
  },
};
