import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';
import { Harness, orderFrame } from './test-support';

/**
 * Property: Roxom has no fills channel; fills are derived from the growth of each order's cumulative
 * executedQty (./fills.ts). Frames can be duplicated, interleaved across orders and cut by reconnects.
 * As long as each order's own frames arrive with non-decreasing executedQty, the set of fill ids and
 * the total filled quantity per order are those of a clean run — and a later replay of any old frames
 * (what an upstream might resend after a reconnect) adds nothing.
 */

const BASE_NS = 1756478182146123456n;

interface Step {
  /** Growth in 0.001 units (0 = a status change only). */
  growth: number;
  price: number;
}

const orderArb = fc.record({
  /** executedQty of the first frame seen (0.001 units); > 0 means the order is first seen mid-life. */
  start: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3_000 })),
  steps: fc.array(
    fc.record({
      growth: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2_000 })),
      price: fc.integer({ min: 1, max: 99_999 }),
    }),
    { minLength: 0, maxLength: 6 },
  ),
});

const qty = (units: number): string => new Decimal(units).div(1000).toFixed();

/** Each order's frames, in its own order, with strictly increasing ns timestamps (odd: not doubles). */
function framesOf(
  orders: { start: number; steps: Step[] }[],
): { orderId: string; frames: string[]; finalUnits: number }[] {
  let tick = 0n;
  return orders.map((o, i) => {
    const orderId = `0198f642-0aa0-71b2-a9c3-00000000000${i}`;
    let units = o.start;
    let fees = o.start;
    const frames: string[] = [];
    const frame = (status: string, price: number) =>
      orderFrame({
        orderId,
        orderSize: '100',
        status,
        executedQty: qty(units),
        avgPx: units === 0 ? '0' : '0.0592',
        fillPx: units === 0 ? '0' : `0.0${price}`,
        filledFees: new Decimal(fees).div(100_000_000).toFixed(),
        timestamp: BASE_NS + (tick += 1_000n) + 1n,
      });
    frames.push(frame(units === 0 ? 'submitted' : 'partiallyfilled', 592));
    for (const s of o.steps) {
      units += s.growth;
      fees += s.growth * 3;
      frames.push(frame(s.growth === 0 ? 'pendingcancel' : 'partiallyfilled', s.price));
    }
    return { orderId, frames, finalUnits: units };
  });
}

/** A merge of the per-order sequences (each kept in order), every frame delivered 1-3 times in a row, with reconnects. */
const scenarioArb = fc.array(orderArb, { minLength: 1, maxLength: 4 }).chain((orders) => {
  const perOrder = framesOf(orders);
  const total = perOrder.reduce((n, o) => n + o.frames.length, 0);
  return fc
    .record({
      picks: fc.array(fc.nat({ max: perOrder.length - 1 }), { minLength: total * 2, maxLength: total * 2 }),
      copies: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: total, maxLength: total }),
      reconnects: fc.array(fc.boolean(), { minLength: total, maxLength: total }),
      replay: fc.array(fc.nat({ max: total - 1 }), { maxLength: 12 }),
    })
    .map(({ picks, copies, reconnects, replay }) => {
      const cursors = perOrder.map(() => 0);
      const merged: string[] = [];
      for (const pick of picks) {
        // The next frame of the picked order, or of the first order that still has one.
        const order = [pick, ...perOrder.keys()].find((i) => (cursors[i] ?? 0) < (perOrder[i]?.frames.length ?? 0));
        if (order === undefined) break;
        merged.push(perOrder[order]?.frames[cursors[order] ?? 0] ?? '');
        cursors[order] = (cursors[order] ?? 0) + 1;
      }
      // Whatever the picks left over, each order's remaining frames in order.
      perOrder.forEach((o, i) => merged.push(...o.frames.slice(cursors[i] ?? 0)));
      const deliveries = merged.map((text, i) => ({ text, copies: copies[i] ?? 1, reconnect: reconnects[i] ?? false }));
      return { perOrder, deliveries, replay: replay.map((i) => merged[i] ?? '') };
    });
});

function cleanRun(perOrder: { frames: string[] }[]): Harness {
  const h = new Harness();
  h.open();
  for (const o of perOrder) h.feedAll(o.frames);
  return h;
}

function totals(h: Harness): Map<string, string> {
  const byOrder = new Map<string, Decimal>();
  for (const f of h.fills())
    byOrder.set(f.orderId ?? '', (byOrder.get(f.orderId ?? '') ?? new Decimal(0)).plus(f.quantity));
  return new Map([...byOrder].map(([id, q]) => [id, q.toFixed()]));
}

describe('derived fills property', () => {
  it('any interleaving of duplicated order frames with non-decreasing executedQty yields the same fill ids and total filled quantity', () => {
    fc.assert(
      fc.property(scenarioArb, ({ perOrder, deliveries, replay }) => {
        const clean = cleanRun(perOrder);
        const expectedIds = clean.fills().map((f) => f.fillId);

        const messy = new Harness();
        messy.open();
        for (const d of deliveries) {
          if (d.reconnect) messy.reconnect();
          for (let c = 0; c < d.copies; c++) messy.feed(d.text);
        }
        const ids = messy.fills().map((f) => f.fillId);
        expect(new Set(ids)).toEqual(new Set(expectedIds));
        expect(ids).toHaveLength(new Set(ids).size);
        expect(messy.count('duplicates')).toBe(deliveries.reduce((n, d) => n + d.copies - 1, 0));

        // Total filled per order = its final executedQty (when anything executed).
        const expectedTotals = new Map(
          perOrder.filter((o) => o.finalUnits > 0).map((o) => [o.orderId, qty(o.finalUnits)]),
        );
        expect(totals(messy)).toEqual(expectedTotals);
        expect(totals(clean)).toEqual(expectedTotals);

        // A later replay of old frames (after a reconnect) adds no fill and no order event.
        messy.reconnect();
        const mark = messy.outputs.length;
        messy.feedAll(replay);
        expect(messy.events(mark)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
