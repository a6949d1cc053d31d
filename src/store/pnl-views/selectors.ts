import { memo } from '../selectors';
import type { PortfolioState } from '../state';
import { fillsByDay, type DayFills } from './daily';

/** The fills per local day, summed per asset: recomputed when the fills change, not on every price tick. */
export const selectFillsByDay: (s: PortfolioState) => DayFills[] = memo(
  (s) => [s.fillsByTime, s.instruments],
  (fills, instruments) => fillsByDay(fills, instruments),
);

/** Each connection's venue, as its diagnostics name it (a connection not seen yet has none). */
export const selectVenueOf: (s: PortfolioState) => (connectionId: string) => string | undefined = memo(
  (s) => [s.connections],
  (connections) => (connectionId: string) => connections.get(connectionId)?.venue,
);
