// LINE limits push and rich-menu-link calls to 2,000 requests a second per channel, whichever
// Worker invocation makes them. One Durable Object per channel is the shared clock: a generic
// cell rate algorithm (GCRA) that hands out send times. A caller reserves a few sends at once
// and waits until the last of them conforms, so in any window of W seconds at most
// W × rate + burst sends start. With rate 1,850 and burst 5 % (92), no second sees more than
// 1,942: under LINE's 2,000 with room for network jitter.
// https://developers.line.biz/en/reference/messaging-api/#rate-limits

export class LineRateLimiter {
  #theoreticalArrival = 0;

  /** POST {count, perSecond, burst} → {waitMs}: how long to wait before starting `count` sends. */
  async fetch(request: Request): Promise<Response> {
    const { count, perSecond, burst } = (await request.json()) as { count: number; perSecond: number; burst: number };
    return Response.json({ waitMs: this.reserve(count, perSecond, burst) });
  }

  /** Reserves `count` sends now; returns how many ms to wait before starting them. */
  reserve(count: number, perSecond: number, burst: number): number {
    const now = Date.now();
    const interval = 1000 / perSecond;
    const tolerance = Math.max(burst, count) * interval;
    const next = Math.max(this.#theoreticalArrival, now) + count * interval;
    this.#theoreticalArrival = next;
    return Math.max(0, next - tolerance - now);
  }
}

/** Asks the limiter for `count` sends; resolves to the ms to wait first. */
export async function reserveSends(
  limiter: { fetch(input: string, init: { method: string; body: string }): Promise<{ json(): Promise<unknown> }> },
  count: number,
  perSecond: number,
  burst: number,
): Promise<number> {
  const response = await limiter.fetch("https://line-rate-limiter/reserve", {
    method: "POST",
    body: JSON.stringify({ count, perSecond, burst }),
  });
  return ((await response.json()) as { waitMs: number }).waitMs;
}
