import { describe, expect, it } from 'vitest';
import type { VenueLedger } from '../../sim/index';
import type { Snapshot } from '../../src/store/snapshot';
import { diffAgainstLedger } from './compare';

/**
 * The ledger comparison the e2e specs rely on. tabs.spec.ts checks the fills inside a marked gap with
 * `positions: false`: the page's positions must then not be reported (they are checked, exactly, by
 * the comparison outside the gap).
 */
const ID = 'zdex-main';
const position = { connectionId: ID, symbol: 'BTCUSDT', quantity: '0.002', entryPrice: '70962' };
const snapshot = {
  connections: [],
  orders: [],
  fills: [],
  positions: [position],
  balances: [],
} as unknown as Snapshot;
const ledger = (positions: { symbol: string; quantity: string; entryPrice: string }[]) =>
  ({ fills: [], orders: [], balances: [], positions }) as unknown as VenueLedger;

describe('diffAgainstLedger', () => {
  it('reports a position the page shows that the ledger does not hold', () => {
    expect(diffAgainstLedger(snapshot, ledger([]), ID, 0)).toEqual(['position BTCUSDT 0.002 is not in the ledger']);
  });

  it('reports nothing about positions when they are not checked, whatever either side holds', () => {
    const checks = { positions: false, balances: false, orders: false };
    expect(diffAgainstLedger(snapshot, ledger([]), ID, 0, checks)).toEqual([]);
    expect(diffAgainstLedger(snapshot, ledger([{ ...position }]), ID, 0, checks)).toEqual([]);
    expect(diffAgainstLedger({ ...snapshot, positions: [] }, ledger([{ ...position }]), ID, 0, checks)).toEqual([]);
  });

  it('matches equal positions when checked', () => {
    expect(diffAgainstLedger(snapshot, ledger([{ ...position }]), ID, 0)).toEqual([]);
  });
});
