import Decimal from 'decimal.js';
import { expect, type Page } from '@playwright/test';
import type { SimVenue, VenueLedger } from '../../sim/index';
import type { Snapshot } from '../../src/store/snapshot';
import { diffAgainstLedger, type LedgerChecks } from './compare';
import { exportSnapshot } from './dashboard';

/**
 * Faults while the account trades, and the verdict after them: the snapshot equals the simulator's
 * ledger, except where a gap says `partial`/`none` and the venue's README says it cannot recover.
 */

export type SnapshotGap = Snapshot['connections'][number]['gaps'][number];

/** One venue of the demo stack, what its stream shows, and what its README says a gap can cost. */
export interface FaultCase {
  venue: SimVenue;
  id: string;
  checks: LedgerChecks;
  /** Longer than the adapter's silence window, so the stall is a gap (a shorter one is lost unseen). */
  stallMs: number;
  /**
   * Why a gap may be `partial` on this venue even when everything it offers answered (its README,
   * "Recovery after a gap"), or undefined: every gap must be `full`.
   */
  mayBePartial?: string;
  /**
   * In a lossy gap the fills' net quantity per symbol still equals the ledger's (ZDEX rebuilds them
   * from the position change). Default true; false where the state before the gap is unknown (a reload).
   */
  netInLossyGaps?: boolean;
}

/** The demo stack's five connections (e2e/support/stack.ts; Roxom through the relay's bridge). */
export const FAULT_CASES: readonly FaultCase[] = [
  // Silence windows: Roxom 10 s, CoinSwitch 5 s, Rails 12.5 s, ScaleTrade 5 s, ZDEX 10 s.
  { venue: 'roxom', id: 'roxom-main', checks: {}, stallMs: 14_000 },
  { venue: 'coinswitch', id: 'coinswitch-main', checks: { positions: false, balances: false }, stallMs: 8_000 },
  {
    venue: 'rails',
    id: 'rails-btc',
    checks: { positions: false, balances: false, orderSymbols: ['BTC-USDT'] },
    // An order cancelled in the gap is no longer shown open (the complete open-orders read leaves it
    // out): every gap is recovered in full.
    stallMs: 16_000,
  },
  { venue: 'scaletrade', id: 'scaletrade-cfd', checks: {}, stallMs: 8_000 },
  {
    venue: 'zdex',
    id: 'zdex-main',
    checks: { fillOrderLinks: false },
    stallMs: 14_000,
    mayBePartial: 'no fill history: fills in a gap are rebuilt from the position change (net exact)',
  },
];

export function gapsIn(snapshot: Snapshot, id: string): SnapshotGap[] {
  return snapshot.connections.find((c) => c.id === id)?.gaps ?? [];
}

/** How many gaps each connection has recorded so far. */
export function gapCounts(snapshot: Snapshot, cases: readonly FaultCase[]): Record<string, number> {
  return Object.fromEntries(cases.map(({ id }) => [id, gapsIn(snapshot, id).length]));
}

/**
 * Waits until every connection is live again with more gaps than `before` says, every one closed and
 * its recovery reported. One snapshot per poll for all of them (an export is not free on a busy page).
 */
export async function expectGapsSettled(
  page: Page,
  cases: readonly FaultCase[],
  before: Record<string, number>,
  timeout = 90_000,
): Promise<void> {
  const unsettled = (snapshot: Snapshot) =>
    cases.flatMap(({ id }) => {
      const status = snapshot.connections.find((c) => c.id === id)?.status;
      const gaps = gapsIn(snapshot, id);
      const open = gaps.filter((g) => g.to === null || g.recovered === 'pending').length;
      const problems = [
        ...(status === 'live' ? [] : [`${id} is ${status}`]),
        ...(gaps.length > before[id]! ? [] : [`${id} has no new gap`]),
        ...(open === 0 ? [] : [`${id} has ${open} unsettled gap(s)`]),
      ];
      return problems;
    });
  await expect.poll(async () => unsettled(await exportSnapshot(page)), { timeout, intervals: [1_000] }).toEqual([]);
}

