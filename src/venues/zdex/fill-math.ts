import { Decimal, decText } from '../../domain/decimal';
import type { Side } from '../../domain/types';

/**
 * Fill inference from position changes. ZDEX sends no fill payload at all, and maker fills produce no
 * order event either (docs/venues/zdex.md "Known gap"; docs.zetariumdex.com/docs/reference/known-limitations),
 * but every fill moves the position. Pure arithmetic only: attribution to orders lives in account.ts.
 *
 * The venue rounds `avgEntryPrice` to 8 decimals and computes realized PnL (gross of fees) exactly
 * against that rounded average, so:
 * - growing:   price = (q1·avg1 − q0·avg0) / (q1 − q0)          (off by at most the avg rounding)
 * - shrinking: price = avg0 + (realized1 − realized0) / (q0 − q1)  (exact; signs work for shorts too)
 * - opening:   price = avg1
 * - flipping through zero: a close of q0 plus an open of q1 (one leg when both give the same price).
 */

/** What a position says about itself at one moment. Decimals are canonical text. */
export interface PositionPoint {
  positionId?: string;
  quantity: string;
  avgEntryPrice?: string;
  realizedPnl?: string;
}

export interface FillLeg {
  side: Side;
  /** Positive, canonical. */
  quantity: string;
  /** The price the venue's figures imply, unrounded; undefined when they do not say (a close without PnL). */
  rawPrice?: Decimal;
  /** How far `rawPrice` may be from the true price because of the venue's 8-dp average rounding. */
  tolerance: Decimal;
  /** `whole` for an ordinary change; a flip that needs two prices yields a `close` and an `open` leg. */
  part: 'whole' | 'close' | 'open';
}

/** Half a unit in the 8th decimal: the rounding error of a venue average entry price. */
const AVG_ROUNDING = new Decimal('0.000000005');

export const ZERO_POSITION: PositionPoint = { quantity: '0' };

export function deriveFillLegs(prev: PositionPoint, next: PositionPoint): FillLeg[] {
  const q0 = new Decimal(prev.quantity);
  const q1 = new Decimal(next.quantity);
  if (q0.eq(q1)) return [];
  const lineageChanged =
    prev.positionId !== undefined && next.positionId !== undefined && prev.positionId !== next.positionId;
  if (lineageChanged && !q0.isZero()) {
    // A different position: the old one closed (its PnL is not in the new one's figures), a new one opened.
    return [closeLeg(q0, prev, undefined, 'close'), ...(q1.isZero() ? [] : [openLeg(q1, next, 'open')])];
  }
  if (q0.isZero()) return [openLeg(q1, next, 'whole')];
  if (q1.isZero()) return [closeLeg(q0, prev, next.realizedPnl, 'whole')];
  if (q0.isPositive() !== q1.isPositive()) return flipLegs(q0, q1, prev, next);
  const delta = q1.minus(q0);
  const side: Side = delta.isPositive() ? 'buy' : 'sell';
  const quantity = decText(delta.abs());
  if (q1.abs().gt(q0.abs())) {
    if (prev.avgEntryPrice === undefined || next.avgEntryPrice === undefined)
      return [{ side, quantity, tolerance: AVG_ROUNDING, part: 'whole' }];
    const rawPrice = q1.times(next.avgEntryPrice).minus(q0.times(prev.avgEntryPrice)).div(delta);
    const tolerance = AVG_ROUNDING.times(q1.abs().plus(q0.abs())).div(delta.abs());
    return [{ side, quantity, rawPrice, tolerance, part: 'whole' }];
  }
  return [{ side, quantity, ...shrinkPrice(prev, next.realizedPnl, q0.minus(q1)), part: 'whole' }];
}

function openLeg(q1: Decimal, next: PositionPoint, part: FillLeg['part']): FillLeg {
  const leg: FillLeg = {
    side: q1.isPositive() ? 'buy' : 'sell',
    quantity: decText(q1.abs()),
    tolerance: AVG_ROUNDING,
    part,
  };
  if (next.avgEntryPrice !== undefined) leg.rawPrice = new Decimal(next.avgEntryPrice);
  return leg;
}

