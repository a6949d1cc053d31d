import type { DomainEvent } from '../../domain/events';

/** Account events kept, at least (a few a second on a busy account: minutes of them). */
const CAPACITY = 5_000;

/**
 * The account events this session emitted, with when (session clock). When the page itself lost
 * events while the socket stayed live (the ingest buffer refused them: a gap over their times), ZDEX
 * has nothing to replay, but the session does: it emits them again. The store merges every kind
 * idempotently (newest wins, statuses never regress) and the ingest core drops a fill id it has seen,
 * so what did arrive is not doubled. Marks are not kept: the next tick replaces them.
 */
export class EmittedLog {
  private readonly entries: { at: number; event: DomainEvent }[] = [];
  private evicted = false;

  record(at: number, events: readonly DomainEvent[]): void {
    for (const event of events) {
      if (event.kind === 'mark' || event.kind === 'instrument') continue;
      this.entries.push({ at, event });
    }
    // Trimmed in batches: a splice per event would move the whole log every time.
    if (this.entries.length > CAPACITY + CAPACITY / 10) {
      this.entries.splice(0, this.entries.length - CAPACITY);
      this.evicted = true;
    }
  }

  /** Everything emitted at or after `from`; `complete` is false when some of it is no longer kept. */
  since(from: number): { events: DomainEvent[]; complete: boolean } {
    const events = this.entries.filter((e) => e.at >= from).map((e) => e.event);
    const oldest = this.entries[0];
    const complete = !this.evicted || (oldest !== undefined && oldest.at < from);
    return { events, complete };
  }
}
