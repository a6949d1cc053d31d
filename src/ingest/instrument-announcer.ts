import { validateInstrument } from '../domain/conformance/validators';
import type { DomainEvent } from '../domain/events';
import type { VenueAdapter } from '../venues/types';
import { BoundedSet } from '../venues/shared/bounded-set';

/**
 * One connection's `instrument` events: the first time its events mention a symbol, the adapter's
 * `describeSymbol` says what the symbol stands for, and that description goes out just before the
 * event that mentioned it. Symbols already asked about (described or not) are remembered, so the
 * hot path is one Set lookup per event. Generic: no venue is named here.
 */

/** Symbols remembered per connection; beyond that the oldest is forgotten (and described again if it returns). */
export const ANNOUNCED_SYMBOLS_PER_CONNECTION = 2_048;

export interface InstrumentSink {
  /** Buffers the instrument event; false when it could not be buffered (the symbol is asked about again later). */
  emit(event: DomainEvent): boolean;
  /** A problem to show on the connection (an adapter that threw or described a symbol badly). */
  problem(message: string): void;
}

export class InstrumentAnnouncer {
  private readonly asked: BoundedSet<string>;

  constructor(
    private readonly connectionId: string,
    private readonly adapter: Pick<VenueAdapter<unknown>, 'describeSymbol' | 'displayName'>,
    private readonly options: unknown,
    private readonly sink: InstrumentSink,
    capacity = ANNOUNCED_SYMBOLS_PER_CONNECTION,
  ) {
    this.asked = new BoundedSet(capacity);
  }

  /** Announces every symbol `event` mentions for the first time, through the sink; call it before buffering `event`. */
  before(event: DomainEvent): void {
    if (!this.adapter.describeSymbol) return;
    switch (event.kind) {
      case 'order':
        if (event.order.symbol !== undefined) this.symbol(event.order.symbol);
        return;
      case 'fill':
        return this.symbol(event.fill.symbol);
      case 'position':
        return this.symbol(event.position.symbol);
      case 'position-closed':
        return this.symbol(event.symbol);
      case 'mark':
        return this.symbol(event.mark.symbol);
      case 'account-snapshot':
        for (const order of event.openOrders) this.symbol(order.symbol);
        for (const position of event.positions) this.symbol(position.symbol);
        return;
      default:
        // balance, account-summary, notification, instrument: no symbol to describe.
        return;
    }
  }

  private symbol(symbol: string): void {
    if (this.asked.has(symbol)) return;
    const instrument = this.describe(symbol);
    // Remember the symbol unless its description could not be buffered: then the next mention retries.
    if (instrument === undefined || this.sink.emit({ kind: 'instrument', instrument })) this.asked.add(symbol);
  }

  private describe(symbol: string) {
    let described;
    try {
      described = this.adapter.describeSymbol?.(symbol, this.options);
    } catch (error) {
      this.sink.problem(
        `${this.adapter.displayName} could not describe symbol ${clip(symbol)}: ${error instanceof Error ? error.message : 'unknown error'}`,
      );
      return undefined;
    }
    if (described === undefined) return undefined;
    // The event's own symbol is the key the store uses, whatever the adapter wrote.
    const instrument = { ...described, connectionId: this.connectionId, symbol };
    const problems = validateInstrument(instrument);
    if (problems.length > 0) {
      this.sink.problem(`${this.adapter.displayName} described symbol ${clip(symbol)} badly: ${problems.join('; ')}`);
      return undefined;
    }
    return instrument;
  }
}

function clip(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
