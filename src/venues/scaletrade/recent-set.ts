/** A set that remembers only its newest `capacity` entries (bounded memory for duplicate detection). */
export class RecentSet<T> {
  private readonly items = new Set<T>();

  constructor(private readonly capacity: number) {}

  has(item: T): boolean {
    return this.items.has(item);
  }

  add(item: T): void {
    if (this.items.has(item)) return;
    this.items.add(item);
    if (this.items.size > this.capacity) this.items.delete(this.items.values().next().value as T);
  }
}
