import type { Market } from './market';
import type { AccountState } from './state';
import type { FillRecord, FundingRecord, OrderRecord } from './records';
import { balanceView, orderRecord, positionView } from './views';
import { text } from './num';

/** Named like the dashboard's snapshot (docs/contract.md section 3) so tests can compare the two directly. */
export interface LedgerPosition {
  symbol: string;
  positionId: string;
  quantity: string;
  entryPrice: string;
  markPrice: string;
  unrealizedPnl: string;
  realizedPnl: string;
  fundingFee: string;
  liquidationPrice: string;
  leverage: number;
  openedAt: number;
}

export interface LedgerBalance {
  asset: string;
  total: string;
  free: string;
  locked: string;
}

/** The ground truth of one account: everything a front end was supposed to tell its clients. */
export interface Ledger {
  accountId: string;
  orders: OrderRecord[];
  fills: FillRecord[];
  positions: LedgerPosition[];
  balances: LedgerBalance[];
  /** Mark price of every traded symbol. */
  marks: Record<string, string>;
  funding: FundingRecord[];
  totals: { initialBalance: string; realizedPnl: string; fees: string; funding: string; wallet: string };
}

export function buildLedger(account: AccountState, market: Market): Ledger {
  const balance = balanceView(account, market);
  const marks: Record<string, string> = {};
  for (const s of market.all()) if (s.instrument.traded) marks[s.instrument.symbol] = text(s.mark);
  return {
    accountId: account.id,
    orders: [...account.orders.values()].map(orderRecord),
    fills: account.fills.map((f) => ({ ...f })),
    positions: [...account.positions.values()].map((p) => {
      const v = positionView(p, market);
      return {
        symbol: v.symbol,
        positionId: v.positionId,
        quantity: v.quantity,
        entryPrice: v.avgEntryPrice,
        markPrice: v.markPrice,
        unrealizedPnl: v.unrealizedPnl,
        realizedPnl: v.realizedPnl,
        fundingFee: v.fundingFee,
        liquidationPrice: v.liquidationPrice,
        leverage: v.leverage,
        openedAt: v.openedAt,
      };
    }),
    balances: [{ asset: balance.asset, total: balance.wallet, free: balance.available, locked: balance.locked }],
    marks,
    funding: account.fundingPayments.map((f) => ({ ...f })),
    totals: {
      initialBalance: text(account.initialBalance),
      realizedPnl: text(account.realizedTotal),
      fees: text(account.feesTotal),
      funding: text(account.fundingTotal),
      wallet: text(account.wallet),
    },
  };
}
