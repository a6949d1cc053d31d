import type { RoxomPosition } from '../../src/venues/roxom/wire';
import type { PositionExtras } from './frames';
import type { TrackedPosition } from './positions';
import { round8 } from '../core/num';
import { btcText, priceText, qtyText, roxomSymbol } from './markets';

/** One element of a `position` frame's array, in Roxom terms (BTC prices and amounts, Roxom quantities). */
export function positionData(p: TrackedPosition, accountId: string, updatedAt: bigint): RoxomPosition & PositionExtras {
  const s = p.coreSymbol;
  const open = p.closedAt === null;
  const view = p.view;
  const live = open && view !== null;
  // Key order of the docs' example.
  return {
    id: p.id,
    symbol: roxomSymbol(s),
    accountId,
    side: p.side,
    entryAmount: qtyText(s, p.entered),
    exitAmount: qtyText(s, p.exited),
    size: open ? qtyText(s, p.entered.minus(p.exited)) : '0',
    tradeMode: 'isolated',
    openDate: p.openedAt,
    closeDate: p.closedAt,
    avgEntry: view ? priceText(s, view.avgEntryPrice) : '0',
    // "0" before any exit [guess: the docs' example shows null; wire.ts types a string].
    avgExit: p.exited.isZero() ? '0' : priceText(s, round8(p.exitNotional.div(p.exited))),
    entryFees: btcText(p.entryFees),
    exitFees: btcText(p.exitFees),
    // The isolated margin the position holds [guess: the docs' example has it equal to initialMargin].
    positionBalance: live ? btcText(view.initialMargin) : '0',
    initialMargin: live ? btcText(view.initialMargin) : '0',
    maintenanceMargin: live ? btcText(view.maintenanceMargin) : '0',
    liquidationPrice: live ? priceText(s, view.liquidationPrice) : '0',
    // Decimal text with one decimal, like the docs' "10.0".
    leverage: (view?.leverage ?? 1).toFixed(1),
    unrealizedPnl: live ? btcText(view.unrealizedPnl) : '0',
    realizedPnl: btcText(p.realized),
    markPrice: priceText(s, p.lastMark),
    status: open ? 'open' : 'closed',
    updatedAt,
    createdAt: p.createdAtNs,
  };
}
