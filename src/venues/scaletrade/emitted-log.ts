import type { DomainEvent } from '../../domain/events';

/** Events kept (a few a second on a busy account: minutes of them). */
const CAPACITY = 5_000;

/**
 * The fills, orders and notifications this session emitted, with when (the session's clock). When
 * the page lost events while the socket stayed live (the ingest buffer refused them: a gap over their
 * times), ScaleTrade replays nothing, but the session can emit them again: the ingest core drops a
 * fill id it has seen and the store merges orders and notifications idempotently, so what did arrive
 * is not doubled. Positions, balances and the summary are not kept: the account state asked for again
 * restates them. Position closes are not replayed either (a repeated close next to its last position
 * would book its realized PnL twice), so a refused close loses its realized PnL, not its fills.
 */
export class EmittedLog {
  private readonly entries: { at: number; event: DomainEvent }[] = [];
  private evicted = false;

  record(at: number, events: readonly DomainEvent[]): void {
    for (const event of events)
      if (event.kind === 'fill' || event.kind === 'order' || event.kind === 'notification')
        this.entries.push({ at, event });
    const excess = this.entries.length - CAPACITY;
    if (excess > 0) {
      this.entries.splice(0, excess);
      this.evicted = true;
    }
  }

  /** Everything kept that was emitted at or after `from`; `complete` is false when some of it was evicted. */
  since(from: number): { events: DomainEvent[]; complete: boolean } {
    const events = this.entries.filter((e) => e.at >= from).map((e) => e.event);
    const oldest = this.entries[0];
    return { events, complete: !this.evicted || (oldest !== undefined && oldest.at < from) };
  }
}
