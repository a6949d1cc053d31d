import type { Instrument } from './instruments';
import type { Market } from './market';
import type { Prng } from './prng';
import type { AccountState } from './state';
import type { Side } from './records';
import { Num, floorToStep } from './num';
import { lockedMargin } from './views';

/** One thing a simulated trader does. */
export type AccountAction =
  | { kind: 'limit'; symbol: string; side: Side; price: Num; quantity: Num }
  | { kind: 'market'; symbol: string; side: Side; quantity: Num }
  | { kind: 'cancel'; orderId: string };

const MAX_OPEN_ORDERS = 8;
/** Order sizes are drawn between these notionals (USDT). */
const MIN_NOTIONAL = 20;
const MAX_NOTIONAL = 500;
/** Position notional above which the trader only reduces. */
const MAX_POSITION_NOTIONAL = new Num(3000);
/** Below this share of the wallet left available, the trader only cancels or reduces. */
const MIN_AVAILABLE_SHARE = new Num('0.3');

const opposite = (side: Side): Side => (side === 'buy' ? 'sell' : 'buy');

/**
 * Pick the next action of a random but plausible trader: rest limit orders a little away from the
 * market, trade at market, cancel, and reduce, close or flip positions, within margin limits.
 */
export function chooseAction(
  account: AccountState,
  market: Market,
  instruments: readonly Instrument[],
  rng: Prng,
): AccountAction | null {
  const available = account.wallet.minus(lockedMargin(account, market));
  if (available.lt(account.wallet.mul(MIN_AVAILABLE_SHARE))) return defensive(account, market, rng);
  if (account.openOrders.size >= MAX_OPEN_ORDERS) return cancelSome(account, rng);

  const roll = rng.next();
  const instrument = rng.pick(instruments);
  if (roll < 0.4) return restingLimit(instrument, market, rng);
  if (roll < 0.65)
    return capped(account, market, {
      kind: 'market',
      symbol: instrument.symbol,
      side: rng.chance(0.5) ? 'buy' : 'sell',
      quantity: size(instrument, market, rng),
    });
  if (roll < 0.85) return cancelSome(account, rng) ?? restingLimit(instrument, market, rng);
  return adjustPosition(account, market, rng) ?? restingLimit(instrument, market, rng);
}

function size(instrument: Instrument, market: Market, rng: Prng): Num {
  const notional = MIN_NOTIONAL + (MAX_NOTIONAL - MIN_NOTIONAL) * rng.next();
  const qty = floorToStep(new Num(notional).div(market.get(instrument.symbol).last), instrument.qtyStep);
  return Num.max(qty, instrument.qtyStep);
}

/** A limit order 2-30 basis points away from the last price, on the passive side. */
function restingLimit(instrument: Instrument, market: Market, rng: Prng): AccountAction {
  const { last } = market.get(instrument.symbol);
  const side: Side = rng.chance(0.5) ? 'buy' : 'sell';
  const distance = Num.max(floorToStep(last.mul(rng.int(2, 30)).div(10_000), instrument.tick), instrument.tick);
  const price = side === 'buy' ? last.minus(distance) : last.plus(distance);
  return { kind: 'limit', symbol: instrument.symbol, side, price, quantity: size(instrument, market, rng) };
}

function cancelSome(account: AccountState, rng: Prng): AccountAction | null {
  if (account.openOrders.size === 0) return null;
  return { kind: 'cancel', orderId: rng.pick([...account.openOrders.keys()]) };
}

/** Reduce, close or flip a random open position with a market order. */
function adjustPosition(account: AccountState, market: Market, rng: Prng): AccountAction | null {
  if (account.positions.size === 0) return null;
  const position = rng.pick([...account.positions.values()]);
  const { qtyStep } = market.get(position.symbol).instrument;
  const held = position.quantity.abs();
  const side: Side = position.quantity.isPositive() ? 'sell' : 'buy';
  const mode = rng.pick(['reduce', 'close', 'flip'] as const);
  let quantity = held;
  if (mode === 'reduce') {
    const part = floorToStep(held.mul(0.2 + 0.6 * rng.next()), qtyStep);
    if (part.gt(0)) quantity = part;
  } else if (mode === 'flip') {
    quantity = held.plus(Num.max(floorToStep(held.mul(rng.int(1, 10)).div(10), qtyStep), qtyStep));
  }
  return { kind: 'market', symbol: position.symbol, side, quantity };
}

/** When margin runs short: cancel an order, or else reduce a position. */
function defensive(account: AccountState, market: Market, rng: Prng): AccountAction | null {
  return cancelSome(account, rng) ?? adjustPosition(account, market, rng);
}

/** A market order that would push a position past the cap reduces it instead. */
function capped(account: AccountState, market: Market, action: AccountAction & { kind: 'market' }): AccountAction {
  const position = account.positions.get(action.symbol);
  if (!position) return action;
  const increases = position.quantity.isPositive() === (action.side === 'buy');
  const notional = position.quantity.abs().plus(action.quantity).mul(market.get(action.symbol).last);
  if (!increases || notional.lte(MAX_POSITION_NOTIONAL)) return action;
  return { ...action, side: opposite(action.side), quantity: Num.min(action.quantity, position.quantity.abs()) };
}
