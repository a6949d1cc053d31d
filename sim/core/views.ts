import type { Market, SymbolState } from './market';
import type { AccountState, OrderState, PositionState } from './state';
import type { AccountView, BalanceView, OrderRecord, PositionView } from './records';
import { Num, ZERO, round8, roundToStep, text } from './num';

/** Maintenance margin rate applied to every position's notional at mark. */
export const MAINTENANCE_MARGIN_RATE = new Num('0.004');

export function orderRecord(o: OrderState): OrderRecord {
  const record: OrderRecord = {
    orderId: o.orderId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    status: o.status,
    quantity: text(o.quantity),
    filledQuantity: text(o.filled),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
  if (o.price) record.price = text(o.price);
  if (o.filled.gt(0)) record.averagePrice = text(round8(o.filledNotional.div(o.filled)));
  return record;
}

function orderMargin(o: OrderState, market: Market): Num {
  if (!o.price) return ZERO;
  const { leverage } = market.get(o.symbol).instrument;
  return o.price.mul(o.quantity.minus(o.filled)).div(leverage);
}

function positionMargin(p: PositionState, s: SymbolState): Num {
  return p.quantity.abs().mul(p.avgEntry).div(s.instrument.leverage);
}

function unrealized(p: PositionState, s: SymbolState): Num {
  return s.mark.minus(p.avgEntry).mul(p.quantity);
}

function maintenance(p: PositionState, s: SymbolState): Num {
  return p.quantity.abs().mul(s.mark).mul(MAINTENANCE_MARGIN_RATE);
}

/** Isolated-margin estimate: the price at which the initial margin is gone down to maintenance. */
function liquidationPrice(p: PositionState, s: SymbolState): Num {
  const inverseLeverage = new Num(1).div(s.instrument.leverage);
  const factor = p.quantity.isPositive()
    ? new Num(1).minus(inverseLeverage).plus(MAINTENANCE_MARGIN_RATE)
    : new Num(1).plus(inverseLeverage).minus(MAINTENANCE_MARGIN_RATE);
  return roundToStep(p.avgEntry.mul(factor), s.instrument.tick);
}

export function positionView(p: PositionState, market: Market): PositionView {
  const s = market.get(p.symbol);
  const initialMargin = positionMargin(p, s);
  const pnl = unrealized(p, s);
  return {
    symbol: p.symbol,
    positionId: p.positionId,
    quantity: text(p.quantity),
    avgEntryPrice: text(p.avgEntry),
    markPrice: text(s.mark),
    liquidationPrice: text(liquidationPrice(p, s)),
    unrealizedPnl: text(pnl),
    realizedPnl: text(p.realized),
    fundingFee: text(p.fundingFee),
    initialMargin: text(initialMargin),
    maintenanceMargin: text(round8(maintenance(p, s))),
    marginBalance: text(initialMargin.plus(pnl)),
    leverage: s.instrument.leverage,
    marginMode: 'Isolated',
    openedAt: p.openedAt,
  };
}

export function lockedMargin(account: AccountState, market: Market): Num {
  let locked = ZERO;
  for (const o of account.openOrders.values()) locked = locked.plus(orderMargin(o, market));
  for (const p of account.positions.values()) locked = locked.plus(positionMargin(p, market.get(p.symbol)));
  return locked;
}

export function balanceView(account: AccountState, market: Market): BalanceView {
  const locked = lockedMargin(account, market);
  let pnl = ZERO;
  let maint = ZERO;
  for (const p of account.positions.values()) {
    const s = market.get(p.symbol);
    pnl = pnl.plus(unrealized(p, s));
    maint = maint.plus(maintenance(p, s));
  }
  return {
    asset: 'USDT',
    wallet: text(account.wallet),
    locked: text(locked),
    available: text(account.wallet.minus(locked)),
    unrealizedPnl: text(pnl),
    maintenanceMargin: text(round8(maint)),
    equity: text(account.wallet.plus(pnl)),
  };
}

export function accountView(account: AccountState, market: Market): AccountView {
  return {
    accountId: account.id,
    openOrders: [...account.openOrders.values()].map(orderRecord),
    positions: [...account.positions.values()].map((p) => positionView(p, market)),
    balance: balanceView(account, market),
  };
}
