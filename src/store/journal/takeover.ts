import { TERMINAL_ORDER_STATUSES, type GapRecord, type OrderUpdate } from '../../domain/types';
import { instrumentKey, type Instrument } from '../../domain/instrument';
import { emptyPortfolio, gapKey, type PortfolioState } from '../state';
import { journalChanges, noChanges, type JournalChanges } from './changes';
import type { JournalRecords } from './records';
import { restoreFromJournal } from './restore';

/**
 * A tab that takes the sockets over from a closed owner (src/app/tab-ownership) holds the owner's
 * state as mirrored, the journal holds what the owner wrote; each may hold what the other lacks (the
 * owner's last half second of writes, messages the mirror lost). The takeover restores the journal
 * into the mirrored state (`journalForTakeover`: through the reducer, so nothing is doubled and no
 * order or gap goes back), then writes only what the merged state holds newer than the journal
 * (`takeoverChanges`): never a deletion, never a record the journal already holds as it is.
 */

/**
 * The records to restore into a mirrored state. The closed positions' realized totals are running
 * totals the mirror holds as the owner last had them, at least as new as the journal's: not restored
 * (a restore replaces them), and written by `takeoverChanges` where they differ. The mirror's open
 * orders go with the journal's: the sessions start again, so each open order the page shows is, like
 * one restored after a reload, unconfirmed until its venue speaks (reconcile.ts drops it if the
 * venue's first account snapshot no longer lists it). Merging an order into itself changes nothing.
 */
export function journalForTakeover(records: JournalRecords, mirrored: PortfolioState): JournalRecords {
  const open: OrderUpdate[] = [];
  for (const o of mirrored.orders.values())
    if (o.status === undefined || !TERMINAL_ORDER_STATUSES.has(o.status)) open.push(o);
  return { ...records, orders: [...records.orders, ...open], realized: [] };
}

const same = (a: object | undefined, b: object): boolean => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

/** What `merged` (journal restored into the mirror) holds that the journal does not, or holds older. */
export function takeoverChanges(records: JournalRecords, merged: PortfolioState): JournalChanges {
  const journaled = restoreFromJournal(emptyPortfolio(), records);
  const c = journalChanges(journaled, merged);
  const gapHeld = (g: GapRecord) => same(journaled.gaps.get(gapKey(g.connectionId, g.from)), g);
  const instrumentHeld = (i: Instrument) => same(journaled.instruments.get(instrumentKey(i.connectionId, i.symbol)), i);
  return {
    ...noChanges(),
    fills: c.fills,
    orders: c.orders,
    samples: c.samples,
    realized: c.realized,
    instruments: c.instruments.filter((i) => !instrumentHeld(i)),
    gaps: c.gaps.filter((g) => !gapHeld(g)),
  };
}

/**
 * The mirrored state as a takeover starts from: what the venues send again on every connect
 * (positions, balances, account summaries; never journaled) is dropped, as a reload starts without
 * it, so a position closed while no tab held the sockets does not stay on the board.
 */
export function withoutResentState(state: PortfolioState): PortfolioState {
  return { ...state, positions: new Map(), balances: new Map(), summaries: new Map() };
}
