/**
 * Reconnect delays: exponential from `baseMs` by `factor` up to `capMs` (dYdX v4-web: 1 s x1.5),
 * with jitter so that many tabs do not hammer a venue in step after an outage. Pure: the random
 * source is injected.
 */

export type JitterMode = 'none' | 'full' | 'decorrelated';
/** Returns a number in [0, 1), like Math.random. */
export type Random = () => number;

export interface BackoffPolicy {
  baseMs: number;
  factor: number;
  capMs: number;
  /** A socket that stayed up at least this long starts the sequence again from `baseMs`. */
  resetAfterMs: number;
  jitter: JitterMode;
  /** Floor for a jittered delay, so full jitter never retries in a tight loop. */
  minMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 1_000,
  factor: 1.5,
  capMs: 30_000,
  resetAfterMs: 30_000,
  jitter: 'full',
  minMs: 250,
};

/** AWS "decorrelated jitter": the next delay is drawn from [base, previous x 3]. */
const DECORRELATED_SPREAD = 3;

const unit = (random: Random): number => Math.min(Math.max(random(), 0), 1);

/** The un-jittered delay before retry number `attempt` (0-based): base x factor^attempt, capped. */
export function nominalDelay(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.capMs, policy.baseMs * policy.factor ** Math.max(0, attempt));
}

/**
 * The delay before retry `attempt` (0-based). `previous` is the last delay returned (used by
 * decorrelated jitter only). Bounds: none = nominal; full = [min(minMs, nominal), nominal];
 * decorrelated = [baseMs, capMs].
 */
export function backoffDelay(attempt: number, previous: number, policy: BackoffPolicy, random: Random): number {
  const nominal = nominalDelay(attempt, policy);
  switch (policy.jitter) {
    case 'none':
      return nominal;
    case 'full': {
      const floor = Math.min(policy.minMs, nominal);
      return floor + unit(random) * (nominal - floor);
    }
    case 'decorrelated': {
      const low = Math.min(policy.baseMs, policy.capMs);
      const high = Math.min(policy.capMs, Math.max(low, previous * DECORRELATED_SPREAD));
      return low + unit(random) * (high - low);
    }
  }
}

/** The stateful sequence one connection walks through. */
export class Backoff {
  private attempt = 0;
  private previous: number;

  constructor(
    readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
    private readonly random: Random = Math.random,
  ) {
    this.previous = policy.baseMs;
  }

  /** Retries handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  next(): number {
    const delay = backoffDelay(this.attempt, this.previous, this.policy, this.random);
    this.attempt++;
    this.previous = delay;
    return delay;
  }

  reset(): void {
    this.attempt = 0;
    this.previous = this.policy.baseMs;
  }

  /** Reports how long the last socket stayed up; long enough means the venue is healthy again. */
  socketLasted(ms: number): void {
    if (ms >= this.policy.resetAfterMs) this.reset();
  }
}
