import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFill, type PositionAmounts } from './position';
import { Num, ZERO } from './num';

const flat: PositionAmounts = { quantity: ZERO, avgEntry: ZERO };
const n = (v: string) => new Num(v);

describe('applyFill', () => {
  it('opens, increases with an 8-decimal average, reduces, closes', () => {
    const opened = applyFill(flat, 'buy', n('100'), n('1'));
    expect(opened).toMatchObject({ effect: 'open' });
    expect(opened.quantity.toFixed()).toBe('1');

    const increased = applyFill(opened, 'buy', n('101'), n('2'));
    expect(increased.effect).toBe('increase');
    // (100 + 202) / 3 = 100.666..., stored rounded to 8 decimals
    expect(increased.avgEntry.toFixed()).toBe('100.66666667');

    const reduced = applyFill(increased, 'sell', n('102'), n('1'));
    expect(reduced.effect).toBe('reduce');
    expect(reduced.quantity.toFixed()).toBe('2');
    expect(reduced.avgEntry.toFixed()).toBe('100.66666667');
    expect(reduced.realized.toFixed()).toBe('1.33333333');

    const closed = applyFill(reduced, 'sell', n('99'), n('2'));
    expect(closed.effect).toBe('close');
    expect(closed.quantity.isZero()).toBe(true);
    expect(closed.realized.toFixed()).toBe('-3.33333334');
  });

  it('realizes a short position with the opposite sign', () => {
    const short = applyFill(flat, 'sell', n('3500'), n('0.5'));
    expect(short.quantity.toFixed()).toBe('-0.5');
    const covered = applyFill(short, 'buy', n('3400'), n('0.2'));
    expect(covered.effect).toBe('reduce');
    expect(covered.realized.toFixed()).toBe('20');
    expect(covered.quantity.toFixed()).toBe('-0.3');
  });

  it('flips through zero: realizes the old size and opens the rest at the fill price', () => {
    const long = applyFill(flat, 'buy', n('71000'), n('0.01'));
    const flipped = applyFill(long, 'sell', n('71100.5'), n('0.03'));
    expect(flipped.effect).toBe('flip');
    expect(flipped.quantity.toFixed()).toBe('-0.02');
    expect(flipped.avgEntry.toFixed()).toBe('71100.5');
    expect(flipped.realized.toFixed()).toBe('1.005');
  });

  it('keeps price = avgEntry - realized / quantityChange exact on every reducing fill', () => {
    const price = fc.integer({ min: 1, max: 10_000_000 }).map((ticks) => new Num(ticks).div(10));
    const qty = fc.integer({ min: 1, max: 5_000 }).map((steps) => new Num(steps).div(1000));
    const side = fc.constantFrom('buy' as const, 'sell' as const);
    fc.assert(
      fc.property(fc.array(fc.tuple(side, price, qty), { minLength: 1, maxLength: 30 }), (fills) => {
        let position: PositionAmounts = flat;
        for (const [s, p, q] of fills) {
          const next = applyFill(position, s, p, q);
          if (next.effect === 'reduce') {
            const change = next.quantity.minus(position.quantity);
            expect(position.avgEntry.minus(next.realized.div(change)).eq(p)).toBe(true);
          }
          expect(next.avgEntry.decimalPlaces()).toBeLessThanOrEqual(8);
          position = next;
        }
      }),
    );
  });
});
