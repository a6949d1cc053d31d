import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Harness, T0, fixture } from './test-support';

/**
 * Property: the trade subject may deliver a message twice (a replay after a reconnect, a duplicated
 * publish) and in any order relative to others, and one message carries 1..n executions. Whatever
 * the interleaving, the session emits each execution exactly once, keyed by execId, so the set of
 * fill ids equals the clean run's.
 */

interface Execution {
  order: number;
  side: 'Buy' | 'Sell';
  milli: number;
  tenths: number;
  maker: boolean;
  symbol: string;
  execType: 'Trade' | 'Funding';
}

const executionArb: fc.Arbitrary<Execution> = fc.record({
  order: fc.integer({ min: 0, max: 5 }),
  side: fc.constantFrom('Buy' as const, 'Sell' as const),
  milli: fc.integer({ min: 1, max: 5_000 }),
  tenths: fc.integer({ min: 1, max: 2_000_000 }),
  maker: fc.boolean(),
  symbol: fc.constantFrom('BTCUSDT', 'SOLUSDT'),
  // One in ten is a funding execution, which is never a fill.
  execType: fc.integer({ min: 0, max: 9 }).map((n) => (n === 0 ? ('Funding' as const) : ('Trade' as const))),
});

function execution(e: Execution, i: number): Record<string, unknown> {
  return {
    ...fixture('trade.documented').o[0],
    symbol: e.symbol,
    orderId: `316ea49e-59b3-42c5-9d71-edaf2504b0f${e.order}`,
    side: e.side,
    execId: `a1076552-0c0f-5a56-a064-${String(i).padStart(12, '0')}`,
    execPrice: (e.tenths / 10).toFixed(1),
    execQty: (e.milli / 1000).toFixed(3),
    execType: e.execType,
    execTime: String(T0 + i),
    isMaker: e.maker,
    seq: 448368491576 + i,
  };
}

function message(executions: Record<string, unknown>[]): string {
  return JSON.stringify({ ...fixture('trade.documented'), o: executions });
}

/** Executions grouped into messages of 1-4, each delivered 1-3 times, shuffled, with reconnects between deliveries. */
const scenarioArb = fc.array(executionArb, { minLength: 1, maxLength: 40 }).chain((executions) => {
  const all = executions.map(execution);
  const messages: Record<string, unknown>[][] = [];
  for (let i = 0; i < all.length;) {
    const size = 1 + (i % 4);
    messages.push(all.slice(i, i + size));
    i += size;
  }
  return fc
    .tuple(
      fc.array(fc.integer({ min: 1, max: 3 }), { minLength: messages.length, maxLength: messages.length }),
      fc.array(fc.boolean(), { maxLength: 200 }),
    )
    .chain(([copies, reconnects]) => {
      const deliveries = messages.flatMap((m, i) => Array.from({ length: copies[i] ?? 1 }, () => m));
      return fc
        .shuffledSubarray(deliveries, { minLength: deliveries.length, maxLength: deliveries.length })
        .map((shuffled) => ({
          messages,
          deliveries: shuffled,
          reconnects,
          trades: executions.filter((e) => e.execType === 'Trade').length,
        }));
    });
});

describe('fill dedupe property', () => {
  it('any interleaving of duplicated trade messages, with reconnects, yields the same fill ids, each once', () => {
    fc.assert(
      fc.property(scenarioArb, ({ messages, deliveries, reconnects, trades }) => {
        const clean = new Harness();
        clean.openAndAuth();
        for (const m of messages) clean.trades(message(m));
        const expected = clean.fills().map((f) => f.fillId);

        const messy = new Harness();
        messy.openAndAuth();
        deliveries.forEach((m, i) => {
          if (reconnects[i]) {
            messy.closed(1006);
            messy.openAndAuth();
          }
          messy.trades(message(m));
        });
        const got = messy.fills().map((f) => f.fillId);

        expect(new Set(got)).toEqual(new Set(expected));
        expect(got).toHaveLength(new Set(got).size);
        expect(expected).toHaveLength(trades);
        const deliveredTrades = deliveries.flat().filter((e) => e.execType === 'Trade').length;
        expect(messy.count('duplicates')).toBe(deliveredTrades - trades);
      }),
      { numRuns: 200 },
    );
  });
});
