import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Harness, T0 } from './test-support';
import type { RailsCompletedOrder } from './wire';

/**
 * Property: the trades stream may deliver a `completedOrdersDelta` frame twice (a replay after a
 * reconnect, a duplicated frame) and in any order relative to others. Whatever the interleaving,
 * the session emits each execution exactly once, so the set of fill ids equals the clean run's.
 */

interface Execution {
  order: number;
  side: 'buy' | 'sell';
  milli: number;
  cents: number;
  maker: boolean;
  market: string;
}

const executionArb: fc.Arbitrary<Execution> = fc.record({
  order: fc.integer({ min: 0, max: 5 }),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  milli: fc.integer({ min: 1, max: 5_000 }),
  cents: fc.integer({ min: 1, max: 10_000_000 }),
  maker: fc.boolean(),
  market: fc.constantFrom('BTC-USDT', 'ETH-USDT'),
});

function execution(e: Execution, i: number): RailsCompletedOrder {
  return {
    market: e.market,
    // Executions i and i+1 share a matchId (maker and taker of one match) but never an order.
    orderId: `01K3V7Q9ZK4M2N8P6R0S1T3W${e.order}${i % 2}`,
    matchId: `match-${Math.floor(i / 2)}`,
    orderType: e.side,
    tradeType: 'limit',
    executionType: e.maker ? 'maker' : 'taker',
    fillType: 'partial',
    price: (e.cents / 100).toFixed(2),
    quantity: (e.milli / 1000).toFixed(3),
    leverage: '1',
    fees: '0.01',
    orderCreatedAt: T0,
    orderFilledAt: T0 + i,
  };
}

/** Executions grouped into frames of 1-4, each frame delivered 1-3 times, in a shuffled order, with reconnects. */
const scenarioArb = fc.array(executionArb, { minLength: 1, maxLength: 40 }).chain((executions) => {
  const trades = executions.map(execution);
  const frames: RailsCompletedOrder[][] = [];
  for (let i = 0; i < trades.length;) {
    const size = 1 + (i % 4);
    frames.push(trades.slice(i, i + size));
    i += size;
  }
  return fc
    .tuple(
      fc.array(fc.integer({ min: 1, max: 3 }), { minLength: frames.length, maxLength: frames.length }),
      fc.array(fc.boolean(), { maxLength: 200 }),
    )
    .chain(([copies, reconnects]) => {
      const deliveries = frames.flatMap((frame, i) => Array.from({ length: copies[i] ?? 1 }, () => frame));
      return fc
        .shuffledSubarray(deliveries, { minLength: deliveries.length, maxLength: deliveries.length })
        .map((shuffled) => ({ frames, deliveries: shuffled, reconnects }));
    });
});

function fillIds(h: Harness): string[] {
  return h.fills().map((f) => f.fillId);
}

describe('fill dedupe property', () => {
  it('any interleaving of duplicated completedOrdersDelta frames yields the same fill ids, each once', () => {
    fc.assert(
      fc.property(scenarioArb, ({ frames, deliveries, reconnects }) => {
        const clean = new Harness();
        clean.open();
        for (const frame of frames) clean.feed({ resultType: 'completedOrdersDelta', data: frame });
        const expected = fillIds(clean);

        const messy = new Harness();
        messy.open();
        deliveries.forEach((frame, i) => {
          if (reconnects[i]) {
            messy.closed(1006);
            messy.open();
          }
          messy.feed({ resultType: 'completedOrdersDelta', data: frame });
        });
        const got = fillIds(messy);

        expect(new Set(got)).toEqual(new Set(expected));
        expect(got).toHaveLength(new Set(got).size);
        expect(expected).toHaveLength(frames.flat().length);
        expect(messy.count('duplicates')).toBe(deliveries.flat().length - frames.flat().length);
      }),
      { numRuns: 200 },
    );
  });
});
