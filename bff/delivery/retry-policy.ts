// How long the pipeline keeps trying. LINE remembers an X-Line-Retry-Key for 24 hours: within
// that window a repeat of a request it accepted is answered 409 and not delivered again.
// https://developers.line.biz/en/reference/messaging-api/#retry-api-request
// The pipeline stops half an hour short of it, so its last attempt is still covered.

/** The span after the first attempt within which retries keep the same retry key safe. */
export const RETRY_KEY_WINDOW_MS = 23.5 * 60 * 60 * 1000;
/** The longest wait between two attempts. */
export const MAX_BACKOFF_MS = 60 * 60 * 1000;

/** Exponential backoff from 2 s, doubling per attempt up to an hour, with jitter so retries spread out. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + random() * 0.25));
}
