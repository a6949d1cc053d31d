import { describe, expect, it } from 'vitest';
import type { GapRecord } from '../../domain/types';
import { pnlMarks, realizedSourceText } from './pnl-summary-panel';

describe('where a realized PnL comes from', () => {
  it('says when closes in it were priced by inference, and how many', () => {
    expect(realizedSourceText({ realizedSource: 'venue', inferredCloses: 0 })).toBe('reported by the venue');
    expect(realizedSourceText({ realizedSource: 'venue', inferredCloses: 1 })).toBe(
      'reported by the venue; ≈: 1 close priced from the order book (the venue sent no close price), so that part is an estimate',
    );
    expect(realizedSourceText({ realizedSource: 'venue', inferredCloses: 2 })).toMatch(
      /^reported by the venue; ≈: 2 closes priced/,
    );
    expect(realizedSourceText({ realizedSource: 'fills', inferredCloses: 0 })).toBe(
      'computed from fills by average cost (the venue streams no positions)',
    );
  });
});

describe('marks on a realized PnL and its fees', () => {
  const now = new Date(2025, 7, 29, 14, 5, 0).getTime();
  const gap: GapRecord = {
    connectionId: 'zdex-main',
    from: new Date(2025, 7, 29, 14, 2, 11).getTime(),
    to: new Date(2025, 7, 29, 14, 2, 19).getTime(),
    recovered: 'partial',
  };

  it('none without inferred closes or gaps', () => {
    expect(pnlMarks(0, [], now)).toEqual({});
  });

  it('≈ for inferred closes on the realized figure only', () => {
    expect(pnlMarks(2, [], now)).toEqual({ realized: '≈' });
  });

  it('⚠ on realized and fees while a gap needs attention, with a note naming the interval', () => {
    expect(pnlMarks(0, [gap], now)).toEqual({
      realized: '⚠',
      fees: '⚠',
      note: '⚠ may be incomplete: zdex-main fills between 14:02:11 and 14:02:19 may be missing',
    });
    expect(pnlMarks(1, [gap], now).realized).toBe('≈ ⚠');
  });
});
