import { zdexAdapter } from '../src/venues/zdex/adapter';
import type { ConnectionConfig } from '../src/domain/connection-config';
import type { BenchResult } from './measure';
import { timePerOp } from './measure';

/**
 * ZDEX auto-pushes every symbol at 300-400 msgs/s. A frame for a symbol nobody configured must cost
 * far less than one we keep: the adapter drops it before JSON.parse.
 */
function liveSession() {
  const config: ConnectionConfig = {
    id: 'bench',
    label: 'bench',
    venue: 'zdex',
    url: 'ws://x',
    auth: { token: 'a.b.c' },
    options: { symbols: ['BTCUSDT'] },
  };
  const parsed = zdexAdapter.parseOptions(config);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const session = zdexAdapter.createSession(config, parsed.options);
  const t = 1_756_478_000_000;
  session.open(t);
  session.message(JSON.stringify({ event: 'connected', channels: [], symbols: [], pollIntervalMs: 2000 }), t);
  session.message(JSON.stringify({ event: 'authenticated', accountId: 'clx', subAccountId: '1' }), t);
  session.message(
    JSON.stringify({ channel: 'account', data: { balances: [], openOrders: [], positions: [] }, ts: t }),
    t,
  );
  return session;
}

function orderbook(symbol: string, id: number): string {
  const levels = (base: number) => Array.from({ length: 50 }, (_, i) => [String(base + i * 0.5), '1.234']);
  return JSON.stringify({
    channel: 'orderbook',
    symbol,
    data: { lastUpdateId: id, bids: levels(71000), asks: levels(71100) },
    ts: 1_756_478_000_000 + id,
  });
}

export function benchIngestFilter(): BenchResult {
  const session = liveSession();
  const N = 20_000;
  const kept = Array.from({ length: N }, (_, i) => orderbook('BTCUSDT', i + 1));
  const dropped = Array.from({ length: N }, (_, i) => orderbook('DOGEUSDT', i + 1));
  const keptNs = timePerOp(N, (i) => session.message(kept[i]!, 1_756_478_000_000 + i));
  const droppedNs = timePerOp(N, (i) => session.message(dropped[i]!, 1_756_478_000_000 + i));
  return {
    name: 'zdex-filter',
    what: 'cost of an unconfigured auto-pushed orderbook frame / a configured one',
    figure: droppedNs / keptNs,
    unit: 'ratio',
    max: 0.25,
    details: { keptNsPerFrame: Math.round(keptNs), droppedNsPerFrame: Math.round(droppedNs) },
  };
}
