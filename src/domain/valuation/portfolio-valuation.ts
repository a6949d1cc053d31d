import type { Decimal } from '../decimal';
import { dec, decText } from '../decimal';
import { instrumentKey, type Instrument } from '../instrument';
import { pnlStyleOf, unrealizedFromMark } from '../pnl';
import type { AccountSummary, Balance } from '../types';
import type { FillSummary } from './fill-summary';
import type { PriceBook, Rate, ValuationCurrency } from './price-book';

/** A position as valuation needs it: the unrealized PnL already chosen (venue's, else from the mark). */
export interface PositionPnlInput {
  connectionId: string;
  symbol: string;
  unrealizedPnl?: string;
  realizedPnl?: string;
  fundingFee?: string;
  settleAsset?: string;
  /** When the venue last updated the position (compared with the account summary's time). */
  updatedAt?: number;
}

export interface ValuationInput {
  connectionIds: Iterable<string>;
  /** False for connections whose venue streams no positions: their realized PnL comes from fills. */
  hasPositionStream(connectionId: string): boolean;
  positions: Iterable<PositionPnlInput>;
  balances: Iterable<Balance>;
  summaries: Iterable<AccountSummary>;
  /** Average-cost positions and fees from the fills (summarizeFills). */
  fills: FillSummary;
  /** Realized PnL of positions closed this session, key `connectionId|settleAsset`. */
  closedRealized: ReadonlyMap<string, string>;
  /** How many of those closes were priced by inference (same keys; absent: none). */
  closedRealizedInferred?: ReadonlyMap<string, number>;
  instruments: ReadonlyMap<string, Instrument>;
  book: PriceBook;
  target: ValuationCurrency;
}

/** Which figure an unconverted amount is missing from. */
export type UnconvertedPart = 'balance' | 'equity' | 'unrealized' | 'realized' | 'funding' | 'fees';

/** An amount that no chain of live prices converts: listed, never dropped. */
export interface Unconverted {
  connectionId: string;
  part: UnconvertedPart;
  /** What it is, e.g. "BTC" (a balance) or "BTCUSDT uPnL (BTC)". */
  asset: string;
  amount: string;
}

export type RealizedSource = 'venue' | 'fills';

/**
 * One connection's PnL on one symbol, in the valuation currency: the parts of the connection's figures
 * that symbol carries (they add up to them exactly). Realized PnL the venue reports for positions closed
 * this session is kept per settle asset, not per symbol: it is a line of its own (`closed`, `symbol`
 * the settle asset).
 */
export interface SymbolPnl {
  symbol: string;
  closed?: true;
  realized: string;
  unrealized: string;
  fees: string;
}

export interface ConnectionValuation {
  connectionId: string;
  /** Undefined when the venue streams neither balances nor an account equity. */
  equity?: string;
  equitySource: string;
  unrealizedPnl: string;
  realizedPnl: string;
  /**
   * 'fills': the venue streams no positions; realized and unrealized PnL are computed here from its
   * fills by average cost, the open part marked at the portfolio's price of the pair.
   */
  realizedSource: RealizedSource;
  /** Closes in `realizedPnl` whose realized PnL rests on a price the venue did not report (priced from the book). */
  inferredCloses: number;
  /** Fees paid (positive = paid, a rebate is negative), converted from each fee asset. */
  fees: string;
  /** Funding on open positions as the venues report it (positive = received). */
  funding: string;
  unconverted: Unconverted[];
  /** Every rate used for this connection's figures (one per asset and target). */
  rates: Rate[];
  /** The same realized, unrealized PnL and fees per symbol (PnL by symbol), sorted by symbol. */
  bySymbol: SymbolPnl[];
}

export interface PortfolioValuation {
  target: ValuationCurrency;
  equity: string;
  unrealizedPnl: string;
  realizedPnl: string;
  fees: string;
  funding: string;
  perConnection: ConnectionValuation[];
  unconverted: Unconverted[];
  /** Every rate used, one per asset. */
  rates: Rate[];
}

/** Accumulates converted amounts for one connection, remembering rates and flagging what fails. */
class Tally {
  readonly unconverted: Unconverted[] = [];
  readonly rates = new Map<string, Rate>();
  constructor(
    private readonly connectionId: string,
    private readonly book: PriceBook,
    private readonly target: ValuationCurrency,
  ) {}

  /** The amount in the target, or undefined (and flagged as `label`) when it cannot be converted. */
  value(
    amount: string,
    asset: string | undefined,
    part: UnconvertedPart,
    label: (asset: string) => string,
  ): Decimal | undefined {
    const rate = asset ? this.book.rate(asset, this.target) : undefined;
    if (!rate || !asset) {
      if (!dec(amount).isZero())
        this.unconverted.push({
          connectionId: this.connectionId,
          part,
          asset: label(asset ?? 'unknown asset'),
          amount,
        });
      return undefined;
    }
    this.rates.set(rate.asset.toUpperCase(), rate);
    return dec(amount).times(rate.rate);
  }
}

