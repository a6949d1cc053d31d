import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, decText } from '../../domain/decimal';
import type { Fill } from '../../domain/types';
import { Harness, T0, fixture, sequence } from './test-support';

/**
 * Property tests for fill inference. A tiny model of the venue turns random trades into the
 * position_update frames ZDEX would send (average entry rounded to 8 dp, realized PnL exact against
 * it, a closed frame at zero), then the session's fills are compared with the trades.
 */

interface Trade {
  side: 'buy' | 'sell';
  /** Thousandths of a contract. */
  milli: number;
  /** Tenths of a dollar above 69 000. */
  tenths: number;
  /** A PnL recalculation frame (same quantity, new mark) follows the trade. */
  recalc: boolean;
}

const tradeArb: fc.Arbitrary<Trade> = fc.record({
  side: fc.constantFrom('buy' as const, 'sell' as const),
  milli: fc.integer({ min: 1, max: 120 }),
  tenths: fc.integer({ min: 0, max: 30_000 }),
  recalc: fc.boolean(),
});

interface Frame {
  text: string;
  /** The trade whose fill this frame shows, if any. */
  trade?: { side: 'buy' | 'sell'; quantity: string; price: string; closesToZero: boolean };
}

/** The venue model: position state per trade, as position_update frame texts. */
function venueFrames(trades: readonly Trade[]): Frame[] {
  let q = new Decimal(0);
  let avg = new Decimal(0);
  let realized = new Decimal(0);
  let positionId = 33600;
  let ts = T0 + 10_000;
  const frames: Frame[] = [];
  const base = sequence('sequence-maker-fill')[2].data;
  for (const t of trades) {
    const qty = new Decimal(t.milli).div(1000);
    const price = new Decimal(69_000).plus(new Decimal(t.tenths).div(10));
    const signed = t.side === 'buy' ? qty : qty.neg();
    const next = q.plus(signed);
    if (q.isZero() || q.isPositive() === signed.isPositive()) {
      avg = q.abs().times(avg).plus(qty.times(price)).div(next.abs()).toDecimalPlaces(8, Decimal.ROUND_HALF_UP);
    } else {
      const closing = Decimal.min(qty, q.abs());
      realized = realized.plus(
        price
          .minus(avg)
          .times(closing)
          .times(q.isPositive() ? 1 : -1),
      );
      if (!next.isZero() && next.isPositive() !== q.isPositive()) avg = price;
    }
    q = next;
    ts += t.tenths % 3 === 0 ? 0 : 1000; // about a third of the frames share their predecessor's millisecond
    const fill = { side: t.side, quantity: decText(qty), price: decText(price), closesToZero: q.isZero() };
    if (q.isZero()) {
      frames.push({
        text: JSON.stringify({
          channel: 'account',
          event: 'position_update',
          data: { symbol: 'BTCUSDT', positionId: String(positionId), quantity: '0', closed: true },
          ts,
        }),
        trade: fill,
      });
      positionId += 1;
      avg = new Decimal(0);
      realized = new Decimal(0);
      continue;
    }
    const data = {
      ...base,
      positionId: String(positionId),
      quantity: decText(q),
      avgEntryPrice: decText(avg),
      realizedPnl: decText(realized),
    };
    frames.push({ text: JSON.stringify({ channel: 'account', event: 'position_update', data, ts }), trade: fill });
    if (t.recalc)
      frames.push({
        text: JSON.stringify({
          channel: 'account',
          event: 'position_update',
          data: { ...data, markPrice: decText(price.plus(1)) },
          ts,
        }),
      });
  }
  return frames;
}

/**
 * A logged-in session on a flat account. With `ticker`, the symbol's price precision (1 decimal) and a
 * market price are known, so closes without PnL can be priced; without it neither is.
 */
function run(texts: readonly string[], ticker = true): Fill[] {
  const h = new Harness();
  h.authenticate();
  const state = fixture('account-full-state');
  state.data.positions = [];
  state.data.openOrders = [];
  h.feed(state);
  if (ticker) h.feed(sequence('sequence-maker-fill')[1]);
  for (const text of texts) h.feed(text);
  h.release(); // no full state follows: every fill goes out with its guess
  return h.fills();
}

/** The clean frames with copies of earlier frames inserted anywhere after their original. */
const dirtyArb = fc.array(tradeArb, { minLength: 1, maxLength: 25 }).chain((trades) => {
  const frames = venueFrames(trades).map((f) => f.text);
  const copies = fc.array(
    fc
      .integer({ min: 0, max: frames.length - 1 })
      .chain((of) => fc.record({ of: fc.constant(of), after: fc.integer({ min: of, max: frames.length - 1 }) })),
    { maxLength: 15 },
  );
  return fc.tuple(fc.constant(frames), copies);
});

function interleave(frames: readonly string[], copies: readonly { of: number; after: number }[]): string[] {
  const out: string[] = [];
  frames.forEach((frame, i) => {
    out.push(frame);
    for (const c of copies) if (c.after === i) out.push(frames[c.of]!);
  });
  return out;
}

describe('fill inference properties', () => {
  it('duplicated position_update frames, in any interleaving, yield the same fills as the clean sequence', () => {
    fc.assert(
      fc.property(dirtyArb, ([frames, copies]) => {
        const clean = run(frames);
        const dirty = run(interleave(frames, copies));
        expect(new Set(dirty.map((f) => f.fillId))).toEqual(new Set(clean.map((f) => f.fillId)));
        expect(dirty).toEqual(clean);
      }),
      { numRuns: 150 },
    );
  });

  it('every trade that leaves a position open is recovered exactly: side, quantity and price', () => {
    fc.assert(
      fc.property(fc.array(tradeArb, { minLength: 1, maxLength: 25 }), (trades) => {
        const frames = venueFrames(trades);
        const fills = run(frames.map((f) => f.text));
        const expected = frames.flatMap((f) => (f.trade ? [f.trade] : []));
        expect(fills).toHaveLength(expected.length);
        fills.forEach((fill, i) => {
          const trade = expected[i]!;
          expect({ side: fill.side, quantity: fill.quantity }).toEqual({ side: trade.side, quantity: trade.quantity });
          if (!trade.closesToZero) expect(fill.price).toBe(trade.price);
          else expect(fill.inferred).toBe(true); // the closed frame has no PnL: priced from the market
        });
        expect(new Set(fills.map((f) => f.fillId)).size).toBe(fills.length);
      }),
      { numRuns: 200 },
    );
  });

  it("prices stay exact when the symbol's precision is unknown (its market data filtered out)", () => {
    fc.assert(
      fc.property(fc.array(tradeArb, { minLength: 1, maxLength: 25 }), (trades) => {
        const frames = venueFrames(trades);
        const fills = run(
          frames.map((f) => f.text),
          false,
        );
        const expected = frames.flatMap((f) => (f.trade && !f.trade.closesToZero ? [f.trade] : []));
        // A close to zero carries no figures: it is priced at the position's last mark, flagged inferred.
        const isClose = (f: Fill) => /:0:-:-(#\d+)?$/.test(f.fillId);
        expect(
          fills.filter((f) => !isClose(f)).map((f) => ({ side: f.side, quantity: f.quantity, price: f.price })),
        ).toEqual(expected.map(({ side, quantity, price }) => ({ side, quantity, price })));
        const closes = frames.filter((f) => f.trade?.closesToZero).length;
        expect(fills.filter(isClose)).toHaveLength(closes);
        expect(fills.filter(isClose).every((f) => f.inferred === true)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
