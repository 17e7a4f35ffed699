/**
 * When linking may be tried again: whole minutes to wait and the instant (ms), rounded up to the
 * minute so "after 14:10" is true once shown as a clock time.
 */
export function describeRetryTime(answeredAt: number, retryAfterSeconds: number): { minutes: number; retryAt: number } {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  const retryAt = Math.ceil((answeredAt + retryAfterSeconds * 1000) / 60_000) * 60_000;
  return { minutes, retryAt };
}
