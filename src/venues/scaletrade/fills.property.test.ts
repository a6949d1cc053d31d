import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, decText } from '../../domain/decimal';
import type { DomainEvent } from '../../domain/events';
import { CTM_S, Harness, trade, type TicketSpec } from './test-support';
import { TRADE_CMD, TRADE_CODE, TRADE_STATE } from './wire';

/**
 * Property tests for the ticket tracker. A tiny model of the venue turns random ticket lives (market
 * tickets opened, re-priced and maybe closed; pending orders placed, modified, then deleted, activated
 * or left) into the `o` frames ScaleTrade would send; the session is then fed those frames duplicated
 * and in any order.
 */

interface Life {
  order: number;
  symbol: 'eurusd' | 'btcusd';
  cmd: number;
  volume: number;
  ticks: number;
  profits: number[];
  /** Pending only: what happens to the order. */
  fate: 'stays' | 'deleted' | 'activated';
  closes: boolean;
  close: { profit: number; storage: number; commission: number; ticks: number };
}

const lifeArb = (order: number): fc.Arbitrary<Life> =>
  fc.record({
    order: fc.constant(order),
    symbol: fc.constantFrom('eurusd' as const, 'btcusd' as const),
    cmd: fc.integer({ min: TRADE_CMD.BUY, max: TRADE_CMD.SELL_STOP }),
    volume: fc.integer({ min: 1, max: 500 }),
    ticks: fc.integer({ min: 1, max: 5_000 }),
    profits: fc.array(fc.integer({ min: -5_000, max: 5_000 }), { maxLength: 3 }),
    fate: fc.constantFrom('stays' as const, 'deleted' as const, 'activated' as const),
    closes: fc.boolean(),
    close: fc.record({
      profit: fc.integer({ min: -5_000, max: 5_000 }),
      storage: fc.integer({ min: -50, max: 0 }),
      commission: fc.integer({ min: -70, max: 0 }),
      ticks: fc.integer({ min: 1, max: 5_000 }),
    }),
  });

const livesArb = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => lifeArb(7000 + i))));

const cents = (n: number) => decText(new Decimal(n).div(100));
const price = (ticks: number) => decText(new Decimal(1).plus(new Decimal(ticks).div(10_000)));
const isPending = (cmd: number) => cmd >= TRADE_CMD.BUY_LIMIT;
const marketCmd = (cmd: number) =>
  cmd === TRADE_CMD.BUY || cmd === TRADE_CMD.BUY_LIMIT || cmd === TRADE_CMD.BUY_STOP ? TRADE_CMD.BUY : TRADE_CMD.SELL;

interface Expected {
  fillIds: string[];
  realized: string;
}

/** One ticket's frames, in the order the venue sends them, and what they should derive. */
function ticketFrames(life: Life): { frames: string[]; fillIds: string[]; realized: Decimal } {
  const base: TicketSpec = {
    order: life.order,
    symbol: life.symbol,
    cmd: life.cmd,
    volume: life.volume,
    openPrice: price(life.ticks),
    openTime: CTM_S,
  };
  const frames: unknown[] = [trade(base)];
  const fillIds: string[] = [];
  let realized = new Decimal(0);
  let market: TicketSpec = base;
  if (isPending(life.cmd)) {
    frames.push(trade({ ...base, openPrice: price(life.ticks + 1), code: TRADE_CODE.MODIFIED }));
    if (life.fate === 'deleted')
      frames.push(
        trade({
          ...base,
          openPrice: price(life.ticks + 1),
          state: TRADE_STATE.DELETED,
          closeTime: CTM_S + 60,
          code: TRADE_CODE.DELETED,
        }),
      );
    if (life.fate !== 'activated') return { frames: frames.map((f) => JSON.stringify(f)), fillIds, realized };
    market = { ...base, cmd: marketCmd(life.cmd), openPrice: price(life.ticks + 1), openTime: CTM_S + 30 };
    frames.push(trade({ ...market, cmd: life.cmd, state: TRADE_STATE.ACTIVATED, code: TRADE_CODE.ACTIVATED }));
  }
  fillIds.push(`${life.order}:open`);
  for (const p of life.profits) frames.push(trade({ ...market, profit: Number(cents(p)), code: TRADE_CODE.PROFIT }));
  if (life.closes) {
    const { profit, storage, commission, ticks } = life.close;
    frames.push(
      trade({
        ...market,
        state: TRADE_STATE.CLOSED,
        closePrice: price(ticks),
        closeTime: CTM_S + 120,
        profit: Number(cents(profit)),
        storage: Number(cents(storage)),
        commission: Number(cents(commission)),
        code: TRADE_CODE.CLOSED,
      }),
    );
    fillIds.push(`${life.order}:close`);
    // Gross: commission is the fills' fee and storage the position's funding, both shown apart.
    realized = new Decimal(cents(profit));
  }
  return { frames: frames.map((f) => JSON.stringify(f)), fillIds, realized };
}

