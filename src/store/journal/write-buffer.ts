import { instrumentKey } from '../../domain/instrument';
import { fillKey, gapKey, orderKey } from '../state';
import { noChanges, type JournalChanges } from './changes';

/**
 * Changes waiting for the next write (the bridge writes at most every ~500 ms, fills at once), and
 * the changes of a write that failed, kept for the retry (journal-writer.ts). Per key the newest
 * change wins: a later state of an order replaces the earlier one, a deletion cancels a pending write
 * and a later write cancels the deletion; a fill or sample is kept once.
 *
 * Bounded: past MAX_BUFFERED_RECORDS records to write (hours of failing writes: ~1 equity sample a
 * second, plus fills and order states), the buffer lets the records go but keeps every deletion and
 * says so (`overflowed`). The next write is then a rewrite of everything the page holds (the store's
 * own bounds: the newest 20,000 fills, open and 5,000 closed orders, the tiered equity history, every
 * gap record), so what is lost is only what the page itself no longer holds (rewriteMayMiss).
 */
export const MAX_BUFFERED_RECORDS = 50_000;

type Key = string | number;

/** Pending writes and deletions of one kind of record, one entry per key. */
class Slot<P, D> {
  puts = new Map<Key, P>();
  drops = new Map<Key, D>();

  constructor(
    private readonly putKey: (p: P) => Key,
    private readonly dropKey: (d: D) => Key,
  ) {}

  /** Newer than what is held: replaces it. */
  add(puts: readonly P[], drops: readonly D[], keepPuts: boolean): void {
    if (keepPuts)
      for (const p of puts) {
        const key = this.putKey(p);
        this.puts.set(key, p);
        this.drops.delete(key);
      }
    for (const d of drops) {
      const key = this.dropKey(d);
      this.puts.delete(key);
      this.drops.set(key, d);
    }
  }

  /** Older than what is held (a failed write): only keys nothing newer touched since. */
  requeue(puts: readonly P[], drops: readonly D[], keepPuts: boolean): void {
    const untouched = (key: Key) => !this.puts.has(key) && !this.drops.has(key);
    if (keepPuts)
      for (const p of puts) {
        const key = this.putKey(p);
        if (untouched(key)) this.puts.set(key, p);
      }
    for (const d of drops) {
      const key = this.dropKey(d);
      if (untouched(key)) this.drops.set(key, d);
    }
  }

  clear(): void {
    this.puts = new Map();
    this.drops = new Map();
  }
}

const same = (key: string) => key;
const none: never[] = [];

export class JournalBuffer {
  private readonly fills = new Slot((f: JournalChanges['fills'][number]) => fillKey(f.connectionId, f.fillId), same);
  private readonly orders = new Slot(
    (o: JournalChanges['orders'][number]) => orderKey(o.connectionId, o.orderId),
    (d: JournalChanges['droppedOrders'][number]) => orderKey(d.connectionId, d.orderId),
  );
  private readonly samples = new Slot((s: JournalChanges['samples'][number]) => s.time, same);
  private readonly realized = new Slot((r: JournalChanges['realized'][number]) => r.key, same);
  private readonly instruments = new Slot(
    (i: JournalChanges['instruments'][number]) => instrumentKey(i.connectionId, i.symbol),
    (d: JournalChanges['droppedInstruments'][number]) => instrumentKey(d.connectionId, d.symbol),
  );
  private readonly gaps = new Slot(
    (g: JournalChanges['gaps'][number]) => gapKey(g.connectionId, g.from),
    (d: JournalChanges['droppedGaps'][number]) => gapKey(d.connectionId, d.from),
  );
  private readonly liveness = new Slot((l: JournalChanges['liveness'][number]) => l.connectionId, same);
  private readonly slots = [
    this.fills,
    this.orders,
    this.samples,
    this.realized,
    this.instruments,
    this.gaps,
    this.liveness,
  ] as Slot<unknown, unknown>[];
  private overflowedFlag = false;

  constructor(private readonly limit = MAX_BUFFERED_RECORDS) {}

  /** Changes newer than everything held. */
  add(c: JournalChanges): void {
    this.apply(c, 'add');
  }

