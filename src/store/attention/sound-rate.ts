import type { SoundKind } from './sound-kinds';

/** At most one sound of a kind this often: a burst of fills in one moment is one blip. */
export const SOUND_MIN_GAP_MS = 250;

/** When each kind last played (Unix ms). */
export type SoundRate = ReadonlyMap<SoundKind, number>;

/** Of the sounds wanted now, those that may play, and the rate state after playing them. Pure. */
export function admitSounds(
  rate: SoundRate,
  wanted: Iterable<SoundKind>,
  now: number,
  minGapMs: number = SOUND_MIN_GAP_MS,
): { play: SoundKind[]; rate: SoundRate } {
  const play: SoundKind[] = [];
  let next: Map<SoundKind, number> | undefined;
  for (const kind of wanted) {
    const last = rate.get(kind);
    // A clock that went back (an adjusted system time) must not mute a kind for good.
    if (last !== undefined && now - last < minGapMs && now >= last) continue;
    next ??= new Map(rate);
    next.set(kind, now);
    play.push(kind);
  }
  return { play, rate: next ?? rate };
}
