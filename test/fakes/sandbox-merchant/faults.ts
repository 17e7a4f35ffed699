import type { MiddlewareHandler } from "hono";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import { FaultSwitch } from "../fault-switch.ts";

export type MerchantFault = { mode: "slow"; delayMs: number } | { mode: "garbage" } | { mode: "server_error" };

export const MerchantFaultRequest = z.object({
  mode: z.enum(["none", "slow", "garbage", "server_error"]),
  // Longer than the BFF's merchant timeout by default, so "slow" means "times out".
  delayMs: z.number().int().nonnegative().max(120_000).default(5000),
  times: z.number().int().positive().optional(),
});

/** Arms (or, for mode "none", clears) a fault from a validated dev request. */
export function armMerchantFault(faults: FaultSwitch<MerchantFault>, request: z.output<typeof MerchantFaultRequest>): void {
  switch (request.mode) {
    case "none":
      return faults.disarm();
    case "slow":
      return faults.arm({ mode: "slow", delayMs: request.delayMs }, request.times);
    case "garbage":
    case "server_error":
      return faults.arm({ mode: request.mode }, request.times);
  }
}

/** Makes contract calls misbehave the ways a real merchant backend does. */
export function injectMerchantFaults(faults: FaultSwitch<MerchantFault>, shutdownSignal: AbortSignal): MiddlewareHandler {
  return async function applyInjectedFault(c, next) {
    const fault = faults.take();
    if (fault === null) return next();
    switch (fault.mode) {
      case "garbage":
        // A proxy's error page with a success status: clients must not trust status alone.
        return c.html("<html>oops</html>", 200);
      case "server_error":
        return c.json(errorBody("internal", "The merchant system failed"), 500);
      case "slow":
        await sleep(fault.delayMs, undefined, { signal: shutdownSignal });
        return next();
    }
  };
}
