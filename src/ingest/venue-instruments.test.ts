import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateEvents } from '../domain/conformance/validators';
import type { DomainEvent } from '../domain/events';
import { getAdapter, supportedVenues } from '../venues/registry';
import { FakeClock } from '../venues/shared/testing/fake-clock';
import { FakeSocketFactory } from '../venues/shared/testing/fake-socket';
import { IngestCore } from './ingest-core';

/** The registry's adapters behind IngestCore: every venue describes its symbols, and the ingest path emits them. */

const zdexFixture = (name: string) =>
  readFileSync(new URL(`../venues/zdex/fixtures/${name}.json`, import.meta.url), 'utf8');

/** Symbols named by each event, in order, with where their instrument came. */
function firstUses(events: DomainEvent[]): { instrumentAt: Map<string, number>; firstUseAt: Map<string, number> } {
  const instrumentAt = new Map<string, number>();
  const firstUseAt = new Map<string, number>();
  const use = (symbol: string | undefined, i: number) => {
    if (symbol !== undefined && !firstUseAt.has(symbol)) firstUseAt.set(symbol, i);
  };
  events.forEach((e, i) => {
    if (e.kind === 'instrument') {
      expect(instrumentAt.has(e.instrument.symbol), `${e.instrument.symbol} described twice`).toBe(false);
      instrumentAt.set(e.instrument.symbol, i);
    } else if (e.kind === 'order') use(e.order.symbol, i);
    else if (e.kind === 'fill') use(e.fill.symbol, i);
    else if (e.kind === 'position') use(e.position.symbol, i);
    else if (e.kind === 'position-closed') use(e.symbol, i);
    else if (e.kind === 'mark') use(e.mark.symbol, i);
    else if (e.kind === 'account-snapshot') {
      for (const o of e.openOrders) use(o.symbol, i);
      for (const p of e.positions) use(p.symbol, i);
    }
  });
  return { instrumentAt, firstUseAt };
}

describe('venue instruments through the ingest path', () => {
  it('every registered venue describes its symbols', () => {
    for (const venue of supportedVenues()) expect(typeof getAdapter(venue)?.describeSymbol, venue).toBe('function');
  });

  it('ZDEX: the seed frames come out with a conformant instrument before each symbol is first used', () => {
    const sockets = new FakeSocketFactory();
    const core = new IngestCore({ getAdapter, socketFactory: sockets.create, clock: new FakeClock(1711756800000) });
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';
    core.handle({
      type: 'connect',
      config: {
        id: 'z',
        label: 'ZDEX',
        venue: 'zdex',
        url: 'wss://api.zdex.world/ws',
        auth: { token },
        options: { symbols: ['BTCUSDT', 'ETHUSDT'] },
      },
    });
    sockets.latest.accept();
    for (const name of [
      'connected',
      'authenticated',
      'account-full-state',
      'ticker',
      'markprice',
      'order-new',
      'position-update',
      'position-closed',
    ]) {
      sockets.latest.push(zdexFixture(name));
    }
    // An unconfigured auto-pushed symbol is dropped before parsing: no event, so no instrument either.
    sockets.latest.push(zdexFixture('orderbook').replaceAll('BTCUSDT', 'DOGEUSDT'));
    const batch = core.flush();
    const events = batch?.events ?? [];
    expect(validateEvents(events)).toEqual([]);
    const { instrumentAt, firstUseAt } = firstUses(events);
    expect([...firstUseAt.keys()].sort()).toEqual(['BTCUSDT']);
    for (const [symbol, at] of firstUseAt) expect(instrumentAt.get(symbol), symbol).toBeLessThan(at);
    expect(events.find((e) => e.kind === 'instrument')).toEqual({
      kind: 'instrument',
      instrument: {
        connectionId: 'z',
        symbol: 'BTCUSDT',
        baseAsset: 'BTC',
        quoteAsset: 'USDT',
        settleAsset: 'USDT',
        kind: 'perpetual',
      },
    });
    expect(instrumentAt.has('DOGEUSDT')).toBe(false);
    expect(core.diagnostics('z')).toMatchObject({ filteredTotal: 1 });
  });
});
