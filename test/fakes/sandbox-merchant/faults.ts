import type { MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { errorBody } from "../../../shared/errors.ts";
import { FaultSwitch } from "../fault-switch.ts";

export type MerchantFault =
  | { mode: "slow"; delayMs: number }
  | { mode: "slow_body"; delayMs: number }
  | { mode: "garbage" }
  | { mode: "server_error" }
  | { mode: "redirect" }
  | { mode: "refusal"; status: number; code: string };

/** Where the "redirect" fault sends callers; it counts who followed, with or without a key. */
export const REDIRECT_TARGET_PATH = "/__dev/redirect-target";

/** Who followed a "redirect" fault to its target, and how many of them brought an Authorization header. */
export class RedirectTargetHits {
  total = 0;
  withAuthorization = 0;
}

export const MerchantFaultRequest = z.object({
  // slow: the answer starts late; slow_body: the status and headers come at once, the body late.
  // redirect: a 307 to REDIRECT_TARGET_PATH, the way a moved or hijacked endpoint answers.
  // refusal: an ErrorBody with this status and code, whatever the operation (a merchant off the
  // contract's code list, e.g. 404 with a code of its own).
  mode: z.enum(["none", "slow", "slow_body", "garbage", "server_error", "redirect", "refusal"]),
  // Longer than the BFF's merchant timeout by default, so "slow" means "times out".
  delayMs: z.number().int().nonnegative().max(120_000).default(5000),
  times: z.number().int().positive().optional(),
  status: z.number().int().min(400).max(499).default(404),
  code: z
    .string()
    .regex(/^[a-z_]{1,64}$/)
    .default("not_found"),
});

/** Arms (or, for mode "none", clears) a fault from a validated dev request. */
export function armMerchantFault(faults: FaultSwitch<MerchantFault>, request: z.output<typeof MerchantFaultRequest>): void {
  switch (request.mode) {
    case "none":
      return faults.disarm();
    case "slow":
    case "slow_body":
      return faults.arm({ mode: request.mode, delayMs: request.delayMs }, request.times);
    case "garbage":
    case "server_error":
    case "redirect":
      return faults.arm({ mode: request.mode }, request.times);
    case "refusal":
      return faults.arm({ mode: "refusal", status: request.status, code: request.code }, request.times);
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
      case "slow_body": {
        await next();
        const body = new Uint8Array(await c.res.arrayBuffer());
        const delayed = new ReadableStream<Uint8Array>({
          async start(controller) {
            await sleep(fault.delayMs, undefined, { signal: shutdownSignal }).catch(() => {});
            controller.enqueue(body);
            controller.close();
          },
        });
        c.res = new Response(delayed, { status: c.res.status, headers: c.res.headers });
        return;
      }
      case "redirect":
        return c.redirect(new URL(REDIRECT_TARGET_PATH, c.req.url).toString(), 307);
      case "refusal":
        return c.json({ error: { code: fault.code, message: "An injected refusal" } }, fault.status as ContentfulStatusCode);
    }
  };
}
