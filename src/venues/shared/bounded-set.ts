/**
 * An insertion-ordered set that keeps at most `capacity` entries, evicting the oldest first (FIFO).
 * Used to drop duplicate fill ids without growing for the whole trading day.
 */
export class BoundedSet<T> {
  private readonly items = new Set<T>();
  private evictedCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  get size(): number {
    return this.items.size;
  }

  /** How many entries were evicted to stay within capacity. */
  get evicted(): number {
    return this.evictedCount;
  }

  has(item: T): boolean {
    return this.items.has(item);
  }

  /**
   * Adds `item`; returns false when it was already present (a duplicate). Re-adding does not
   * refresh its position: eviction follows first insertion.
   */
  add(item: T): boolean {
    if (this.items.has(item)) return false;
    this.items.add(item);
    if (this.items.size > this.capacity) {
      // A Set iterates in insertion order, so the first value is the oldest.
      const oldest = this.items.values().next();
      if (!oldest.done) {
        this.items.delete(oldest.value);
        this.evictedCount++;
      }
    }
    return true;
  }

  delete(item: T): boolean {
    return this.items.delete(item);
  }

  /** Removes every entry matching `predicate` (linear; meant for rare clean-ups). */
  deleteWhere(predicate: (item: T) => boolean): number {
    let removed = 0;
    for (const item of this.items) {
      if (predicate(item)) {
        this.items.delete(item);
        removed++;
      }
    }
    return removed;
  }

  clear(): void {
    this.items.clear();
  }

  values(): IterableIterator<T> {
    return this.items.values();
  }
}
