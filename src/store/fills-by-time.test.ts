import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import { applyBatches } from './apply-batch';
import { emptyPortfolio, type PortfolioState } from './state';

const T0 = 1_756_478_000_000;
const fill = (connectionId: string, id: number, t: number): DomainEvent => ({
  kind: 'fill',
  fill: { connectionId, fillId: `f${id}`, symbol: 'BTCUSDT', side: 'buy', price: '1', quantity: '1', time: t },
});
const batch = (events: DomainEvent[], seq: number) => ({
  type: 'batch' as const,
  seq,
  events,
  connections: [],
  removed: [],
});
const byTimeThenKey = (a: { time: number; connectionId: string; fillId: string }, b: typeof a) =>
  b.time - a.time || (a.connectionId + a.fillId < b.connectionId + b.fillId ? -1 : 1);

describe('fillsByTime', () => {
  // Live fills take the front-insert path, late ones the merge: both must equal a full sort of the Map.
  it('is the fills Map sorted newest first, whatever the batches (newer, older, ties, duplicates)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.record({ c: fc.constantFrom('a', 'b'), id: fc.nat(40), dt: fc.integer({ min: -5, max: 30 }) }), {
            maxLength: 8,
          }),
          { maxLength: 12 },
        ),
        (batches) => {
          let s: PortfolioState = emptyPortfolio();
          let clock = T0;
          batches.forEach((b, i) => {
            clock += 10;
            s = applyBatches(
              s,
              [
                batch(
                  b.map((f) => fill(f.c, f.id, clock + f.dt)),
                  i,
                ),
              ],
              Number.NaN,
            );
          });
          expect(s.fillsByTime).toEqual([...s.fills.values()].sort(byTimeThenKey));
        },
      ),
      { numRuns: 300 },
    );
  });
});
