import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import type { Instrument } from '../domain/instrument';
import { InstrumentAnnouncer } from './instrument-announcer';

const perp = (symbol: string): Omit<Instrument, 'connectionId'> => ({
  symbol,
  baseAsset: symbol,
  quoteAsset: 'USDT',
  settleAsset: 'USDT',
  kind: 'perpetual',
});

function announcer(
  capacity?: number,
  describe: ((symbol: string) => Omit<Instrument, 'connectionId'> | undefined) | null = perp,
) {
  const out: string[] = [];
  const problems: string[] = [];
  const adapter = {
    displayName: 'Test',
    ...(describe ? { describeSymbol: (symbol: string) => describe(symbol) } : {}),
  };
  const a = new InstrumentAnnouncer(
    'c1',
    adapter,
    {},
    {
      emit: (e) => {
        if (e.kind === 'instrument') out.push(e.instrument.symbol);
        return true;
      },
      problem: (m) => problems.push(m),
    },
    capacity,
  );
  return { a, out, problems };
}

const t = 1_756_478_000_000;
const order = (symbol?: string): DomainEvent => ({
  kind: 'order',
  order: { connectionId: 'c1', orderId: 'o1', updatedAt: t, ...(symbol ? { symbol } : {}) },
});

describe('InstrumentAnnouncer', () => {
  it('reads the symbol of every kind that names one, and nothing from the others', () => {
    const { a, out } = announcer();
    const events: DomainEvent[] = [
      order('ORD'),
      order(),
      {
        kind: 'fill',
        fill: { connectionId: 'c1', fillId: 'f', symbol: 'FIL', side: 'buy', price: '1', quantity: '1', time: t },
      },
      { kind: 'position', position: { connectionId: 'c1', symbol: 'POS', quantity: '1', updatedAt: t } },
      { kind: 'position-closed', connectionId: 'c1', symbol: 'CLO', time: t },
      { kind: 'mark', mark: { connectionId: 'c1', symbol: 'MRK', kind: 'mark', price: '1', time: t } },
      {
        kind: 'account-snapshot',
        connectionId: 'c1',
        time: t,
        scope: { orders: true, positions: true, balances: true },
        openOrders: [{ connectionId: 'c1', orderId: 'o2', symbol: 'SNO', status: 'open', updatedAt: t }],
        positions: [{ connectionId: 'c1', symbol: 'SNP', quantity: '1', updatedAt: t }],
        balances: [{ connectionId: 'c1', asset: 'BAL', total: '1', updatedAt: t }],
      },
      { kind: 'balance', balance: { connectionId: 'c1', asset: 'USDT', total: '1', updatedAt: t } },
      { kind: 'account-summary', summary: { connectionId: 'c1', asset: 'USDT', updatedAt: t } },
      { kind: 'notification', notification: { connectionId: 'c1', id: 'n', level: 'info', title: 'BTCUSDT', time: t } },
    ];
    for (const e of events) a.before(e);
    expect(out).toEqual(['ORD', 'FIL', 'POS', 'CLO', 'MRK', 'SNO', 'SNP']);
  });

  it('stays bounded: beyond its capacity the oldest symbol is forgotten, and described again if it returns', () => {
    const { a, out } = announcer(2);
    for (const s of ['A', 'B', 'A', 'C', 'B', 'A']) a.before(order(s));
    expect(out).toEqual(['A', 'B', 'C', 'A']);
  });

  it('does nothing for an adapter without describeSymbol', () => {
    const { a, out, problems } = announcer(undefined, null);
    a.before(order('BTC'));
    expect(out).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('does not let a symbol name flood the problem text', () => {
    const { a, problems } = announcer(undefined, () => {
      throw new Error('nope');
    });
    a.before(order('X'.repeat(500)));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.length).toBeLessThan(120);
  });
});
