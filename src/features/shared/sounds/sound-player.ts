import type { SoundKind } from '../../../store/attention/sound-kinds';

/**
 * Short tones through Web Audio: an oscillator shaped by a gain envelope (a quick rise, an
 * exponential fall), about 120 ms, a pitch of its own per kind: high for a fill, middle for an alert,
 * low for a disconnect.
 *
 * Browsers let audio start only after a user gesture: the AudioContext is made (or resumed) by
 * `unlockSounds()`, called from the click that switches a sound on, or the page's first click or key
 * after a reload with sounds on. Until then `playSound` is silent rather than queueing stale tones.
 */
export const SOUND_PITCH_HZ: Record<SoundKind, number> = { fills: 1047, alerts: 659, disconnects: 196 };
const DURATION_S = 0.12;
const ATTACK_S = 0.006;
const PEAK_GAIN = 0.25;
/** A tone asked for while the context was resuming still plays if it resumed this soon. */
const RESUME_GRACE_MS = 500;

let context: AudioContext | undefined;

/** Make or resume the AudioContext: call it from a user gesture (a click, a key). */
export function unlockSounds(): void {
  const Context = globalThis.AudioContext;
  if (Context === undefined) return;
  try {
    context ??= new Context();
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
  } catch (e) {
    console.warn('sounds: no audio in this browser:', (e as Error).message);
  }
}

/** Whether an AudioContext exists (a gesture unlocked it). */
export const soundsUnlocked = (): boolean => context !== undefined;

export function playSound(kind: SoundKind): void {
  const ctx = context;
  if (!ctx || ctx.state === 'closed') return;
  if (ctx.state === 'running') {
    tone(ctx, kind);
    return;
  }
  // Suspended (the browser paused it, or it is still starting): resume, and play if that is quick.
  const asked = performance.now();
  void ctx
    .resume()
    .then(() => {
      if (performance.now() - asked <= RESUME_GRACE_MS) tone(ctx, kind);
    })
    .catch(() => undefined);
}

function tone(ctx: AudioContext, kind: SoundKind): void {
  const t = ctx.currentTime;
  const oscillator = new OscillatorNode(ctx, { type: 'sine', frequency: SOUND_PITCH_HZ[kind] });
  const gain = new GainNode(ctx, { gain: 0 });
  gain.gain.setValueAtTime(0, t);
  gain.gain.linearRampToValueAtTime(PEAK_GAIN, t + ATTACK_S);
  // An exponential ramp cannot reach 0: to far below hearing, then off.
  gain.gain.exponentialRampToValueAtTime(0.0001, t + DURATION_S);
  oscillator.connect(gain).connect(ctx.destination);
  oscillator.onended = () => {
    oscillator.disconnect();
    gain.disconnect();
  };
  oscillator.start(t);
  oscillator.stop(t + DURATION_S + 0.01);
}