function closeLeg(q0: Decimal, prev: PositionPoint, realizedAfter: string | undefined, part: FillLeg['part']): FillLeg {
  return {
    side: q0.isPositive() ? 'sell' : 'buy',
    quantity: decText(q0.abs()),
    ...shrinkPrice(prev, realizedAfter, q0),
    part,
  };
}

/** price = avg0 + Δrealized / closedSigned, where closedSigned = q0 − q1 (positive when a long shrinks). */
function shrinkPrice(
  prev: PositionPoint,
  realizedAfter: string | undefined,
  closedSigned: Decimal,
): Pick<FillLeg, 'rawPrice' | 'tolerance'> {
  if (prev.avgEntryPrice === undefined || prev.realizedPnl === undefined || realizedAfter === undefined)
    return { tolerance: AVG_ROUNDING };
  const rawPrice = new Decimal(prev.avgEntryPrice).plus(
    new Decimal(realizedAfter).minus(prev.realizedPnl).div(closedSigned),
  );
  return { rawPrice, tolerance: AVG_ROUNDING };
}

function flipLegs(q0: Decimal, q1: Decimal, prev: PositionPoint, next: PositionPoint): FillLeg[] {
  const close = closeLeg(q0, prev, next.realizedPnl, 'close');
  const open = openLeg(q1, next, 'open');
  if (close.rawPrice && open.rawPrice && close.rawPrice.minus(open.rawPrice).abs().lte(AVG_ROUNDING)) {
    // One execution through zero: the close formula gives the exact price (the new avg is rounded).
    return [
      {
        side: close.side,
        quantity: decText(q1.minus(q0).abs()),
        rawPrice: close.rawPrice,
        tolerance: AVG_ROUNDING,
        part: 'whole',
      },
    ];
  }
  return [close, open];
}

/**
 * A position's final realized PnL when all of `prev` closes at `price`: realized0 + (price − avg0)·q0
 * (q0 signed, so a short gains when the price falls). The venue computes realized PnL exactly against
 * its rounded average, so this is exact when `price` is the execution price. Undefined when `prev`
 * lacks its average or realized figure.
 */
export function realizedAfterClose(prev: PositionPoint, price: string): string | undefined {
  if (prev.avgEntryPrice === undefined || prev.realizedPnl === undefined) return undefined;
  return decText(new Decimal(prev.realizedPnl).plus(new Decimal(price).minus(prev.avgEntryPrice).times(prev.quantity)));
}

/** Round a derived price to the symbol's price precision; undefined when it is not a usable price. */
export function roundPrice(raw: Decimal, decimals: number): string | undefined {
  const rounded = raw.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  return rounded.isPositive() && !rounded.isZero() ? decText(rounded) : undefined;
}

/**
 * The price a leg stands for: the shortest decimal (at most `maxDecimals` places) within the leg's
 * error bound of the derived value, else the derived value rounded to `maxDecimals`. Exchange prices
 * sit on a tick grid, so with the precision unknown (a symbol whose market data is filtered out) this
 * still lands on 70123.4 rather than 70123.40000002.
 */
export function snapPrice(leg: Pick<FillLeg, 'rawPrice' | 'tolerance'>, maxDecimals: number): string | undefined {
  const raw = leg.rawPrice;
  if (raw === undefined) return undefined;
  for (let d = 0; d < maxDecimals; d++) {
    if (raw.toDecimalPlaces(d, Decimal.ROUND_HALF_UP).minus(raw).abs().lte(leg.tolerance)) return roundPrice(raw, d);
  }
  return roundPrice(raw, maxDecimals);
}

/** Half a tick at `decimals` precision. */
export function halfTick(decimals: number): Decimal {
  return new Decimal(5).times(new Decimal(10).pow(-(decimals + 1)));
}

/** Number of decimals written in venue text ("71034.50" -> 2, "70000" -> 0). */
export function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
