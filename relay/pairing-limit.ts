/**
 * Failed pairing attempts (a wrong or missing pairing token) are limited: after `perAddress` failures
 * from one remote address, or `global` failures from anywhere, within `windowMs`, every request that
 * would check the token is answered 429 until enough failures have left the window; a correct token
 * is refused too during the lockout (otherwise the lockout would still answer whether a guess was
 * right). Requests refused by the lockout are not counted, so the lockout ends by itself.
 *
 * A page on an origin not listed is refused before the token is checked, so a web page cannot lock
 * the dashboard out; only a local program can.
 */
export interface PairingLimits {
  perAddress: number;
  global: number;
  windowMs: number;
}

/**
 * 20 a minute per address, 60 from all: a browser tab stuck on a stale token (the dashboard retries a
 * refused bridge 1 s, 1.5 s, 2.3 s … up to 30 s apart: about 8 tries in its first minute) does not lock
 * out the tabs that have the right one, while guessing stays under 30,000 tries a day, nothing against
 * a random token of 16 characters or more.
 */
export const DEFAULT_PAIRING_LIMITS: PairingLimits = { perAddress: 20, global: 60, windowMs: 60_000 };

/** Remote addresses remembered at most (their failures age out anyway). */
const MAX_ADDRESSES = 1024;
const GLOBAL = '';

export class PairingLimiter {
  /** Failure times per remote address ('' for all of them), oldest first, only those in the window. */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: PairingLimits,
    private readonly now: () => number,
  ) {}

  /** Milliseconds until this address may try again; 0 when it may now. */
  lockedFor(address: string): number {
    return Math.max(this.wait(address, this.limits.perAddress), this.wait(GLOBAL, this.limits.global));
  }

  failed(address: string): void {
    const now = this.now();
    for (const key of [address, GLOBAL]) {
      const times = this.recent(key, now);
      times.push(now);
      this.failures.set(key, times);
    }
    if (this.failures.size > MAX_ADDRESSES) this.prune(now);
  }

  private wait(key: string, limit: number): number {
    const now = this.now();
    const times = this.recent(key, now);
    if (times.length < limit) return 0;
    // The window must lose failures until fewer than `limit` remain.
    const leaving = times[times.length - limit] ?? now;
    return Math.max(1, leaving + this.limits.windowMs - now);
  }

  private recent(key: string, now: number): number[] {
    const times = this.failures.get(key) ?? [];
    while (times.length > 0 && (times[0] ?? 0) + this.limits.windowMs <= now) times.shift();
    return times;
  }

  private prune(now: number): void {
    for (const key of [...this.failures.keys()]) {
      if (key !== GLOBAL && this.recent(key, now).length === 0) this.failures.delete(key);
    }
    // Still too many: forget the oldest addresses (the global count still holds them).
    for (const key of this.failures.keys()) {
      if (this.failures.size <= MAX_ADDRESSES) break;
      if (key !== GLOBAL) this.failures.delete(key);
    }
  }
}
