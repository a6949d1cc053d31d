import { describe, expect, it } from 'vitest';
import { validateEvents } from '../domain/conformance/validators';
import type { ConnectionConfig } from '../domain/connection-config';
import type { DomainEvent } from '../domain/events';
import type { Instrument } from '../domain/instrument';
import type { VenueId } from '../domain/types';
import { DEFAULT_BACKOFF } from '../venues/shared/backoff';
import { FakeClock } from '../venues/shared/testing/fake-clock';
import { FakeSocketFactory } from '../venues/shared/testing/fake-socket';
import { lineAdapter, lineConfig, type LineOptions } from '../venues/shared/testing/line-adapter';
import { IngestCore, type IngestCoreDeps } from './ingest-core';
import type { IngestBatch } from './protocol';

type Description = Omit<Instrument, 'connectionId'> | undefined;

/**
 * The line test venue, registered as `zdex`, describing upper-case symbols as USDT perpetuals (the
 * quote is the options' first symbol when it is `QUOTE=<asset>`, to see reconfiguration) and
 * anything else as unknown. `calls` records every question asked.
 */
function setUp(
  overrides: Partial<IngestCoreDeps> = {},
  describeSymbol?: (symbol: string, options: LineOptions) => Description,
) {
  const clock = new FakeClock();
  const sockets = new FakeSocketFactory();
  const calls: string[] = [];
  const adapter = {
    ...lineAdapter({ heartbeatIntervalMs: 0, silenceTimeoutMs: 0 }),
    describeSymbol(symbol: string, options: LineOptions): Description {
      calls.push(symbol);
      if (describeSymbol) return describeSymbol(symbol, options);
      if (!/^[A-Z]+$/.test(symbol)) return undefined;
      const quote = options.symbols[0]?.startsWith('QUOTE=') ? options.symbols[0].slice(6) : 'USDT';
      return { symbol, baseAsset: symbol, quoteAsset: quote, settleAsset: quote, kind: 'perpetual' };
    },
  };
  const core = new IngestCore({
    getAdapter: (venue: VenueId) => (venue === 'zdex' ? adapter : undefined),
    socketFactory: sockets.create,
    clock,
    random: () => 0.5,
    connection: { backoff: { ...DEFAULT_BACKOFF, jitter: 'none' } },
    ...overrides,
  });
  return { core, clock, sockets, calls };
}

const connect = (core: IngestCore, config: Partial<ConnectionConfig> = {}) =>
  core.handle({ type: 'connect', config: lineConfig(config) });

function mustFlush(core: IngestCore): IngestBatch {
  const batch = core.flush();
  if (!batch) throw new Error('expected a batch');
  return batch;
}

/** Events in a short readable form; instruments show their connection, symbol and quote. */
const brief = (events: DomainEvent[]): string[] =>
  events.map((e) => {
    switch (e.kind) {
      case 'instrument':
        return `instrument ${e.instrument.connectionId} ${e.instrument.symbol}/${e.instrument.quoteAsset}`;
      case 'mark':
        return `mark ${e.mark.symbol} ${e.mark.price}`;
      case 'fill':
        return `fill ${e.fill.fillId} ${e.fill.symbol}`;
      case 'position':
        return `pos ${e.position.symbol} ${e.position.quantity}`;
      case 'position-closed':
        return `flat ${e.symbol}`;
      case 'account-snapshot':
        return `snap ${e.positions.map((p) => p.symbol).join(',')}`;
      default:
        return e.kind;
    }
  });

