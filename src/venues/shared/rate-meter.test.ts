import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter';

describe('RateMeter', () => {
  it('averages over the window and forgets old buckets', () => {
    const meter = new RateMeter(5_000);
    const t0 = 1_000_000;
    for (let s = 0; s < 5; s++) meter.add(t0 + s * 1_000, 10);
    expect(meter.perSecond(t0 + 4_500)).toBe(10);
    expect(meter.perSecond(t0 + 7_500)).toBe(4);
    expect(meter.perSecond(t0 + 60_000)).toBe(0);
  });

  it('reuses a slot when its second comes round again', () => {
    const meter = new RateMeter(2_000);
    meter.add(0, 100);
    meter.add(2_000, 1);
    expect(meter.perSecond(2_000)).toBe(0.5);
  });
});
