/**
 * Messages per second over a sliding window, in one-second buckets: constant memory and constant
 * work per message, whatever the rate.
 */
export class RateMeter {
  private readonly buckets: number[];
  private readonly bucketStart: number[];

  constructor(
    private readonly windowMs = 5_000,
    private readonly bucketMs = 1_000,
  ) {
    const count = Math.max(1, Math.ceil(windowMs / bucketMs));
    this.buckets = new Array<number>(count).fill(0);
    this.bucketStart = new Array<number>(count).fill(-Infinity);
  }

  add(now: number, count = 1): void {
    const start = Math.floor(now / this.bucketMs) * this.bucketMs;
    const slot = Math.floor(now / this.bucketMs) % this.buckets.length;
    if (this.bucketStart[slot] !== start) {
      this.bucketStart[slot] = start;
      this.buckets[slot] = 0;
    }
    this.buckets[slot] = (this.buckets[slot] ?? 0) + count;
  }

  /** Average rate over the window ending at `now`, rounded to 0.1 message/s. */
  perSecond(now: number): number {
    const oldest = now - this.windowMs;
    let total = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      if ((this.bucketStart[i] ?? -Infinity) > oldest) total += this.buckets[i] ?? 0;
    }
    return Math.round((total * 10_000) / this.windowMs) / 10;
  }
}
