/**
 * Instruments end to end in Node: the five simulators (CoinSwitch on a real nats-server, Roxom
 * through the keyring relay), the demo profile, the registry's adapters inside IngestCore on real
 * sockets. Every symbol any event names is described once per connection, before its first use, by a
 * conformant instrument, and the descriptions say what each venue trades.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../../relay/index';
import { writeDemoKeyring } from '../../scripts/demo-keyring';
import { demoProfile } from '../../scripts/demo-profile';
import { startSimulator, type Simulator } from '../../sim/index';
import { validateEvents } from '../domain/conformance/validators';
import type { DomainEvent } from '../domain/events';
import type { Instrument } from '../domain/instrument';
import { getAdapter } from '../venues/registry';
import { realClock } from '../venues/shared/clock';
import { nodeSocketFactory } from '../venues/shared/testing/node-socket-factory';
import { IngestCore } from './ingest-core';

let sim: Simulator | undefined;
let relay: RunningRelay | undefined;
let core: IngestCore | undefined;
afterEach(async () => {
  core?.dispose();
  await relay?.stop();
  await sim?.stop();
});

/** Symbols an event names (the same kinds the announcer reads). */
function symbolsOf(e: DomainEvent): string[] {
  switch (e.kind) {
    case 'order':
      return e.order.symbol === undefined ? [] : [e.order.symbol];
    case 'fill':
      return [e.fill.symbol];
    case 'position':
      return [e.position.symbol];
    case 'position-closed':
      return [e.symbol];
    case 'mark':
      return [e.mark.symbol];
    case 'account-snapshot':
      return [...e.openOrders.map((o) => o.symbol), ...e.positions.map((p) => p.symbol)];
    default:
      return [];
  }
}

const connectionOf = (e: DomainEvent): string | undefined => {
  switch (e.kind) {
    case 'instrument':
      return e.instrument.connectionId;
    case 'position-closed':
    case 'account-snapshot':
      return e.connectionId;
    case 'order':
      return e.order.connectionId;
    case 'fill':
      return e.fill.connectionId;
    case 'position':
      return e.position.connectionId;
    case 'mark':
      return e.mark.connectionId;
    default:
      return undefined;
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('instrument events from the five simulators', () => {
  it('describe every symbol once per connection, before its first use, conformantly', async () => {
    sim = await startSimulator({ seed: 21, freePorts: true, activityMs: 120, rateScale: 0.2 });
    const keyring = writeDemoKeyring(sim, '127.0.0.1:0', ['http://127.0.0.1:4173']);
    relay = await startRelay(keyring.configPath, { logger: () => undefined });
    const profile = demoProfile(sim, relay.url, keyring.pairingToken);
    core = new IngestCore({ getAdapter, socketFactory: nodeSocketFactory, clock: realClock });
    for (const config of profile.connections) core.handle({ type: 'connect', config });

    const events: DomainEvent[] = [];
    const ids = profile.connections.map((c) => c.id);
    const used = (id: string) =>
      new Set(events.filter((e) => connectionOf(e) === id && e.kind !== 'instrument').flatMap(symbolsOf));
    const deadline = Date.now() + 25_000;
    // Until every connection has used at least 3 symbols (the simulators trade three each), or time runs out.
    while (Date.now() < deadline && !ids.every((id) => used(id).size >= 3)) {
      await sleep(50);
      events.push(...(core.flush()?.events ?? []));
    }
    events.push(...(core.flush()?.events ?? []));

    expect(validateEvents(events)).toEqual([]);
    const instruments = new Map<string, Instrument>();
    const describedAt = new Map<string, number>();
    events.forEach((e, i) => {
      const id = connectionOf(e);
      if (e.kind === 'instrument') {
        const key = `${e.instrument.connectionId}|${e.instrument.symbol}`;
        expect(describedAt.has(key), `${key} described twice`).toBe(false);
        describedAt.set(key, i);
        instruments.set(key, e.instrument);
        return;
      }
      for (const symbol of symbolsOf(e)) {
        const at = describedAt.get(`${id}|${symbol}`);
        expect(at, `${id} ${symbol} used before it was described`).toBeDefined();
      }
    });
    for (const id of ids) expect([...used(id)].sort(), id).toHaveLength(3);

    const described = (id: string) =>
      [...instruments.values()].filter((i) => i.connectionId === id).map(({ connectionId: _, ...rest }) => rest);
    const sorted = (list: Omit<Instrument, 'connectionId'>[]) =>
      [...list].sort((a, b) => a.symbol.localeCompare(b.symbol));
    const perp = (symbol: string, base: string, quote: string, settle = quote) => ({
      symbol,
      baseAsset: base,
      quoteAsset: quote,
      settleAsset: settle,
      kind: 'perpetual',
    });
    expect(sorted(described('zdex-main'))).toEqual([
      perp('BTCUSDT', 'BTC', 'USDT'),
      perp('ETHUSDT', 'ETH', 'USDT'),
      perp('SOLUSDT', 'SOL', 'USDT'),
    ]);
    expect(sorted(described('coinswitch-main'))).toEqual([
      perp('BTCUSDT', 'BTC', 'USDT'),
      perp('ETHUSDT', 'ETH', 'USDT'),
      perp('SOLUSDT', 'SOL', 'USDT'),
    ]);
    expect(sorted(described('roxom-main'))).toEqual([
      perp('GOLD-BTC', 'GOLD', 'BTC'),
      perp('OIL-BTC', 'OIL', 'BTC'),
      perp('US500-BTC', 'US500', 'BTC'),
    ]);
    expect(sorted(described('scaletrade-cfd'))).toEqual([
      { symbol: 'btcusd', baseAsset: 'BTC', quoteAsset: 'USD', settleAsset: 'USD', kind: 'cfd', contractSize: '0.01' },
      { symbol: 'ethusd', baseAsset: 'ETH', quoteAsset: 'USD', settleAsset: 'USD', kind: 'cfd', contractSize: '0.1' },
      { symbol: 'solusd', baseAsset: 'SOL', quoteAsset: 'USD', settleAsset: 'USD', kind: 'cfd' },
    ]);
    // Rails: a single-market connection still sees the account's fills on every market.
    expect(sorted(described('rails-btc'))).toEqual([
      perp('BTC-USDT', 'BTC', 'USDT'),
      perp('ETH-USDT', 'ETH', 'USDT'),
      perp('SOL-USDT', 'SOL', 'USDT'),
    ]);
    for (const id of ids)
      expect(
        core.diagnostics(id)?.errors.filter((e) => /describe/.test(e.message)),
        id,
      ).toEqual([]);
  }, 60_000);
});
