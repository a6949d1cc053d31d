import { describe, expect, it } from 'vitest';
import type { SoundKind } from './sound-kinds';
import { admitSounds, SOUND_MIN_GAP_MS, type SoundRate } from './sound-rate';

const T = 1_796_000_000_000;

/** Plays `wanted` at each time in turn; returns what played at each. */
function run(steps: [number, SoundKind[]][]): SoundKind[][] {
  let rate: SoundRate = new Map();
  return steps.map(([time, wanted]) => {
    const admitted = admitSounds(rate, wanted, time);
    rate = admitted.rate;
    return admitted.play;
  });
}

describe('sound rate limit', () => {
  it('a burst of 50 fills in one moment is one blip', () => {
    const burst = Array.from({ length: 50 }, (_, i): [number, SoundKind[]] => [T + i, ['fills']]);
    expect(run(burst).flat()).toEqual(['fills']);
  });

  it('one sound per kind per 250 ms, counted from the last one played', () => {
    expect(
      run([
        [T, ['fills']],
        [T + SOUND_MIN_GAP_MS - 1, ['fills']],
        [T + SOUND_MIN_GAP_MS, ['fills']],
        [T + SOUND_MIN_GAP_MS + 100, ['fills']],
        [T + 2 * SOUND_MIN_GAP_MS, ['fills']],
      ]),
    ).toEqual([['fills'], [], ['fills'], [], ['fills']]);
  });

  it('each kind has its own limit', () => {
    expect(
      run([
        [T, ['fills']],
        [T + 10, ['fills', 'disconnects', 'alerts']],
        [T + 20, ['alerts', 'disconnects']],
      ]),
    ).toEqual([['fills'], ['disconnects', 'alerts'], []]);
  });

  it('a clock set back does not mute a kind', () => {
    expect(
      run([
        [T, ['alerts']],
        [T - 60_000, ['alerts']],
      ]),
    ).toEqual([['alerts'], ['alerts']]);
  });

  it('nothing wanted leaves the state as it was', () => {
    const rate: SoundRate = new Map([['fills', T]]);
    expect(admitSounds(rate, [], T + 1).rate).toBe(rate);
  });
});
