/**
 * Newest-wins ordering for state that Roxom pushes in full (positions by symbol, balances by asset),
 * keyed by the venue's exact nanosecond time (docs/venues/roxom.md: "Positions: id + updatedAt"; "use message
 * timestamps for event sequencing"). A replay after a reconnect, or a frame overtaken by a newer one,
 * is `stale`; the same time with the same content is a `duplicate`. Bounded: the oldest key is
 * forgotten first (a forgotten key simply accepts its next frame).
 */
export type Verdict = 'new' | 'stale' | 'duplicate';

export class LatestByKey {
  private readonly seen = new Map<string, { at: bigint; fingerprint: string }>();

  constructor(private readonly capacity: number) {}

  offer(key: string, at: bigint, fingerprint: string): Verdict {
    const known = this.seen.get(key);
    if (known) {
      if (at < known.at) return 'stale';
      if (at === known.at && fingerprint === known.fingerprint) return 'duplicate';
    }
    this.seen.delete(key);
    this.seen.set(key, { at, fingerprint });
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    return 'new';
  }
}
