import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fill } from '../../domain/types';
import { Harness, T0, fixture, sequence } from './test-support';

/**
 * Fill ids of fills rebuilt from position changes (fill-ids.ts). Every trade here is at one price, so a
 * position that returns to an earlier size returns to the very same state (quantity, average entry,
 * realized PnL): only the venue's `ts` (and, within one millisecond, the repeat count) tells the fills
 * apart. The ingest core drops a fill id it has seen, so a collision would lose a fill.
 */

const PRICE = '70000';
const base = sequence('sequence-maker-fill')[2].data;

interface Step {
  /** Position size after the step, in tenths (0 = closed). */
  tenths: number;
  /** The frame shares the previous one's millisecond. */
  sameMs: boolean;
}

/**
 * position_update frames for a walk of sizes, all trades at PRICE (flat realized PnL and average). The
 * mark moves a cent per frame, as it does on the venue: within one millisecond two frames of the same
 * state still differ in text, while a replay is byte-identical (and dropped as such).
 */
function frames(steps: readonly Step[]): string[] {
  let ts = T0 + 10_000;
  let positionId = 33600;
  let size = 0;
  const out: string[] = [];
  for (const step of steps) {
    if (step.tenths === size) continue;
    if (!step.sameMs) ts += 1000;
    size = step.tenths;
    const quantity = size === 0 ? '0' : (size / 10).toFixed(1);
    const markPrice = (70_000 + out.length / 100).toFixed(2);
    const data =
      size === 0
        ? { symbol: 'BTCUSDT', positionId: String(positionId), quantity: '0', closed: true }
        : { ...base, positionId: String(positionId), quantity, avgEntryPrice: PRICE, realizedPnl: '0', markPrice };
    out.push(JSON.stringify({ channel: 'account', event: 'position_update', data, ts }));
    if (size === 0) positionId += 1;
  }
  return out;
}

/** A session on a flat account with a ticker (closes to zero are priced from it). */
function run(texts: readonly string[]): Fill[] {
  const h = new Harness();
  h.authenticate();
  const state = fixture('account-full-state');
  state.data.positions = [];
  state.data.openOrders = [];
  h.feed(state);
  h.feed({
    ...sequence('sequence-maker-fill')[1],
    data: { ...sequence('sequence-maker-fill')[1].data, lastPrice: PRICE },
  });
  for (const text of texts) h.feed(text);
  h.release();
  return h.fills();
}

const stepArb: fc.Arbitrary<Step> = fc.record({ tenths: fc.integer({ min: 0, max: 3 }), sameMs: fc.boolean() });

describe('fill ids of rebuilt fills', () => {
  it('0.1 -> 0.2 -> 0.1 -> 0.2 at one price: four distinct fills, four distinct ids', () => {
    const walk = [1, 2, 1, 2].map((tenths) => ({ tenths, sameMs: false }));
    const fills = run(frames(walk));
    expect(fills.map((f) => [f.side, f.quantity])).toEqual([
      ['buy', '0.1'],
      ['buy', '0.1'],
      ['sell', '0.1'],
      ['buy', '0.1'],
    ]);
    expect(new Set(fills.map((f) => f.fillId)).size).toBe(4);
    // Even within one millisecond.
    const sameMs = run(frames([1, 2, 1, 2].map((tenths, i) => ({ tenths, sameMs: i > 0 }))));
    expect(new Set(sameMs.map((f) => f.fillId)).size).toBe(4);
  });

  it('distinct fills get distinct ids, whatever states a position revisits and however many share a millisecond', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 40 }), (steps) => {
        const texts = frames(steps);
        const fills = run(texts);
        expect(fills).toHaveLength(texts.length); // one fill per change (one price: a flip is one fill)
        expect(new Set(fills.map((f) => f.fillId)).size).toBe(fills.length);
      }),
      { numRuns: 200 },
    );
  });

  it('replayed frames, anywhere after their original, give the same ids; a new session derives the same ids', () => {
    const arb = fc.array(stepArb, { minLength: 1, maxLength: 30 }).chain((steps) => {
      const texts = frames(steps);
      if (texts.length === 0) return fc.constant({ texts, replays: [] as { of: number; after: number }[] });
      const replay = fc
        .integer({ min: 0, max: texts.length - 1 })
        .chain((of) => fc.record({ of: fc.constant(of), after: fc.integer({ min: of, max: texts.length - 1 }) }));
      return fc.record({ texts: fc.constant(texts), replays: fc.array(replay, { maxLength: 12 }) });
    });
    fc.assert(
      fc.property(arb, ({ texts, replays }) => {
        const dirty: string[] = [];
        texts.forEach((text, i) => {
          dirty.push(text);
          for (const r of replays) if (r.after === i) dirty.push(texts[r.of]!);
        });
        const clean = run(texts).map((f) => f.fillId);
        expect(run(dirty).map((f) => f.fillId)).toEqual(clean);
        expect(run(texts).map((f) => f.fillId)).toEqual(clean);
      }),
      { numRuns: 150 },
    );
  });
});
