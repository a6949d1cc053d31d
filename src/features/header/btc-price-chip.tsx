import { formatDecimalText } from '../../components/format/decimal-format';
import { formatAge } from '../../components/format/time-format';
import type { Rate } from '../../domain/valuation/price-book';
import { rateText } from '../shared/valuation/rate-text';

/**
 * The BTC price every BTC conversion uses, with its venue, symbol, kind and age; the exact price and
 * its source are in data attributes (tests compare them with the venue's own price).
 */
export function BtcPriceChip({ rate, now }: { rate: Rate | undefined; now: number }) {
  if (!rate) {
    return (
      <div
        className="chip chip--muted"
        data-testid="btc-price"
        title="No live BTC price yet: BTC amounts cannot be converted"
      >
        BTC —
      </div>
    );
  }
  const step = rate.steps[0];
  const newest = rate.steps.reduce((t, s) => Math.min(t, s.time), Infinity);
  return (
    <div
      className="chip chip--muted btc-price"
      data-testid="btc-price"
      data-value={rate.rate}
      data-connection={step?.connectionId}
      data-symbol={step?.symbol}
      data-kind={step?.kind}
      data-time={step?.time}
      title={rateText(rate, now)}
    >
      <span className="btc-price-label">BTC</span>
      <span className="num">{formatDecimalText(rate.rate, { decimals: 2 })}</span>
      {step ? (
        <span className="chip-detail">
          {step.connectionId} {step.kind} · {formatAge(newest, now).replace(' ago', '')}
        </span>
      ) : null}
    </div>
  );
}
