import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, decText } from '../../domain/decimal';
import { CTM_S, Harness, config, LOGIN, trade } from './test-support';
import { TRADE, TRADE_CMD, TRADE_CODE, TRADE_STATE, VOLUME_PER_LOT } from './wire';

/**
 * A closed ticket never reopens, whatever arrives after its close: a late or duplicated `o` of an
 * open state, a recalculated-profit update (whole or partial), an update carrying only the ticket and
 * an open state, or the account state after a reconnect still listing it. Random market tickets live
 * and close in a random interleaving; after every close, such stragglers are mixed into the rest of the
 * stream at random, and reconnects happen at random points (their account state lists every ticket
 * still open, and some of the closed ones). After every frame, each symbol's position must be exactly
 * the tickets opened and not yet closed, and each ticket derives its open and close fills once.
 */

interface Life {
  order: number;
  symbol: 'eurusd' | 'btcusd';
  cmd: number;
  volume: number;
  profits: number;
  /** The close arrives as a partial update (ticket, state, close price and time, profit only). */
  partialClose: boolean;
}

const lifeArb = (order: number): fc.Arbitrary<Life> =>
  fc.record({
    order: fc.constant(order),
    symbol: fc.constantFrom('eurusd' as const, 'btcusd' as const),
    cmd: fc.constantFrom(TRADE_CMD.BUY, TRADE_CMD.SELL),
    volume: fc.integer({ min: 1, max: 300 }),
    profits: fc.integer({ min: 0, max: 2 }),
    partialClose: fc.boolean(),
  });

/** Keeps the marker, the ticket and the given positions of an `o` array; null elsewhere (absent). */
function partial(full: unknown[], keep: readonly number[]): unknown[] {
  return full.map((v, i) => (i <= TRADE.ORDER || keep.includes(i) ? v : null));
}

function lifeFrames(life: Life): { open: unknown[]; updates: unknown[][]; close: unknown[] } {
  const base = { order: life.order, symbol: life.symbol, cmd: life.cmd, volume: life.volume, openPrice: 1.5 };
  const open = trade(base);
  const updates = Array.from({ length: life.profits }, (_, i) =>
    i % 2 === 0
      ? trade({ ...base, profit: i + 1, closePrice: 1.5 + i / 100, code: TRADE_CODE.PROFIT })
      : partial(trade({ ...base, profit: i + 1 }), [TRADE.PROFIT]),
  );
  const closed = trade({
    ...base,
    state: TRADE_STATE.CLOSED,
    closePrice: 1.6,
    closeTime: CTM_S + 60,
    profit: 3,
    code: TRADE_CODE.CLOSED,
  });
  const close = life.partialClose
    ? partial(closed, [TRADE.STATE, TRADE.CLOSE_PRICE, TRADE.CLOSE_TIME, TRADE.PROFIT])
    : closed;
  return { open, updates, close };
}

/** What may arrive after a ticket closed: its old open frame, a PROFIT update, a partial open-state update. */
function stragglers(life: Life): unknown[][] {
  const { open } = lifeFrames(life);
  return [
    open,
    trade({
      order: life.order,
      symbol: life.symbol,
      cmd: life.cmd,
      volume: life.volume,
      openPrice: 1.5,
      profit: 9,
      code: TRADE_CODE.PROFIT,
    }),
    partial(trade({ order: life.order, profit: 7 }), [TRADE.PROFIT]),
    partial(trade({ order: life.order, state: TRADE_STATE.OPEN }), [TRADE.STATE]),
  ];
}

type Step = { kind: 'frame'; frame: unknown[]; opens?: Life; closes?: Life } | { kind: 'reconnect'; stale: number[] };

