import { describe, expect, it } from 'vitest';
import { mainThreadSelfTime, type TraceEvent } from './trace-summary';
import { interactiveAt } from './at-scale.bench';

const meta = (tid: number, name: string): TraceEvent => ({
  name: 'thread_name',
  ph: 'M',
  ts: 0,
  pid: 1,
  tid,
  args: { name },
});
const x = (name: string, ts: number, dur: number, tid = 1): TraceEvent => ({ name, ph: 'X', ts, dur, pid: 1, tid });

describe('mainThreadSelfTime', () => {
  it('gives each event its time minus its children, on the renderer main thread only', () => {
    const events = [
      meta(1, 'CrRendererMain'),
      meta(2, 'Compositor'),
      x('RunTask', 0, 10_000),
      x('FunctionCall', 1_000, 6_000),
      x('Layout', 2_000, 1_000), // inside FunctionCall (a forced layout)
      x('Paint', 8_000, 1_000),
      x('RunTask', 0, 50_000, 2), // another thread: not counted
    ];
    expect(mainThreadSelfTime(events)).toEqual([
      { what: 'FunctionCall', selfMs: 5, percent: 50 },
      { what: 'RunTask', selfMs: 3, percent: 30 },
      { what: 'Layout', selfMs: 1, percent: 10 },
      { what: 'Paint', selfMs: 1, percent: 10 },
    ]);
  });
});

describe('interactiveAt', () => {
  it('is when the fills were shown, or later when a long task held the thread past it', () => {
    expect(interactiveAt(1_000, [])).toBe(1_000);
    expect(interactiveAt(1_000, [[200, 300]])).toBe(1_000);
    expect(interactiveAt(1_000, [[900, 300]])).toBe(1_200);
    // A second task that started while the first held the thread extends it.
    expect(
      interactiveAt(1_000, [
        [1_150, 100],
        [900, 300],
      ]),
    ).toBe(1_250);
    expect(interactiveAt(1_000, [[1_500, 100]])).toBe(1_000);
  });
});