/** Fills per connection in the snapshot. */
export function fillCounts(snapshot: Snapshot, cases: readonly FaultCase[]): Record<string, number> {
  return Object.fromEntries(cases.map(({ id }) => [id, snapshot.fills.filter((f) => f.connectionId === id).length]));
}

/** Margins around a lossy gap for the fills it may hold: ZDEX dates rebuilt fills by its next full state. */
const BEFORE_GAP_MS = 2_000;
const AFTER_GAP_MS = 15_000;

/**
 * Differences between snapshot and ledger the venue's gaps do not account for (empty = as it must be):
 * - every gap `full` (or the venue recovers in full): the snapshot equals the ledger, fill for fill;
 * - a `partial`/`none` gap on a venue that may have one: positions, balances and open orders still
 *   equal the ledger, except an order the gap left as last known that the ledger has cancelled; fills
 *   outside the lossy gaps equal the ledger fill for fill; inside them their net quantity per symbol does.
 */
export function faultVerdict(snapshot: Snapshot, ledger: VenueLedger, c: FaultCase, since: number): string[] {
  const gaps = gapsIn(snapshot, c.id);
  const lossy = gaps.filter((g) => g.recovered === 'partial' || g.recovered === 'none');
  const problems = gaps
    .filter((g) => g.to === null || g.recovered === 'pending')
    .map((g) => `gap from ${g.from} not settled (${g.recovered})`);
  if (lossy.length === 0) return [...problems, ...diffAgainstLedger(snapshot, ledger, c.id, since, c.checks)];
  if (c.mayBePartial === undefined)
    return [
      ...problems,
      ...lossy.map((g) => `gap ${g.from}..${g.to} is ${g.recovered}, but ${c.venue} recovers a gap in full`),
    ];

  const inLossy = (time: number) => lossy.some((g) => time >= g.from - BEFORE_GAP_MS && time <= g.to! + AFTER_GAP_MS);
  const outside: Snapshot = { ...snapshot, fills: snapshot.fills.filter((f) => !inLossy(f.time!)) };
  const ledgerOutside: VenueLedger = { ...ledger, fills: ledger.fills.filter((f) => !inLossy(f.time)) };
  const cancelled = new Set(ledger.orders.filter((o) => o.status === 'canceled').map((o) => o.orderId));
  for (const p of diffAgainstLedger(outside, ledgerOutside, c.id, since, c.checks)) {
    const orderId = /^order (\S+) is \S+ on the dashboard but not open in the ledger$/.exec(p)?.[1];
    if (orderId === undefined || !cancelled.has(orderId)) problems.push(p);
  }
  if (c.netInLossyGaps === false) return problems;
  const mine = snapshot.fills.filter((f) => f.connectionId === c.id && inLossy(f.time!));
  const theirs = ledger.fills.filter((f) => f.time >= since && inLossy(f.time));
  const ours = netBySymbol(mine.map((f) => ({ symbol: f.symbol!, side: f.side!, quantity: f.quantity! })));
  const truth = netBySymbol(theirs);
  if (JSON.stringify(ours) !== JSON.stringify(truth))
    problems.push(`net fills in the lossy gaps: dashboard ${JSON.stringify(ours)}, ledger ${JSON.stringify(truth)}`);
  return problems;
}

/** Signed filled quantity per symbol, zero entries left out, keys sorted. */
export function netBySymbol(fills: readonly { symbol: string; side: string; quantity: string }[]) {
  const net = new Map<string, Decimal>();
  for (const f of fills)
    net.set(f.symbol, (net.get(f.symbol) ?? new Decimal(0)).plus(f.side === 'buy' ? f.quantity : `-${f.quantity}`));
  return Object.fromEntries(
    [...net]
      .filter(([, v]) => !v.isZero())
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, v.toFixed()]),
  );
}