describe('IngestCore instrument events', () => {
  it('describes each symbol once per connection, just before its first use, in the same batch', () => {
    const { core, sockets, calls } = setUp();
    connect(core);
    sockets.latest.accept();
    for (const frame of ['MARK BTC 1', 'FILL f1 BTC', 'POS ETH 2', 'MARK BTC 2', 'FLAT ETH', 'SNAP SOL:1,BTC:2'])
      sockets.latest.push(frame);
    const batch = mustFlush(core);
    expect(brief(batch.events)).toEqual([
      'instrument line-1 BTC/USDT',
      'fill f1 BTC',
      'instrument line-1 ETH/USDT',
      'pos ETH 2',
      'mark BTC 2',
      'flat ETH',
      'instrument line-1 SOL/USDT',
      'snap SOL,BTC',
    ]);
    expect(validateEvents(batch.events)).toEqual([]);
    expect(calls).toEqual(['BTC', 'ETH', 'SOL']);

    // Later batches, and reconnects of the same connection, describe nothing again.
    sockets.latest.drop(1006);
    core.handle({ type: 'visibility', visible: true });
    sockets.latest.accept();
    sockets.latest.push('MARK BTC 3');
    sockets.latest.push('POS SOL 4');
    const later = mustFlush(core).events;
    // The drop is a gap (opened, closed, and settled `none`: the line venue cannot recover); no instrument again.
    expect(brief(later.filter((e) => e.kind !== 'gap'))).toEqual(['mark BTC 3', 'pos SOL 4']);
    expect(later.filter((e) => e.kind === 'gap').map((e) => e.kind === 'gap' && e.gap.recovered)).toEqual([
      'pending',
      'pending',
      'none',
    ]);
    expect(calls).toEqual(['BTC', 'ETH', 'SOL']);
  });

  it('keeps the instrument ahead of a coalesced mark (the newer mark moves to the end, the instrument stays)', () => {
    const { core, sockets } = setUp();
    connect(core);
    sockets.latest.accept();
    for (const frame of ['MARK BTC 1 10', 'MARK ETH 5 10', 'MARK BTC 2 11']) sockets.latest.push(frame);
    expect(brief(mustFlush(core).events)).toEqual([
      'instrument line-1 BTC/USDT',
      'instrument line-1 ETH/USDT',
      'mark ETH 5',
      'mark BTC 2',
    ]);
  });

  it('describes per connection: the same symbol on two connections is two instruments', () => {
    const { core, sockets } = setUp();
    connect(core, { id: 'a' });
    connect(core, { id: 'b' });
    sockets.sockets[0]?.accept();
    sockets.sockets[1]?.accept();
    sockets.sockets[0]?.push('MARK BTC 1');
    sockets.sockets[1]?.push('MARK BTC 1');
    sockets.sockets[0]?.push('MARK BTC 2');
    // a's first mark was coalesced into its second (which moved to the end); both instruments stay.
    expect(brief(mustFlush(core).events)).toEqual([
      'instrument a BTC/USDT',
      'instrument b BTC/USDT',
      'mark BTC 1',
      'mark BTC 2',
    ]);
  });

  it('describes again after the connection is removed and added back', () => {
    const { core, sockets, calls } = setUp();
    connect(core, { id: 'a' });
    sockets.latest.accept();
    sockets.latest.push('POS BTC 1');
    expect(brief(mustFlush(core).events)).toEqual(['instrument a BTC/USDT', 'pos BTC 1']);

    core.handle({ type: 'remove', connectionId: 'a' });
    connect(core, { id: 'a' });
    sockets.latest.accept();
    sockets.latest.push('POS BTC 2');
    const batch = mustFlush(core);
    expect(batch.removed).toEqual(['a']);
    expect(brief(batch.events)).toEqual(['instrument a BTC/USDT', 'pos BTC 2']);
    expect(calls).toEqual(['BTC', 'BTC']);
  });

  it('a removed connection takes its pending instruments with it; re-added in the same batch, it describes again', () => {
    const { core, sockets } = setUp();
    connect(core, { id: 'a' });
    sockets.latest.accept();
    sockets.latest.push('MARK BTC 1');
    core.handle({ type: 'remove', connectionId: 'a' });
    connect(core, { id: 'a' });
    sockets.latest.accept();
    sockets.latest.push('MARK BTC 2');
    expect(brief(mustFlush(core).events)).toEqual(['instrument a BTC/USDT', 'mark BTC 2']);
  });

  it('describes again, with the new options, after the connection is reconfigured', () => {
    const { core, sockets } = setUp();
    connect(core, { id: 'a', options: { symbols: ['QUOTE=USDT'] } });
    sockets.latest.accept();
    sockets.latest.push('MARK BTC 1');
    expect(brief(mustFlush(core).events)).toEqual(['instrument a BTC/USDT', 'mark BTC 1']);

    connect(core, { id: 'a', options: { symbols: ['QUOTE=USDC'] } });
    sockets.latest.accept();
    sockets.latest.push('MARK BTC 2');
    expect(brief(mustFlush(core).events)).toEqual(['instrument a BTC/USDC', 'mark BTC 2']);
  });

  it('asks once about a symbol the venue does not describe, and still delivers its events', () => {
    const { core, sockets, calls } = setUp();
    connect(core);
    sockets.latest.accept();
    sockets.latest.push('MARK odd-1 1');
    sockets.latest.push('MARK odd-1 2');
    expect(brief(mustFlush(core).events)).toEqual(['mark odd-1 2']);
    expect(calls).toEqual(['odd-1']);
  });

  it('survives an adapter that throws or describes badly: the event passes, the connection shows why, once', () => {
    const { core, sockets } = setUp({}, (symbol) => {
      if (symbol === 'BOOM') throw new Error('no such market');
      return { symbol: 'renamed', baseAsset: 'btc', quoteAsset: 'USDT', settleAsset: 'USDT', kind: 'perpetual' };
    });
    connect(core);
    sockets.latest.accept();
    for (const frame of ['MARK BOOM 1', 'MARK BOOM 2', 'MARK BTC 1', 'MARK BTC 2']) sockets.latest.push(frame);
    const batch = mustFlush(core);
    expect(brief(batch.events)).toEqual(['mark BOOM 2', 'mark BTC 2']);
    expect(batch.connections[0]?.errors.map((e) => e.message)).toEqual([
      'Line test venue could not describe symbol "BOOM": no such market',
      'Line test venue described symbol "BTC" badly: instrument BTC: baseAsset must be upper case (btc)',
    ]);
  });

  it('keys the instrument by the event symbol, whatever symbol the adapter wrote', () => {
    const { core, sockets } = setUp({}, () => ({
      symbol: 'SOMETHING-ELSE',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      settleAsset: 'USDT',
      kind: 'perpetual',
    }));
    connect(core);
    sockets.latest.accept();
    sockets.latest.push('MARK BTC 1');
    const [first] = mustFlush(core).events;
    expect(first).toEqual({
      kind: 'instrument',
      instrument: {
        connectionId: 'line-1',
        symbol: 'BTC',
        baseAsset: 'BTC',
        quoteAsset: 'USDT',
        settleAsset: 'USDT',
        kind: 'perpetual',
      },
    });
  });

  it('never drops an instrument when the buffer is full; a refused event does not hide the next one', () => {
    const { core, sockets } = setUp({ limits: { maxBufferedEvents: 2 } });
    connect(core);
    sockets.latest.accept();
    for (const frame of ['FILL f1 AAA', 'FILL f2 AAA', 'FILL f3 BBB', 'FILL f4 CCC']) sockets.latest.push(frame);
    const batch = mustFlush(core);
    expect(brief(batch.events.filter((e) => e.kind !== 'gap'))).toEqual([
      'instrument line-1 AAA/USDT',
      'fill f1 AAA',
      'instrument line-1 BBB/USDT',
      'instrument line-1 CCC/USDT',
    ]);
    expect(batch.dropped).toBe(3);
    sockets.latest.push('FILL f3 BBB');
    expect(brief(mustFlush(core).events)).toEqual(['fill f3 BBB']);
  });

  it('a duplicate fill mentions nothing new', () => {
    const { core, sockets, calls } = setUp();
    connect(core);
    sockets.latest.accept();
    sockets.latest.push('FILL f1 BTC');
    mustFlush(core);
    sockets.latest.push('FILL f1 BTC');
    expect(core.flush()?.events ?? []).toEqual([]);
    expect(calls).toEqual(['BTC']);
  });
});
