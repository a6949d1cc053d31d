import { memo } from '../selectors';
import type { PortfolioState } from '../state';
import { FillsByDayAccumulator, type DayFills } from './daily';

/**
 * The fills per local day, summed per asset: updated with the new fills only when the fills change,
 * never on a price tick.
 */
const fillsByDay = new FillsByDayAccumulator();
export const selectFillsByDay: (s: PortfolioState) => DayFills[] = memo(
  (s) => [s.fillsByTime, s.instruments, s.connections],
  (fills, instruments, connections) => {
    // A removed connection's fills are gone from the list; its days go too.
    for (const id of fillsByDay.connectionIds())
      if (!connections.has(id) && !fills.some((f) => f.connectionId === id)) fillsByDay.forget(id);
    return fillsByDay.update(fills, instruments);
  },
);

/** Each connection's venue, as its diagnostics name it (a connection not seen yet has none). */
export const selectVenueOf: (s: PortfolioState) => (connectionId: string) => string | undefined = memo(
  (s) => [s.connections],
  (connections) => (connectionId: string) => connections.get(connectionId)?.venue,
);
