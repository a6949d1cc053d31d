import { describe, expect, it } from 'vitest';
import { realizedSourceText } from './pnl-summary-panel';

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
