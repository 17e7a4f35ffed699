// A token bucket shared by a run's senders: sends start at most `ratePerSecond` a second on
// average, with bursts of at most `burst`. LINE allows 2,000 pushes a second per channel; the
// job is configured well under that so other senders (confirmations, webhooks) keep headroom;
// a 429 still happens (another sender, LINE's own limits) and the LINE client honours its Retry-After.

export interface Pacer {
  /** Resolves when the next send may start. */
  take(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createPacer(ratePerSecond: number, burst = Math.max(1, Math.ceil(ratePerSecond / 20))): Pacer {
  let tokens = burst;
  let refilledAt = Date.now();
  return {
    async take() {
      for (;;) {
        const now = Date.now();
        tokens = Math.min(burst, tokens + ((now - refilledAt) * ratePerSecond) / 1000);
        refilledAt = now;
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        await sleep(Math.max(1, Math.ceil(((1 - tokens) * 1000) / ratePerSecond)));
      }
    },
  };
}
