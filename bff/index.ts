import type { ScheduledController } from "@cloudflare/workers-types/experimental";
import { app } from "./app.ts";
import { createLogger } from "./lib/log.ts";

export type { AppType } from "./app.ts";

export default {
  fetch: app.fetch,
  // Declared in wrangler.toml so deployments already carry the trigger; the reminder job
  // (reservations) is the first job to run here.
  async scheduled(controller: ScheduledController) {
    createLogger(crypto.randomUUID()).info("cron tick", { cron: controller.cron, jobs: 0 });
  },
};
