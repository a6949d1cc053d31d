import type { PriceStep, Rate } from '../../../domain/valuation/price-book';
import { formatAge } from '../../../components/format/time-format';

/** "zdex-main BTCUSDT mark 71034.5 (3s ago)": one price, its venue and its age. */
export function priceStepText(step: PriceStep, now: number): string {
  const pair = step.inverted ? ` (1 ${step.quote} = 1/${step.price} ${step.base})` : '';
  return `${step.connectionId} ${step.symbol} ${step.kind} ${step.price}${pair}, ${formatAge(step.time, now)}`;
}

/** "1 BTC = 71034.5 USD via zdex-main BTCUSDT mark 71034.5, 3s ago; USDT at par". */
export function rateText(rate: Rate, now: number): string {
  const head = `1 ${rate.asset.toUpperCase()} = ${rate.rate} ${rate.target}`;
  const via = rate.steps.map((s) => priceStepText(s, now));
  const par = rate.atPar.length > 0 ? [`${rate.atPar.join(', ')} at par`] : [];
  const how = [...via, ...par];
  return how.length > 0 ? `${head} via ${how.join('; ')}` : head;
}

/** One line per rate, for a tooltip listing every price a figure used. */
export function ratesTooltip(rates: readonly Rate[], now: number): string {
  return rates.length === 0 ? 'no conversion needed' : rates.map((r) => rateText(r, now)).join('\n');
}
