import { describe, expect, it } from 'vitest';
import type { GapRecord } from '../../../domain/types';
import {
  activityGapLine,
  applyFaultText,
  gapExplanation,
  gapRowSentence,
  gapSentence,
  gapState,
  pnlGapNote,
  stateGapLine,
} from './gap-text';

/** Local times, so the expected clock text holds in any time zone. */
const at = (h: number, m: number, s: number, day = 29) => new Date(2025, 7, day, h, m, s).getTime();
const NOW = at(14, 5, 0);
const gap = (over: Partial<GapRecord>): GapRecord => ({
  connectionId: 'zdex-main',
  from: at(14, 2, 11),
  to: at(14, 2, 19),
  recovered: 'none',
  ...over,
});

describe('the gap sentence', () => {
  it('says open, recovering, possibly missing or recovered, with today as HH:MM:SS', () => {
    expect(gapSentence(gap({ to: null, recovered: 'pending' }), NOW)).toBe('not live since 14:02:11');
    expect(gapSentence(gap({ recovered: 'pending' }), NOW)).toBe('recovering 14:02:11–14:02:19…');
    expect(gapSentence(gap({ recovered: 'none' }), NOW)).toBe('fills between 14:02:11 and 14:02:19 may be missing');
    expect(gapSentence(gap({ recovered: 'partial' }), NOW)).toBe('fills between 14:02:11 and 14:02:19 may be missing');
    expect(gapSentence(gap({ recovered: 'full' }), NOW)).toBe('recovered 14:02:11–14:02:19');
  });

  it('dates a moment of another day (a gap across midnight, or the page closed overnight)', () => {
    const overnight = gap({ from: at(23, 58, 0, 28), to: at(0, 1, 30) });
    expect(gapSentence(overnight, NOW)).toBe('fills between 2025-08-28 23:58:00 and 00:01:30 may be missing');
    expect(gapSentence(gap({ from: at(23, 58, 0, 28), to: null }), NOW)).toBe('not live since 2025-08-28 23:58:00');
  });

  it('in a row, the same in fewer words, both ends of the interval first', () => {
    expect(gapRowSentence(gap({ to: null, recovered: 'pending' }), NOW)).toBe('not live since 14:02:11');
    expect(gapRowSentence(gap({ recovered: 'pending' }), NOW)).toBe('recovering 14:02:11–14:02:19…');
    expect(gapRowSentence(gap({ recovered: 'none' }), NOW)).toBe('fills 14:02:11–14:02:19 may be missing');
    expect(gapRowSentence(gap({ recovered: 'full' }), NOW)).toBe('recovered 14:02:11–14:02:19');
  });

  it('states follow the record: open while `to` is null whatever else it says', () => {
    expect(gapState(gap({ to: null, recovered: 'pending' }))).toBe('open');
    expect(gapState(gap({ recovered: 'pending' }))).toBe('recovering');
    expect(gapState(gap({ recovered: 'partial' }))).toBe('missing');
    expect(gapState(gap({ recovered: 'none' }))).toBe('missing');
    expect(gapState(gap({ recovered: 'full' }))).toBe('recovered');
  });
});

describe('the explanation (tooltip and gap list)', () => {
  it('gives the cause and what recovery did, one fact a line', () => {
    const text = gapExplanation(
      gap({ recovered: 'partial', cause: 'socket closed (1006)', detail: "Rails' REST answered 503" }),
      NOW,
    );
    expect(text.split('\n')).toEqual([
      'fills between 14:02:11 and 14:02:19 may be missing',
      'cause: socket closed (1006)',
      'recovered in part',
      "Rails' REST answered 503",
    ]);
    expect(gapExplanation(gap({ to: null, recovered: 'pending', cause: 'no message for 10 s' }), NOW)).toBe(
      'not live since 14:02:11\ncause: no message for 10 s\nthe connection is not live',
    );
  });
});

describe('panel lines', () => {
  it('fills and orders say what may be missing between which times', () => {
    expect(activityGapLine(gap({}), NOW, 'fills')).toBe(
      'zdex-main: fills between 14:02:11 and 14:02:19 may be missing',
    );
    expect(activityGapLine(gap({ recovered: 'pending' }), NOW, 'order updates')).toBe(
      'zdex-main: recovering 14:02:11–14:02:19…; order updates in it may be missing until it ends',
    );
    expect(activityGapLine(gap({ to: null, recovered: 'pending' }), NOW, 'fills')).toBe(
      'zdex-main: not live since 14:02:11; fills since then are not shown yet',
    );
  });

  it('positions and balances say since when they may be stale', () => {
    expect(stateGapLine(gap({ to: null, recovered: 'pending' }), NOW, 'positions')).toBe(
      'positions of zdex-main may be stale since 14:02:11 (not live)',
    );
    expect(stateGapLine(gap({ recovered: 'pending' }), NOW, 'balances')).toBe(
      'balances of zdex-main may be stale since 14:02:11 (recovering)',
    );
    expect(stateGapLine(gap({ recovered: 'partial' }), NOW, 'balances')).toBe(
      'balances of zdex-main may be stale since 14:02:11 (recovered in part; not updated since)',
    );
  });

  it('the PnL note names every gap with its connection', () => {
    expect(pnlGapNote([gap({}), gap({ connectionId: 'rails-btc', to: null, recovered: 'pending' })], NOW)).toBe(
      '⚠ may be incomplete: zdex-main fills between 14:02:11 and 14:02:19 may be missing; rails-btc not live since 14:02:11',
    );
  });
});

describe('apply faults', () => {
  it('counts the events and gives the latest message', () => {
    expect(
      applyFaultText({ count: 3, message: 'a fill event could not be applied (x); skipped', time: NOW }, NOW),
    ).toBe('3 events could not be applied; latest 14:05:00: a fill event could not be applied (x); skipped');
    expect(applyFaultText({ count: 1, message: 'm', time: NOW }, NOW)).toMatch(/^1 event could not be applied;/);
  });
});
