export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * At most `limit` accepted requests per key within any `windowMs` (a sliding window over the
 * accepted requests' times; a refused request does not count). The clock is injected.
 */
export class SlidingWindowLimiter {
  private readonly accepted = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  take(key: string): RateDecision {
    const now = this.now();
    const times = (this.accepted.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (times.length >= this.limit) {
      this.accepted.set(key, times);
      return { ok: false, retryAfterMs: (times[0] ?? now) + this.windowMs - now };
    }
    times.push(now);
    this.accepted.set(key, times);
    return { ok: true };
  }
}