/** The lives' frames interleaved by `picks`, with stragglers and reconnects mixed in after the closes. */
function schedule(lives: readonly Life[], picks: readonly number[]): Step[] {
  const queues = lives.map((life): Extract<Step, { kind: 'frame' }>[] => {
    const { open, updates, close } = lifeFrames(life);
    return [
      { kind: 'frame' as const, frame: open, opens: life },
      ...updates.map((frame) => ({ kind: 'frame' as const, frame })),
      { kind: 'frame' as const, frame: close, closes: life },
    ];
  });
  const late: Step[] = [];
  const steps: Step[] = [];
  const closed: Life[] = [];
  let p = 0;
  const next = () => picks[p++ % picks.length] ?? 0;
  while (queues.some((q) => q.length > 0) || late.length > 0) {
    const choice = next() % 10;
    if (choice === 0 && closed.length > 0 && steps.at(-1)?.kind !== 'reconnect') {
      steps.push({ kind: 'reconnect', stale: closed.filter((_, i) => (next() + i) % 2 === 0).map((l) => l.order) });
      continue;
    }
    const open = queues.filter((q) => q.length > 0);
    if ((choice <= 3 || open.length === 0) && late.length > 0) {
      steps.push(late.splice(next() % late.length, 1)[0]!);
      continue;
    }
    const step = open[next() % open.length]!.shift()!;
    steps.push(step);
    if (step.closes) {
      closed.push(step.closes);
      for (const frame of stragglers(step.closes)) if (next() % 2 === 0) late.push({ kind: 'frame', frame });
    }
  }
  return steps;
}

const lots = (life: Life) => new Decimal(life.volume).div(VOLUME_PER_LOT).times(life.cmd === TRADE_CMD.SELL ? -1 : 1);

/** The session's latest position quantity per symbol (absent when none is open). */
function shownQuantities(h: Harness): Map<string, string> {
  const shown = new Map<string, string>();
  for (const e of h.events()) {
    if (e.kind === 'position') shown.set(e.position.symbol, e.position.quantity);
    if (e.kind === 'position-closed') shown.delete(e.symbol);
  }
  return shown;
}

describe('a closed ScaleTrade ticket never reopens', () => {
  it('whatever arrives after its close, in any order, through reconnects', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => lifeArb(9000 + i)))),
        fc.array(fc.nat(), { minLength: 20, maxLength: 80 }),
        (lives, picks) => {
          const h = new Harness(config({ options: { login: LOGIN, symbols: [] } }));
          h.login();
          const opened = new Map<number, Life>();
          const closed = new Set<number>();
          const last = new Map<number, unknown[]>();
          for (const step of schedule(lives, picks)) {
            if (step.kind === 'reconnect') {
              const open = [...opened.values()].filter((l) => !closed.has(l.order)).map((l) => last.get(l.order)!);
              const stale = step.stale.map((order) => lifeFrames(opened.get(order)!).open);
              h.reconnect([...open, ...stale]);
            } else {
              h.feed(step.frame);
              if (step.opens) opened.set(step.opens.order, step.opens);
              if (step.closes) closed.add(step.closes.order);
              const order = step.frame[TRADE.ORDER] as number;
              if (!closed.has(order) && step.frame[TRADE.SYMBOL] !== null) last.set(order, step.frame);
            }
            const expected = new Map<string, Decimal>();
            for (const life of opened.values())
              if (!closed.has(life.order))
                expected.set(life.symbol, (expected.get(life.symbol) ?? new Decimal(0)).plus(lots(life)));
            const want = new Map([...expected].filter(([, q]) => !q.isZero()).map(([s, q]) => [s, decText(q)]));
            expect(shownQuantities(h)).toEqual(want);
          }
          const ids = h.fills().map((f) => f.fillId);
          expect(new Set(ids).size).toBe(ids.length);
          expect([...ids].sort()).toEqual(lives.flatMap((l) => [`${l.order}:close`, `${l.order}:open`]).sort());
          // A partial close carries its close price: no fill is priced by inference.
          expect(h.fills().every((f) => f.inferred === undefined && f.price !== '0')).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
