import type { GapRecord } from '../../../domain/types';
import { gapsForPanel, type StateFreshness } from '../../../store/gap-selectors';
import { activityGapLine, stateGapLine } from './gap-text';

/** The panels that say when their figures may be incomplete. */
export type GapPanel = 'fills' | 'orders' | 'positions' | 'balances';

export interface PanelGapLine {
  gap: GapRecord;
  text: string;
}

export const GAP_NOTICE_TITLE: Record<GapPanel, string> = {
  fills: 'Fills may be incomplete',
  orders: 'Orders may be incomplete',
  positions: 'Positions may be stale',
  balances: 'Balances may be stale',
};

/**
 * The lines of a panel's gap notice, newest gap first. Fills and orders list every gap needing
 * attention (open, recovering, or ended within a day with something possibly missing); positions and
 * balances, which the venue restates once live, the gaps still open or recovering, and those that did
 * not recover in full until the connection's positions (balances) are updated after it.
 */
export function panelGapLines(
  byConnection: ReadonlyMap<string, readonly GapRecord[]>,
  panel: GapPanel,
  now: number,
  freshness?: StateFreshness,
): PanelGapLine[] {
  switch (panel) {
    case 'fills':
    case 'orders': {
      const what = panel === 'fills' ? 'fills' : 'order updates';
      return gapsForPanel(byConnection, 'activity', now).map((gap) => ({
        gap,
        text: activityGapLine(gap, now, what),
      }));
    }
    case 'positions':
    case 'balances':
      return gapsForPanel(byConnection, 'state', now, freshness?.[panel]).map((gap) => ({
        gap,
        text: stateGapLine(gap, now, panel),
      }));
  }
}
