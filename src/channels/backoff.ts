/** How long to wait before try `attempt + 1`, after `attempt` failed tries: exponential, capped, jittered. */
export function retryDelayMs(
  attempt: number,
  settings: { retryBaseMs: number; retryMaxMs: number },
  random: () => number = Math.random,
): number {
  const exponential = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attempt - 1))
  // "Equal jitter": at least half the delay, so retries of a whole round spread out but never come early.
  return Math.round(exponential / 2 + (random() * exponential) / 2)
}