/** All tickets' frames interleaved round-robin (each ticket's frames stay in order), and the expectation. */
function venue(lives: readonly Life[]): { frames: string[]; expected: Expected } {
  const per = lives.map(ticketFrames);
  const frames: string[] = [];
  for (let i = 0; per.some((p) => i < p.frames.length); i++)
    for (const p of per) if (i < p.frames.length) frames.push(p.frames[i] ?? '');
  const realized = per.reduce((sum, p) => sum.plus(p.realized), new Decimal(0));
  return { frames, expected: { fillIds: per.flatMap((p) => p.fillIds).sort(), realized: decText(realized) } };
}

/**
 * Realized PnL as the store books it (src/store/apply-batch.ts): when an open position closes, the
 * close's final realizedPnl (else the position's last one); plus what the open ones hold.
 */
function bookedRealized(events: readonly DomainEvent[]): string {
  const open = new Map<string, string>();
  let booked = new Decimal(0);
  for (const e of events) {
    if (e.kind === 'position') open.set(e.position.symbol, e.position.realizedPnl ?? '0');
    if (e.kind === 'position-closed' && open.has(e.symbol)) {
      booked = booked.plus(e.realizedPnl ?? open.get(e.symbol) ?? '0');
      open.delete(e.symbol);
    }
  }
  for (const r of open.values()) booked = booked.plus(r);
  return decText(booked);
}

function run(frames: readonly string[]): Harness {
  const h = new Harness();
  h.login();
  for (const f of frames) h.feed(f);
  return h;
}

/** Frames with some repeated, then in any order. */
const disorderArb = (frames: readonly string[]) =>
  fc
    .tuple(
      fc.array(fc.nat({ max: frames.length - 1 }), { maxLength: frames.length * 2 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
        minLength: frames.length * 3,
        maxLength: frames.length * 3,
      }),
    )
    .map(([repeats, keys]) => {
      const all = [...frames, ...repeats.map((i) => frames[i] ?? '')];
      return all
        .map((f, i) => ({ f, k: keys[i] ?? 0 }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.f);
    });

describe('ticket frames: duplicates and disorder', () => {
  it('the clean sequence derives exactly the model fills and realized PnL', () => {
    fc.assert(
      fc.property(livesArb, (lives) => {
        const { frames, expected } = venue(lives);
        const h = run(frames);
        expect(
          h
            .fills()
            .map((f) => f.fillId)
            .sort(),
        ).toEqual(expected.fillIds);
        expect(bookedRealized(h.events())).toBe(expected.realized);
      }),
      { numRuns: 200 },
    );
  });

  it('duplicated frames in any order yield the same set of fill ids, each once, and the same realized PnL', () => {
    fc.assert(
      fc.property(
        livesArb.chain((lives) => {
          const v = venue(lives);
          return fc.tuple(fc.constant(v), disorderArb(v.frames));
        }),
        ([{ frames, expected }, shuffled]) => {
          const clean = run(frames)
            .fills()
            .map((f) => f.fillId)
            .sort();
          const messy = run(shuffled);
          const ids = messy.fills().map((f) => f.fillId);
          expect([...ids].sort()).toEqual(clean);
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids.sort()).toEqual(expected.fillIds);
          expect(bookedRealized(messy.events())).toBe(expected.realized);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a frame repeated right away changes nothing but the duplicate count', () => {
    fc.assert(
      fc.property(
        livesArb.chain((lives) => {
          const v = venue(lives);
          return fc.tuple(
            fc.constant(v.frames),
            fc.array(fc.boolean(), { minLength: v.frames.length, maxLength: v.frames.length }),
          );
        }),
        ([frames, twice]) => {
          const doubled = frames.flatMap((f, i) => (twice[i] ? [f, f] : [f]));
          const strip = (h: Harness) => JSON.stringify(h.events().map((e) => stripTimes(e)));
          const clean = run(frames);
          const messy = run(doubled);
          expect(strip(messy)).toBe(strip(clean));
          // The venue model itself may repeat a frame (two identical PROFIT updates): count only the added copies.
          expect(messy.count('duplicates') - clean.count('duplicates')).toBe(twice.filter(Boolean).length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** Arrival-time stamps differ between runs of different lengths; compare the content. */
function stripTimes(e: DomainEvent): unknown {
  switch (e.kind) {
    case 'position':
      return { ...e, position: { ...e.position, updatedAt: 0 } };
    case 'order':
      return { ...e, order: { ...e.order, updatedAt: 0 } };
    case 'position-closed':
      return { ...e, time: 0 };
    default:
      return e;
  }
}
