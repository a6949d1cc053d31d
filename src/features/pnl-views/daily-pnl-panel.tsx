import { useMemo } from 'react';
import { Panel } from '../../components/panel';
import { NumberCell } from '../../components/number-cell';
import { useNow } from '../../components/use-now';
import { useThrottledValue } from '../../components/use-throttled-value';
import { usePortfolio } from '../../store/portfolio-store';
import { dailyPnl, type DailyPnl } from '../../store/pnl-views/daily';
import { selectFillsByDay } from '../../store/pnl-views/selectors';
import type { BaseCurrency } from '../../store/settings-store';
import { selectPriceBook } from '../../store/valuation-selectors';
import { gapSentence } from '../shared/gaps/gap-text';
import { CURRENCY_DECIMALS } from '../shared/total-figure';
import type { AssetBar } from '../shared/valuation/asset-bar-chart';
import { LazyAssetBarChart } from '../shared/valuation/lazy-asset-bar-chart';
import { useValuationSettings } from '../shared/valuation/use-valuation-settings';
import { ScrollRegion } from '../../components/scroll-region';
import '../shared/valuation/valuation.css';
import './pnl-views.css';

/** Days drawn as bars (the table lists every day kept). */
const CHART_DAYS = 14;

/** "Tue 11 Mar" for a bar's label, from the day's start (local). */
const dayName = (start: number) =>
  new Date(start).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });

/**
 * PnL per local day: realized PnL of the day's fills (average cost) and fees, net, and the day's change
 * of equity from the equity history, in the base currency; bars for the last two weeks, a table of
 * every day the journal keeps. A day that a gap overlaps (fills may be missing) says "may be incomplete".
 */
export function DailyPnlPanel() {
  const settings = useValuationSettings();
  const ccy = settings.baseCurrency;
  const days = usePortfolio(selectFillsByDay);
  // Prices move every frame; a day's figures converted at prices a few seconds old read the same.
  const book = useThrottledValue(
    usePortfolio((s) => selectPriceBook(s, settings)),
    2_000,
  );
  const history = useThrottledValue(
    usePortfolio((s) => s.equityHistory),
    5_000,
  );
  const gaps = usePortfolio((s) => s.gaps);
  const now = useNow();
  const minute = Math.floor(now / 60_000) * 60_000;
  const rows = useMemo(
    () => dailyPnl({ days, book, target: ccy, history, gaps: gaps.values(), now: minute }).reverse(),
    [days, book, ccy, history, gaps, minute],
  );
  return <DailyPnlView rows={rows} currency={ccy} now={now} />;
}

/** The panel from its rows (newest day first), so it renders the same in a test. */
export function DailyPnlView({
  rows,
  currency: ccy,
  now,
}: {
  rows: readonly DailyPnl[];
  currency: BaseCurrency;
  now: number;
}) {
  const decimals = CURRENCY_DECIMALS[ccy] ?? 2;
  const bars = useMemo(
    (): AssetBar[] =>
      rows
        .slice(0, CHART_DAYS)
        .reverse()
        .map((d) => ({
          asset: dayName(d.start),
          value: d.net,
          detail: `realized ${d.realized}, fees ${d.fees} (${d.fills} fills)${d.gaps.length > 0 ? ' — may be incomplete' : ''}`,
        })),
    [rows],
  );
  const cell = (value: string | undefined, testId: string, title: string, pnl = true) => (
    <td>
      <NumberCell
        value={value}
        decimals={decimals}
        pnl={pnl}
        testId={testId}
        title={value === undefined ? title : `${value} ${ccy} — ${title}`}
      />
    </td>
  );
  const row = (d: DailyPnl) => {
    const incomplete = d.gaps.length > 0;
    return (
      <tr
        key={d.day}
        data-testid="daily-pnl-row"
        data-row-id={d.day}
        data-fills={d.fills}
        data-incomplete={incomplete || undefined}
      >
        <th scope="row" title={`${new Date(d.start).toLocaleString()} – ${new Date(d.end).toLocaleString()}`}>
          {dayName(d.start)}
          {incomplete ? (
            <span
              className="tag"
              data-testid="daily-pnl-incomplete"
              title={`Fills may be missing:\n${d.gaps.map((g) => `${g.connectionId}: ${gapSentence(g, now)}`).join('\n')}`}
            >
              ⚠ may be incomplete
            </span>
          ) : null}
        </th>
        {cell(d.realized, 'daily-realized', 'realized by the day’s fills (average cost), at today’s prices')}
        {cell(d.fees, 'daily-fees', 'fees paid on the day’s fills, at today’s prices', false)}
        {cell(d.net, 'daily-net', 'realized − fees')}
        {cell(
          d.equityChange,
          'daily-equity-change',
          d.equityChange === undefined
            ? 'the equity history has no two samples for this day'
            : 'equity at the day’s last sample − the day before’s last',
        )}
        <td data-testid="daily-fills">
          {d.fills.toLocaleString('en-US')}
          {d.unconverted.length > 0 ? (
            <span className="tag" title={`Not in the figures (no price): ${d.unconverted.join(', ')}`}>
              +{d.unconverted.length} unpriced
            </span>
          ) : null}
        </td>
      </tr>
    );
  };
  return (
    <Panel id="pnl-daily" title="Daily PnL" meta={`local days · ${ccy}`}>
      <div className="split-view pnl-views-split">
        <LazyAssetBarChart bars={bars} currency={ccy} testId="daily-pnl-chart" labelWidth={72} />
        <ScrollRegion className="val-scroll" label="Daily PnL by day">
          <table className="val-table" data-testid="daily-pnl-table" data-currency={ccy}>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Realized</th>
                <th scope="col">Fees</th>
                <th scope="col">Net</th>
                <th scope="col">Δ Equity</th>
                <th scope="col">Fills</th>
              </tr>
            </thead>
            <tbody>{rows.map(row)}</tbody>
          </table>
          <div className="val-note">
            Realized from the journaled fills by average cost, converted at today’s prices; a position opened before the
            oldest kept fill realizes nothing when it closes.
          </div>
        </ScrollRegion>
      </div>
    </Panel>
  );
}
