/**
 * A position rebuilt from fills alone, for venues that stream no positions (fill-summary.ts keeps them).
 * Average cost: a fill that adds to the position moves the average price; a fill that reduces it
 * realizes (price - average) x closed quantity x direction; a fill that crosses zero closes the old
 * position and opens the rest at its price. The average keeps decimal.js precision (20 significant
 * digits), not a venue's rounding (the simulator rounds its stored average to 8 decimals), so the
 * realized PnL can differ from a venue's in the last few digits (far below a cent). Fills are applied
 * in time order (ties by fill id), so the result does not depend on arrival order.
 */
export interface FillPosition {
  connectionId: string;
  symbol: string;
  /** Signed: positive long. "0" when flat. */
  quantity: string;
  /** Average cost of the open quantity (undefined when flat). */
  averagePrice?: string;
  /** PnL realized by reducing fills, before fees, in the quote asset. */
  realizedPnl: string;
  fills: number;
}
