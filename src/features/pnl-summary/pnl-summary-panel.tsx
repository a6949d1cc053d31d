import { Panel } from '../../components/panel';
import { NumberCell } from '../../components/number-cell';
import { useNow } from '../../components/use-now';
import type { GapRecord } from '../../domain/types';
import type { ConnectionValuation } from '../../domain/valuation/portfolio-valuation';
import { gapsNeedingAttention, selectGapsByConnection } from '../../store/gap-selectors';
import { usePortfolio } from '../../store/portfolio-store';
import { selectTotals } from '../../store/selectors';
import { selectValuation } from '../../store/valuation-selectors';
import {
  CHANGE_WINDOWS,
  changeBaseline,
  equityChangeFrom,
  windowStart,
  type ChangeWindow,
  type EquityNow,
} from '../../store/valuation-selectors-history';
import { pnlGapNote } from '../shared/gaps/gap-text';
import { ConnectionName } from '../shared/connection-name';
import { CURRENCY_DECIMALS } from '../shared/total-figure';
import { ratesTooltip } from '../shared/valuation/rate-text';
import { useValuationSettings } from '../shared/valuation/use-valuation-settings';
import '../shared/valuation/valuation.css';

const WINDOW_LABEL = { '5m': 'Δ 5m', '1h': 'Δ 1h', today: 'Δ today' } as const;

/**
 * Per connection and in total: equity, realized and unrealized PnL, fees and funding (apart), in the
 * base currency, and the change of equity over 5 minutes, an hour and since midnight (or the day's first
 * sample when the history starts later) from the equity
 * history ("—" while history does not reach back that far).
 */
