import { create } from 'zustand';

/** A position's connection and symbol: the Fills and Orders panels show only its rows while it is set. */
export interface DrillDownTarget {
  connectionId: string;
  symbol: string;
}

interface DrillDownState {
  target: DrillDownTarget | null;
  /** Counts every `show`, so the board brings the Fills panel forward even for the same position again. */
  shown: number;
  show: (target: DrillDownTarget) => void;
  clear: () => void;
}

/** The drill-down from a position to its orders and fills (in memory: a reload starts unfiltered). */
export const useDrillDown = create<DrillDownState>()((set) => ({
  target: null,
  shown: 0,
  show: (target) =>
    set((s) => ({ target: { connectionId: target.connectionId, symbol: target.symbol }, shown: s.shown + 1 })),
  clear: () => set({ target: null }),
}));

/** The rows of the target's connection and symbol (all rows when there is no target). */
export function drillDownRows<T extends DrillDownTarget>(
  rows: readonly T[],
  target: DrillDownTarget | null,
): readonly T[] {
  if (!target) return rows;
  return rows.filter((r) => r.connectionId === target.connectionId && r.symbol === target.symbol);
}
