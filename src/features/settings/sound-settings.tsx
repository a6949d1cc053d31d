import { playSound, unlockSounds } from '../shared/sounds/sound-player';
import { useSettings, type SoundKind } from '../../store/settings-store';
import './alerts.css';

const KINDS: { kind: SoundKind; label: string; hint: string }[] = [
  { kind: 'fills', label: 'Fills', hint: 'a new fill on a live connection (high tone)' },
  { kind: 'disconnects', label: 'Disconnects', hint: 'a live connection drops or is disconnected (low tone)' },
  { kind: 'alerts', label: 'Alerts', hint: 'your alert rules, a venue warning such as a price alert (middle tone)' },
];

/**
 * Settings drawer section: a short sound per kind, each off until switched on here. The click that
 * switches one on is the user gesture the browser wants before a page may play audio.
 */
export function SoundSettingsSection() {
  const sounds = useSettings((s) => s.sounds);
  const updateSounds = useSettings((s) => s.updateSounds);

  const onToggle = (kind: SoundKind, on: boolean) => {
    if (on) unlockSounds();
    updateSounds({ [kind]: on });
  };

  return (
    <section className="settings-section sound-settings" data-testid="settings-sounds">
      <h3>Sounds</h3>
      {KINDS.map(({ kind, label, hint }) => (
        <div className="settings-row" key={kind}>
          <label className="settings-label" htmlFor={`sound-${kind}`}>
            {label}
          </label>
          <input
            id={`sound-${kind}`}
            type="checkbox"
            data-testid={`sound-${kind}`}
            checked={sounds[kind]}
            onChange={(e) => onToggle(kind, e.target.checked)}
          />
          <span className="alert-unit">{hint}</span>
          <button
            type="button"
            className="btn"
            data-testid={`sound-${kind}-try`}
            aria-label={`Play the ${label.toLowerCase()} sound`}
            onClick={() => {
              unlockSounds();
              playSound(kind);
            }}
          >
            Try
          </button>
        </div>
      ))}
      <p className="alert-hint">
        Only what happens while the page is open: never the history restored at start or a replay. At most one sound of
        a kind every quarter second.
      </p>
    </section>
  );
}
