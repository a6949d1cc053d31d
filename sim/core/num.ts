import { Decimal, decText } from '../../src/domain/decimal';

/**
 * The simulator's decimal type: decimal.js with enough significant digits that sums of wallet
 * amounts (5 integer digits + up to 16 fraction digits) never round. Only explicit rounding
 * (8 decimals for averages, fees and funding) ever loses digits.
 */
export const Num = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
export type Num = InstanceType<typeof Num>;

export const ZERO = new Num(0);

export function num(value: string | number | Num): Num {
  return new Num(value);
}

/** Round to 8 decimals: averages, fees and funding amounts are stored this way. */
export function round8(value: Num): Num {
  return value.toDecimalPlaces(8, Num.ROUND_HALF_UP);
}

/** Canonical text: plain notation, no trailing zeros, "0" for zero (also for -0). */
export const text: (value: Num) => string = decText;

/** Text with a fixed number of decimals (prices on a tick grid). */
export function fixed(value: Num, decimals: number): string {
  return value.toFixed(decimals);
}

/** Number of decimals of a tick or step size such as "0.01" (2) or "1" (0). */
export function decimalsOf(step: Num): number {
  return step.decimalPlaces();
}

/** Snap a value down to a multiple of `step`. */
export function floorToStep(value: Num, step: Num): Num {
  return value.div(step).floor().mul(step);
}

/** Snap a value to the nearest multiple of `step`. */
export function roundToStep(value: Num, step: Num): Num {
  return value.div(step).round().mul(step);
}

/** A grid of multiples of `mantissa` x 10^-decimals (a tick or a quantity step), for fast formatting. */
export interface Grid {
  mantissa: number;
  decimals: number;
}

export function gridOf(step: Num): Grid {
  const decimals = step.decimalPlaces();
  return { mantissa: step.mul(new Num(10).pow(decimals)).toNumber(), decimals };
}

/**
 * Text of `units` grid steps with exactly the grid's decimals, using integer arithmetic only
 * (the public feed formats thousands of levels a second; Decimal would be needlessly slow here).
 */
export function gridText(units: number, grid: Grid): string {
  const scaled = Math.round(units) * grid.mantissa;
  const negative = scaled < 0;
  const digits = String(Math.abs(scaled)).padStart(grid.decimals + 1, '0');
  const body = grid.decimals === 0 ? digits : `${digits.slice(0, -grid.decimals)}.${digits.slice(-grid.decimals)}`;
  return negative ? `-${body}` : body;
}

/** How many whole grid steps `value` is (rounded to the nearest step). */
export function gridUnits(value: Num, step: Num): number {
  return value.div(step).round().toNumber();
}
