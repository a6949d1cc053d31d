import { describe, expect, it } from 'vitest';
import { ceilingOf, summarizeRung, type Rung, type RungInput } from './rung';

const sentAt = new Map<number, number>(Array.from({ length: 100 }, (_, i) => [(i + 1) * 10, 1_000 + (i + 1) * 10]));

function input(over: Partial<RungInput> = {}): RungInput {
  return {
    rate: 1_000,
    durationMs: 1_000,
    firstSeq: 0,
    lastSeq: 1_000,
    reachedSeq: 990,
    readAt: 2_000 + 20,
    drained: true,
    window: {
      longTasks: [12, 30],
      frameGaps: [16, 17, 16, 18, 16],
      seen: [
        [10, 1_030],
        [20, 1_050],
        [990, 2_000],
      ],
    },
    probeSentAt: sentAt,
    ...over,
  };
}

describe('summarizeRung', () => {
  it('measures a page that keeps up', () => {
    expect(summarizeRung(input())).toEqual({
      rate: 1_000,
      sentRate: 1_000,
      ingested: 0.99,
      lagMs: 30,
      keptUp: true,
      longTasks: 0,
      longestTaskMs: 30,
      frameP95Ms: 18,
      smooth: true,
      latencyP50Ms: 20,
      latencyP99Ms: 30,
    });
  });

  it('a page far behind, or not drained after the feed stopped, did not keep up', () => {
    expect(summarizeRung(input({ reachedSeq: 500, readAt: 2_020 })).keptUp).toBe(false);
    expect(summarizeRung(input({ reachedSeq: 500 })).ingested).toBe(0.5);
    expect(summarizeRung(input({ drained: false })).keptUp).toBe(false);
    expect(summarizeRung(input({ reachedSeq: 0 })).lagMs).toBe(Number.POSITIVE_INFINITY);
  });

  it('one long task or slow frames make a window not smooth', () => {
    const base = input().window;
    expect(summarizeRung(input({ window: { ...base, longTasks: [51] } }))).toMatchObject({
      smooth: false,
      longTasks: 1,
    });
    expect(summarizeRung(input({ window: { ...base, frameGaps: [16, 33, 33, 16] } })).smooth).toBe(false);
  });

  it('counts only the probes sent inside the window for latency', () => {
    const r = summarizeRung(
      input({
        firstSeq: 15,
        window: {
          ...input().window,
          seen: [
            [10, 9_999],
            [20, 1_060],
          ],
        },
      }),
    );
    expect(r.latencyP50Ms).toBe(40);
  });
});

describe('ceilingOf', () => {
  const rung = (rate: number, keptUp: boolean) => ({ rate, keptUp }) as Rung;
  it('is the last rate kept up with before the first one that was not', () => {
    expect(ceilingOf([rung(1, true), rung(2, true), rung(4, false), rung(8, true)])).toBe(2);
    expect(ceilingOf([rung(1, false)])).toBe(0);
    expect(ceilingOf([])).toBe(0);
  });
});