export function PnlSummaryPanel() {
  const settings = useValuationSettings();
  const ccy = settings.baseCurrency;
  const v = usePortfolio((s) => selectValuation(s, settings));
  const totals = usePortfolio(selectTotals);
  const history = usePortfolio((s) => s.equityHistory);
  const gapsByConnection = usePortfolio(selectGapsByConnection);
  const now = useNow();
  const gapsOf = (connectionId: string) => gapsNeedingAttention(gapsByConnection.get(connectionId) ?? [], now);
  const allGaps = v.perConnection.flatMap((c) => gapsOf(c.connectionId));
  const decimals = CURRENCY_DECIMALS[ccy] ?? 2;
  const equityNow: EquityNow = {
    equityUsd: totals.equity,
    ...(totals.btcUsd !== undefined ? { btcUsd: totals.btcUsd } : {}),
    perConnection: Object.fromEntries(
      totals.perConnection.filter((c) => c.equityKnown).map((c) => [c.connectionId, c.equity]),
    ),
  };
  const prices = ratesTooltip(v.rates, now);
  const cell = (value: string | undefined, testId: string, title: string, pnl = false, suffix?: string) => (
    <td>
      <NumberCell
        value={value}
        decimals={decimals}
        pnl={pnl}
        suffix={suffix}
        testId={testId}
        title={value === undefined ? title : `${value} ${ccy} — ${title}\n${prices}`}
      />
    </td>
  );
  const baselines = new Map(CHANGE_WINDOWS.map((w) => [w, changeBaseline(history, w, now)] as const));
  const since = (w: ChangeWindow) => {
    const from = baselines.get(w);
    if (!from)
      return `equity change since ${new Date(windowStart(w, now)).toLocaleTimeString()}: the equity history does not reach back that far`;
    const late = from.time > windowStart(w, now) ? ' (the first sample today)' : '';
    return `equity change since ${new Date(from.time).toLocaleTimeString()}${late}`;
  };
  const changes = (connectionId?: string) =>
    CHANGE_WINDOWS.map((w) => (
      <td key={w}>
        <NumberCell
          value={equityChangeFrom(baselines.get(w), equityNow, ccy, connectionId)}
          decimals={decimals}
          pnl
          testId={`pnl-change-${w}`}
          title={since(w)}
        />
      </td>
    ));
  const row = (c: ConnectionValuation) => {
    const gaps = gapsOf(c.connectionId);
    const marks = pnlMarks(c.inferredCloses, gaps, now);
    return (
      <tr
        key={c.connectionId}
        data-testid="pnl-summary-row"
        data-row-id={c.connectionId}
        data-realized-source={c.realizedSource}
        data-inferred-closes={c.inferredCloses}
        data-gaps={gaps.length}
      >
        <th scope="row">
          <ConnectionName id={c.connectionId} />
        </th>
        {cell(c.equity, 'pnl-equity', c.equitySource)}
        {cell(c.realizedPnl, 'pnl-realized', withNote(realizedSourceText(c), marks.note), true, marks.realized)}
        {cell(c.unrealizedPnl, 'pnl-unrealized', 'open positions', true)}
        {cell(c.fees, 'pnl-fees', withNote('fees paid on fills (a rebate is negative)', marks.note), false, marks.fees)}
        {cell(c.funding, 'pnl-funding', 'funding on open positions as reported', true)}
        {changes(c.connectionId)}
      </tr>
    );
  };
  const totalMarks = pnlMarks(0, allGaps, now);
  return (
    <Panel id="pnl-summary" title="PnL summary" meta={ccy}>
      <div className="val-scroll" style={{ height: '100%', overflow: 'auto' }}>
        <table className="val-table" data-testid="pnl-summary-table" data-currency={ccy}>
          <thead>
            <tr>
              <th scope="col">Venue</th>
              <th scope="col">Equity</th>
              <th scope="col">Realized</th>
              <th scope="col">Unrealized</th>
              <th scope="col">Fees</th>
              <th scope="col">Funding</th>
              {CHANGE_WINDOWS.map((w) => (
                <th key={w} scope="col">
                  {WINDOW_LABEL[w]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {v.perConnection.map(row)}
            <tr className="val-total" data-testid="pnl-summary-row" data-row-id="total" data-gaps={allGaps.length}>
              <th scope="row">Total</th>
              {cell(v.equity, 'pnl-equity', 'sum of the venues with a known equity')}
              {cell(v.realizedPnl, 'pnl-realized', withNote('sum', totalMarks.note), true, totalMarks.realized)}
              {cell(v.unrealizedPnl, 'pnl-unrealized', 'sum', true)}
              {cell(v.fees, 'pnl-fees', withNote('sum', totalMarks.note), false, totalMarks.fees)}
              {cell(v.funding, 'pnl-funding', 'sum', true)}
              {changes()}
            </tr>
          </tbody>
        </table>
        {v.perConnection.length === 0 ? <div className="val-note">No account data yet</div> : null}
        {v.unconverted.length > 0 ? (
          <div className="val-note" data-testid="pnl-summary-unconverted">
            Not in the {ccy} figures (no price):{' '}
            {v.unconverted.map((u) => `${u.connectionId} ${u.amount} ${u.asset}`).join(', ')}
          </div>
        ) : null}
      </div>
    </Panel>
  );
}

/** Where a connection's realized PnL comes from, and whether part of it rests on inferred close prices. */
export function realizedSourceText(c: Pick<ConnectionValuation, 'realizedSource' | 'inferredCloses'>): string {
  if (c.realizedSource === 'fills') return 'computed from fills by average cost (the venue streams no positions)';
  if (c.inferredCloses === 0) return 'reported by the venue';
  const closes = c.inferredCloses === 1 ? '1 close' : `${c.inferredCloses} closes`;
  return `reported by the venue; ≈: ${closes} priced from the order book (the venue sent no close price), so that part is an estimate`;
}

const withNote = (title: string, note: string | undefined): string => (note ? `${title}\n${note}` : title);

/**
 * The marks after a realized PnL and its fees: "≈" when closes in it were priced by inference, "⚠" while
 * a gap of the connection needs attention (its fills, hence realized PnL and fees, may be incomplete),
 * and the note naming the gaps for the tooltip.
 */
export function pnlMarks(
  inferredCloses: number,
  gaps: readonly GapRecord[],
  now: number,
): { realized?: string; fees?: string; note?: string } {
  const gap = gaps.length > 0 ? '⚠' : undefined;
  const realized = [inferredCloses > 0 ? '≈' : undefined, gap].filter(Boolean).join(' ');
  return {
    ...(realized ? { realized } : {}),
    ...(gap ? { fees: gap, note: pnlGapNote(gaps, now) } : {}),
  };
}
