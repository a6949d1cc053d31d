import { soundsUnlocked } from '../features/shared/sounds/sound-player';
import { CLAIM_RENEW_MS, parseClaim, playsHere } from '../store/attention/sound-tab';
import { useTabRole } from './tab-ownership/tab-role';

/** The I/O edge of store/attention/sound-tab.ts: the claim lives in localStorage, shared by the tabs. */
export const SOUND_CLAIM_KEY = 'venueboard.sound-tab';

const me = crypto.randomUUID();

const readClaim = () => {
  try {
    return parseClaim(localStorage.getItem(SOUND_CLAIM_KEY));
  } catch {
    return undefined;
  }
};

function claim(): void {
  try {
    localStorage.setItem(SOUND_CLAIM_KEY, JSON.stringify({ tab: me, at: Date.now() }));
  } catch {
    // Storage refused (private mode, quota): every tab falls back to the owner rule.
  }
}

/** Whether this tab should play a sound now. */
export function soundsPlayHere(): boolean {
  const { role, locksSupported } = useTabRole.getState();
  return playsHere(readClaim(), me, role === 'owner' || !locksSupported, Date.now());
}

/** Claims the sounds on the user's clicks and keys here, and on focus once this tab's audio is unlocked. */
export function startSoundClaims(): () => void {
  const onGesture = () => claim();
  const onFocus = () => {
    if (document.visibilityState === 'visible' && soundsUnlocked()) claim();
  };
  const renew = setInterval(() => {
    if (readClaim()?.tab === me) claim();
  }, CLAIM_RENEW_MS);
  const release = () => {
    try {
      if (readClaim()?.tab === me) localStorage.removeItem(SOUND_CLAIM_KEY);
    } catch {
      // Nothing to release.
    }
  };
  const gestures = ['pointerdown', 'keydown'] as const;
  for (const type of gestures) window.addEventListener(type, onGesture, { capture: true, passive: true });
  window.addEventListener('focus', onFocus);
  document.addEventListener('visibilitychange', onFocus);
  window.addEventListener('pagehide', release);
  return () => {
    clearInterval(renew);
    for (const type of gestures) window.removeEventListener(type, onGesture, { capture: true });
    window.removeEventListener('focus', onFocus);
    document.removeEventListener('visibilitychange', onFocus);
    window.removeEventListener('pagehide', release);
  };
}
