import { ChunkedMap, ChunkedMapDraft } from './chunked-map';

/**
 * Small immutable-Map helpers for the reducers: copy once per batch, then mutate the copy. A
 * ChunkedMap (the big collections) is edited bucket by bucket instead of copied whole.
 */

export class MapDraft<K, V> {
  private copy: Map<K, V> | null = null;
  private readonly chunked: ChunkedMapDraft<V> | null;
  constructor(private readonly base: ReadonlyMap<K, V>) {
    this.chunked = base instanceof ChunkedMap ? new ChunkedMapDraft(base as ChunkedMap<V>) : null;
  }

  get(key: K): V | undefined {
    if (this.chunked) return this.chunked.get(key as string);
    return (this.copy ?? this.base).get(key);
  }
  has(key: K): boolean {
    if (this.chunked) return this.chunked.has(key as string);
    return (this.copy ?? this.base).has(key);
  }
  set(key: K, value: V): void {
    if (this.chunked) this.chunked.set(key as string, value);
    else this.writable().set(key, value);
  }
  delete(key: K): void {
    if (this.chunked) this.chunked.delete(key as string);
    else if (this.has(key)) this.writable().delete(key);
  }
  entries(): IterableIterator<[K, V]> {
    if (this.chunked) return this.chunked.entries() as IterableIterator<[K, V]>;
    return (this.copy ?? this.base).entries();
  }
  get size(): number {
    if (this.chunked) return this.chunked.size;
    return (this.copy ?? this.base).size;
  }
  /** The result: the original Map when nothing changed, so selectors keep their identity. */
  finish(): ReadonlyMap<K, V> {
    if (this.chunked) return this.chunked.finish() as unknown as ReadonlyMap<K, V>;
    return this.copy ?? this.base;
  }
  private writable(): Map<K, V> {
    if (this.copy === null) this.copy = new Map(this.base);
    return this.copy;
  }
}

const FEW = 8;

/** Evict the oldest entries (by the given time) until the map holds at most `limit`. */
export function evictOldest<K, V>(
  draft: MapDraft<K, V>,
  limit: number,
  timeOf: (v: V) => number,
  evictable: (v: V) => boolean = () => true,
): void {
  const excess = draft.size - limit;
  if (excess <= 0) return;
  if (excess <= FEW) {
    // A full map over by a few (every batch, once a long session reaches the limit): find the oldest
    // by scanning instead of sorting every entry. Ties go to the first in iteration order, as the
    // stable sort below does, so both ways evict the same entries.
    for (let i = 0; i < excess; i++) {
      let oldest: [K, number] | undefined;
      for (const [key, v] of draft.entries()) {
        if (!evictable(v)) continue;
        const time = timeOf(v);
        if (oldest === undefined || time < oldest[1]) oldest = [key, time];
      }
      if (oldest === undefined) return;
      draft.delete(oldest[0]);
    }
    return;
  }
  const candidates = [...draft.entries()].filter(([, v]) => evictable(v)).sort((a, b) => timeOf(a[1]) - timeOf(b[1]));
  for (const [key] of candidates.slice(0, excess)) draft.delete(key);
}
