import type { DomainEvent } from '../domain/events';

/**
 * Events waiting for the next flush, coalesced where the store's own rules make older events
 * irrelevant (src/store/apply-batch.ts: newest timestamp wins per key; a tie goes to the later one):
 *
 * - `mark`: one per connection|symbol|kind;
 * - `position`: one per connection|symbol, but never across a `position-closed` for that symbol
 *   (the store books the realized PnL of the position it closes) nor across an `account-snapshot`
 *   of that connection (a snapshot closes what it omits, the same way);
 * - `balance`: one per connection|asset, not across a snapshot; `account-summary`: one per
 *   connection|asset;
 * - everything else (orders, fills, notifications, snapshots, closes, instruments) is kept, in order.
 *   An `instrument` or a `gap` is never refused, even when the buffer is full (rare and bounded).
 *
 * A replaced event leaves a hole and the newer one goes to the end, so the events that remain keep
 * their arrival order exactly. Holes are compacted away as they pile up. At most `maxEvents` events
 * are held: beyond that `push` refuses (returns false) and the caller counts the loss.
 */
export class CoalescingBuffer {
  private slots: (DomainEvent | undefined)[] = [];
  private owners: string[] = [];
  private holes = 0;
  /** Coalescing key -> slot index of the event kept for it. */
  private latest = new Map<string, number>();
  /** Per connection: account snapshots seen since the last take (part of position/balance keys). */
  private runs = new Map<string, number>();

  constructor(private readonly maxEvents: number) {}

  /** Events held right now. */
  get size(): number {
    return this.slots.length - this.holes;
  }

  /** Returns false when the event was refused because the buffer is full. */
  push(connectionId: string, event: DomainEvent): boolean {
    const key = this.keyFor(connectionId, event);
    const previous = key === undefined ? undefined : this.latest.get(key);
    if (previous !== undefined) {
      const older = this.slots[previous];
      // An event older than the one held would lose to it in the store anyway.
      if (older && eventTime(event) < eventTime(older)) return true;
      this.slots[previous] = undefined;
      this.holes++;
    } else if (this.size >= this.maxEvents && event.kind !== 'instrument' && event.kind !== 'gap') {
      // Instruments and gap records are exempt: few and bounded, and they say what the rest means
      // (a gap record is how a refusal here becomes visible and recovered).
      return false;
    }
    if (key !== undefined) this.latest.set(key, this.slots.length);
    this.slots.push(event);
    this.owners.push(connectionId);
    if (this.holes > 64 && this.holes * 2 > this.slots.length) this.compact();
    return true;
  }

  /** Everything held, in order; the buffer is empty afterwards. */
  take(): DomainEvent[] {
    const events = this.slots.filter((e): e is DomainEvent => e !== undefined);
    this.reset();
    return events;
  }

  /** Drops every event of a connection (it was removed). */
  purge(connectionId: string): void {
    const kept: [string, DomainEvent][] = [];
    this.slots.forEach((event, i) => {
      const owner = this.owners[i];
      if (event && owner !== undefined && owner !== connectionId) kept.push([owner, event]);
    });
    this.reset();
    for (const [owner, event] of kept) this.push(owner, event);
  }

  private keyFor(connectionId: string, event: DomainEvent): string | undefined {
    const run = this.runs.get(connectionId) ?? 0;
    switch (event.kind) {
      case 'mark':
        return `mark|${connectionId}|${event.mark.symbol}|${event.mark.kind}`;
      case 'position':
        return `position|${connectionId}|${run}|${event.position.symbol}`;
      case 'position-closed':
        this.latest.delete(`position|${connectionId}|${run}|${event.symbol}`);
        return undefined;
      case 'balance':
        return `balance|${connectionId}|${run}|${event.balance.asset}`;
      case 'account-summary':
        return `summary|${connectionId}|${event.summary.asset ?? ''}`;
      case 'account-snapshot':
        this.runs.set(connectionId, run + 1);
        return undefined;
      default:
        return undefined;
    }
  }

  private compact(): void {
    const slots: DomainEvent[] = [];
    const owners: string[] = [];
    const moved = new Map<number, number>();
    this.slots.forEach((event, i) => {
      if (!event) return;
      moved.set(i, slots.length);
      slots.push(event);
      owners.push(this.owners[i] ?? '');
    });
    for (const [key, index] of this.latest) {
      const next = moved.get(index);
      if (next === undefined) this.latest.delete(key);
      else this.latest.set(key, next);
    }
    this.slots = slots;
    this.owners = owners;
    this.holes = 0;
  }

  private reset(): void {
    this.slots = [];
    this.owners = [];
    this.holes = 0;
    this.latest.clear();
    this.runs.clear();
  }
}

/** The timestamp the store compares for coalescable kinds; other kinds are never compared. */
function eventTime(event: DomainEvent): number {
  switch (event.kind) {
    case 'mark':
      return event.mark.time;
    case 'position':
      return event.position.updatedAt;
    case 'balance':
      return event.balance.updatedAt;
    case 'account-summary':
      return event.summary.updatedAt;
    default:
      return 0;
  }
}
