import { formatDecimalText } from '../../components/format/decimal-format';
import { formatClockTime } from '../../components/format/time-format';
import type { BaseCurrency } from '../../store/settings-store';
import type { ChartView } from './chart-model';
import { CURRENCY_DECIMALS, exactIn, type ChartPoint } from './chart-points';

interface ChartTooltipProps {
  view: ChartView;
  currency: BaseCurrency;
  /** Line colour per connection id. */
  colours: Record<string, string>;
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
}

interface RowProps {
  label: string;
  className: string;
  usd: string;
  point: ChartPoint;
  currency: BaseCurrency;
  signed?: boolean;
  colour?: string;
  testId?: string;
}

function Row({ label, className, usd, point, currency, signed = false, colour, testId }: RowProps) {
  return (
    <div className={`chart-tooltip-row ${className}`} style={colour ? { color: colour } : undefined}>
      <span>{label}</span>
      <span className="num" data-testid={testId}>
        {formatDecimalText(exactIn(usd, point.sample, currency), { decimals: CURRENCY_DECIMALS[currency], signed })}
      </span>
    </div>
  );
}

/** Tooltip with the exact figures of the sample under the cursor (decimal text, not the plotted floats). */
export function ChartTooltip({ view, currency, colours, active, payload }: ChartTooltipProps) {
  const point = payload?.[0]?.payload as ChartPoint | undefined;
  if (!active || !point) return null;
  const { sample } = point;
  return (
    // The sample's own USD figures ride along as attributes: what a converted figure came from.
    <div
      className="chart-tooltip"
      data-testid="chart-tooltip"
      data-time={sample.time}
      data-equity-usd={sample.equity}
      data-btc-usd={sample.btcUsd}
    >
      <div className="chart-tooltip-time">
        {formatClockTime(sample.time)} · {currency}
        {currency === 'BTC' && sample.btcUsd !== undefined
          ? ` @ ${formatDecimalText(sample.btcUsd, { decimals: 2 })} USD`
          : ''}
      </div>
      {view === 'equity' ? (
        <>
          <Row
            label="Total"
            className="chart-tooltip-row--equity"
            usd={sample.equity}
            point={point}
            currency={currency}
            testId="chart-tooltip-total"
          />
          {Object.entries(sample.perConnection ?? {})
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([id, equity]) => (
              <Row
                key={id}
                label={id}
                className="chart-tooltip-row--connection"
                usd={equity}
                point={point}
                currency={currency}
                colour={colours[id]}
              />
            ))}
        </>
      ) : (
        <>
          <Row
            label="Unrealized"
            className="chart-tooltip-row--unrealized"
            usd={sample.unrealizedPnl}
            point={point}
            currency={currency}
            signed
          />
          <Row
            label="Realized"
            className="chart-tooltip-row--realized"
            usd={sample.realizedPnl}
            point={point}
            currency={currency}
            signed
          />
        </>
      )}
    </div>
  );
}