  /**
   * The changes of a write that failed: back in, under anything newer for the same keys (a newer
   * order state, a deletion since) and merged with the rest. `rewrite`: the failed write was a
   * rewrite after an overflow, which the next write does again (only its deletions are kept).
   */
  requeue(c: JournalChanges, rewrite = false): void {
    if (rewrite) this.overflow();
    this.apply(c, 'requeue');
  }

  /** Records let go past the bound: the next write rewrites the page's whole state. */
  get overflowed(): boolean {
    return this.overflowedFlag;
  }

  /** Records and deletions waiting. */
  get size(): number {
    let n = 0;
    for (const slot of this.slots) n += slot.puts.size + slot.drops.size;
    return n;
  }

  /** Whether a connection's liveUntil waits (it goes with the timed writes only). */
  get hasLiveness(): boolean {
    return this.liveness.puts.size > 0;
  }

  /**
   * Everything pending, oldest sample first; the buffer is empty afterwards. `liveness: false` leaves
   * the connections' liveUntil for a later write. After an overflow the result is a rewrite: the
   * kept deletions, then `whole()` (everything the page holds) over them.
   */
  take(liveness: boolean, whole: () => JournalChanges): { changes: JournalChanges; rewrite: boolean } {
    if (this.overflowedFlag) {
      const rewrite = new JournalBuffer(Number.POSITIVE_INFINITY);
      rewrite.add(this.dropsOnly());
      rewrite.add(whole());
      this.clear();
      return { changes: rewrite.take(true, whole).changes, rewrite: true };
    }
    const pendingLiveness = [...this.liveness.puts.values()];
    const changes: JournalChanges = {
      fills: [...this.fills.puts.values()],
      orders: [...this.orders.puts.values()],
      droppedOrders: [...this.orders.drops.values()],
      samples: [...this.samples.puts.values()].sort((a, b) => a.time - b.time),
      realized: [...this.realized.puts.values()],
      droppedRealized: [...this.realized.drops.values()],
      instruments: [...this.instruments.puts.values()],
      droppedInstruments: [...this.instruments.drops.values()],
      gaps: [...this.gaps.puts.values()],
      droppedGaps: [...this.gaps.drops.values()],
      liveness: liveness ? pendingLiveness : [],
      droppedLiveness: [...this.liveness.drops.values()],
    };
    this.clear();
    if (!liveness) this.liveness.add(pendingLiveness, none, true);
    return { changes, rewrite: false };
  }

  clear(): void {
    for (const slot of this.slots) slot.clear();
    this.overflowedFlag = false;
  }

  private apply(c: JournalChanges, how: 'add' | 'requeue'): void {
    const keep = !this.overflowedFlag;
    const put = <P, D>(slot: Slot<P, D>, puts: readonly P[], drops: readonly D[]) =>
      how === 'add' ? slot.add(puts, drops, keep) : slot.requeue(puts, drops, keep);
    put(this.fills, c.fills, none);
    put(this.orders, c.orders, c.droppedOrders);
    put(this.samples, c.samples, none);
    put(this.realized, c.realized, c.droppedRealized);
    put(this.instruments, c.instruments, c.droppedInstruments);
    put(this.gaps, c.gaps, c.droppedGaps);
    put(this.liveness, c.liveness, c.droppedLiveness);
    if (!this.overflowedFlag && this.records() > this.limit) this.overflow();
  }

  private records(): number {
    let n = 0;
    for (const slot of this.slots) n += slot.puts.size;
    return n;
  }

  /** Let the records go, keep the deletions (few: one per removed connection's records). */
  private overflow(): void {
    this.overflowedFlag = true;
    for (const slot of this.slots) slot.puts = new Map();
  }

  private dropsOnly(): JournalChanges {
    return {
      ...noChanges(),
      droppedOrders: [...this.orders.drops.values()],
      droppedRealized: [...this.realized.drops.values()],
      droppedInstruments: [...this.instruments.drops.values()],
      droppedGaps: [...this.gaps.drops.values()],
      droppedLiveness: [...this.liveness.drops.values()],
    };
  }
}
