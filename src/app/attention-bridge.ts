import { playSound, unlockSounds } from '../features/shared/sounds/sound-player';
import { SOUND_KINDS, type SoundSettings } from '../store/attention/sound-kinds';
import { admitSounds, type SoundRate } from '../store/attention/sound-rate';
import { soundsForChange } from '../store/attention/sound-triggers';
import { onEventsApplied } from '../store/portfolio-store';
import { useRecordings } from '../store/recording-store';
import { useSettings } from '../store/settings-store';
import { soundsPlayHere, startSoundClaims } from './sound-tab-claim';

const anyOn = (sounds: SoundSettings): boolean => SOUND_KINDS.some((kind) => sounds[kind]);

/**
 * The I/O edge of sounds: every set of events the store applies (store/attention/sound-triggers.ts
 * says which make which sound), the kinds the user switched on, at most one of a kind per 250 ms.
 * Runs in every tab (a follower applies the owner's batches as they come); only one of them plays
 * (sound-tab-claim.ts: the tab the user last touched, else the owner).
 */
export function startAttentionBridge(): () => void {
  const since = Date.now();
  let rate: SoundRate = new Map();

  const unsubscribe = onEventsApplied((batches, prev, next) => {
    const { sounds } = useSettings.getState();
    if (!anyOn(sounds) || !soundsPlayHere()) return;
    const replays = useRecordings.getState().replays;
    const wanted = soundsForChange(
      batches.flatMap((b) => b.events),
      prev,
      next,
      { since, isReplay: (id) => replays[id] !== undefined },
    );
    const admitted = admitSounds(
      rate,
      [...wanted].filter((kind) => sounds[kind]),
      Date.now(),
    );
    rate = admitted.rate;
    for (const kind of admitted.play) playSound(kind);
  });

  // Sounds switched on before a reload: the browser lets audio start after the page's first gesture.
  const onGesture = () => {
    if (anyOn(useSettings.getState().sounds)) unlockSounds();
  };
  const gestures = ['pointerdown', 'keydown'] as const;
  for (const type of gestures) window.addEventListener(type, onGesture, { capture: true, passive: true });

  const stopClaims = startSoundClaims();

  return () => {
    unsubscribe();
    stopClaims();
    for (const type of gestures) window.removeEventListener(type, onGesture, { capture: true });
  };
}