/**
 * Equity, unrealized and realized PnL, fees and funding per connection and in total, in one valuation
 * currency. Equity: the venue's own account equity when it reports one, else balances plus unrealized
 * PnL. Realized: the venues' figures (open positions plus positions closed this session), or for a
 * venue with no position stream, fills by average cost. Fees and funding are shown apart: realized
 * PnL is before fees, as venues report it.
 */
export function valuePortfolio(input: ValuationInput): PortfolioValuation {
  const { book, target, instruments } = input;
  const ids = [...new Set(input.connectionIds)].sort();
  const group = <T extends { connectionId: string }>(items: Iterable<T>) => {
    const map = new Map<string, T[]>();
    for (const item of items) {
      const list = map.get(item.connectionId);
      if (list) list.push(item);
      else map.set(item.connectionId, [item]);
    }
    return map;
  };
  const positions = group(input.positions);
  const balances = group(input.balances);
  const fillPositions = group(input.fills.positions);
  const fees = group(input.fills.fees);
  const summaries = new Map([...input.summaries].map((s) => [s.connectionId, s]));

  const perConnection = ids.map((connectionId): ConnectionValuation => {
    const tally = new Tally(connectionId, book, target);
    let unrealized = dec(0);
    let realized = dec(0);
    let funding = dec(0);
    let feesPaid = dec(0);
    const streamed = input.hasPositionStream(connectionId);
    const unconvertedOpen: Unconverted[] = [];
    const markSteps = new Map<string, Rate>();
    const lines = new Map<
      string,
      { symbol: string; closed?: true; realized: Decimal; unrealized: Decimal; fees: Decimal }
    >();
    const line = (symbol: string, closed = false) => {
      const key = `${closed ? 'closed' : 'open'}|${symbol}`;
      let entry = lines.get(key);
      if (!entry)
        lines.set(
          key,
          (entry = {
            symbol,
            ...(closed ? { closed: true as const } : {}),
            realized: dec(0),
            unrealized: dec(0),
            fees: dec(0),
          }),
        );
      return entry;
    };
    for (const p of positions.get(connectionId) ?? []) {
      const settle = p.settleAsset ?? instruments.get(instrumentKey(connectionId, p.symbol))?.settleAsset;
      const own = line(p.symbol);
      if (p.unrealizedPnl !== undefined) {
        const u = tally.value(p.unrealizedPnl, settle, 'unrealized', (a) => `${p.symbol} uPnL (${a})`) ?? 0;
        unrealized = unrealized.plus(u);
        own.unrealized = own.unrealized.plus(u);
      }
      if (streamed && p.realizedPnl !== undefined) {
        const r = tally.value(p.realizedPnl, settle, 'realized', (a) => `${p.symbol} rPnL (${a})`) ?? 0;
        realized = realized.plus(r);
        own.realized = own.realized.plus(r);
      }
      if (p.fundingFee !== undefined)
        funding = funding.plus(tally.value(p.fundingFee, settle, 'funding', (a) => `${p.symbol} funding (${a})`) ?? 0);
    }
    let inferredCloses = 0;
    if (streamed) {
      for (const [key, amount] of input.closedRealized) {
        const bar = key.indexOf('|');
        if (key.slice(0, bar) !== connectionId) continue;
        const asset = key.slice(bar + 1) || undefined;
        const r = tally.value(amount, asset, 'realized', (a) => `closed rPnL (${a})`) ?? 0;
        realized = realized.plus(r);
        const closed = line(asset ?? '', true);
        closed.realized = closed.realized.plus(r);
        inferredCloses += input.closedRealizedInferred?.get(key) ?? 0;
      }
    } else {
      for (const fp of fillPositions.get(connectionId) ?? []) {
        const instrument = instruments.get(instrumentKey(connectionId, fp.symbol));
        const quote = instrument?.quoteAsset;
        const own = line(fp.symbol);
        const r = tally.value(fp.realizedPnl, quote, 'realized', (a) => `${fp.symbol} rPnL from fills (${a})`) ?? 0;
        realized = realized.plus(r);
        own.realized = own.realized.plus(r);
        // The open part, marked at the portfolio's price of the pair (the venue streams no position mark).
        if (fp.averagePrice === undefined || !instrument) continue;
        const mark = book.price(instrument.baseAsset, instrument.quoteAsset);
        if (!mark) {
          unconvertedOpen.push({
            connectionId,
            part: 'unrealized',
            asset: `${fp.symbol} ${fp.quantity} open from fills (no ${instrument.baseAsset} price)`,
            amount: fp.quantity,
          });
          continue;
        }
        const upnl = unrealizedFromMark({ quantity: fp.quantity, entryPrice: fp.averagePrice }, mark.rate, {
          style: pnlStyleOf(instrument),
          contractSize: instrument.contractSize,
        });
        if (upnl === undefined) continue;
        const settle = instrument.settleAsset;
        const u = tally.value(upnl, settle, 'unrealized', (a) => `${fp.symbol} uPnL from fills (${a})`) ?? 0;
        unrealized = unrealized.plus(u);
        own.unrealized = own.unrealized.plus(u);
        for (const step of mark.steps) markSteps.set(`${step.connectionId}|${step.symbol}|${step.kind}`, mark);
      }
    }
    for (const f of fees.get(connectionId) ?? []) {
      const paid = tally.value(f.amount, f.asset, 'fees', (a) => `fees (${a})`) ?? 0;
      feesPaid = feesPaid.plus(paid);
      const own = line(f.symbol ?? '');
      own.fees = own.fees.plus(paid);
    }

    let equity: Decimal | undefined;
    let equitySource: string;
    const summary = summaries.get(connectionId);
    const summaryValue =
      summary?.equity !== undefined && summary.asset !== undefined ? book.rate(summary.asset, target) : undefined;
    const ownBalances = balances.get(connectionId) ?? [];
    const balancesConvert =
      ownBalances.length > 0 && ownBalances.every((b) => book.rate(b.asset, target) !== undefined);
    // A venue may send its account equity only with account events (ZDEX) while positions and
    // balances are re-sent on every reconnect: an equity older than the newest balance or position is
    // stale, and balances + unrealized PnL are the fresher figure.
    const newestDetail = Math.max(
      -Infinity,
      ...ownBalances.map((b) => b.updatedAt),
      ...(positions.get(connectionId) ?? []).map((p) => p.updatedAt ?? -Infinity),
    );
    const summaryFresh = summary !== undefined && summary.updatedAt >= newestDetail;
    // The venue's own equity first (while fresh); its balances when they convert and the equity does not.
    if (summary?.equity !== undefined && ((summaryValue && summaryFresh) || !balancesConvert)) {
      equity = tally.value(summary.equity, summary.asset, 'equity', (a) => `equity (${a})`);
      equitySource = `venue-reported equity (${summary.asset})`;
    } else if (ownBalances.length > 0) {
      equity = unrealized;
      for (const b of ownBalances) equity = equity.plus(tally.value(b.total, b.asset, 'balance', (a) => a) ?? 0);
      equitySource = `balances (${ownBalances.map((b) => b.asset).join(', ')}) + unrealized PnL${summary?.equity !== undefined ? ' (the venue-reported equity is older)' : ''}`;
    } else {
      equitySource = streamed ? 'no balance or equity received yet' : 'the venue streams no balances: equity unknown';
    }
    return {
      connectionId,
      ...(equity !== undefined ? { equity: decText(equity) } : {}),
      equitySource,
      unrealizedPnl: decText(unrealized),
      realizedPnl: decText(realized),
      realizedSource: streamed ? 'venue' : 'fills',
      inferredCloses,
      fees: decText(feesPaid),
      funding: decText(funding),
      unconverted: [...tally.unconverted, ...unconvertedOpen],
      rates: [
        ...new Map([...tally.rates.values(), ...markSteps.values()].map((r) => [`${r.asset}|${r.target}`, r])).values(),
      ],
      bySymbol: [...lines.values()]
        .sort((a, b) => Number(a.closed ?? false) - Number(b.closed ?? false) || a.symbol.localeCompare(b.symbol))
        .map((l) => ({
          symbol: l.symbol,
          ...(l.closed ? { closed: true as const } : {}),
          realized: decText(l.realized),
          unrealized: decText(l.unrealized),
          fees: decText(l.fees),
        })),
    };
  });

  const sum = (pick: (c: ConnectionValuation) => string | undefined) =>
    decText(perConnection.reduce((acc, c) => acc.plus(pick(c) ?? 0), dec(0)));
  const rates = new Map<string, Rate>();
  for (const c of perConnection) for (const r of c.rates) rates.set(r.asset.toUpperCase(), r);
  return {
    target,
    equity: sum((c) => c.equity),
    unrealizedPnl: sum((c) => c.unrealizedPnl),
    realizedPnl: sum((c) => c.realizedPnl),
    fees: sum((c) => c.fees),
    funding: sum((c) => c.funding),
    perConnection,
    unconverted: perConnection.flatMap((c) => c.unconverted),
    rates: [...rates.values()].sort((a, b) => a.asset.localeCompare(b.asset)),
  };
}
