import './components.css';
import { formatAge, formatCountdown, isoTime } from './format/time-format';
import { useNow } from './use-now';

interface AgeTextProps {
  /** Unix ms of the event; nothing known renders a dash. */
  time: number | undefined;
  /** Ages above this many ms are drawn in the warning colour. */
  warnAfterMs?: number;
  className?: string;
}

/** "3s ago", refreshed once per second, with the exact UTC time as its tooltip. */
export function AgeText({ time, warnAfterMs, className }: AgeTextProps) {
  const now = useNow();
  if (time === undefined) return <span className="muted">—</span>;
  const old = warnAfterMs !== undefined && now - time > warnAfterMs;
  const classes = ['age-text', old ? 'age-text--old' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <time className={classes} dateTime={isoTime(time)} title={isoTime(time)} data-time={time}>
      {formatAge(time, now)}
    </time>
  );
}

interface CountdownProps {
  until: number | undefined;
  /** Below this many ms left the countdown is drawn in the warning colour. */
  warnBelowMs?: number;
  /** The credential is renewed automatically before it expires (keyring relay): never a warning. */
  renews?: boolean;
}

/** "in 4m 10s" until a moment (credential expiry), then "expired". */
export function Countdown({ until, warnBelowMs = 60_000, renews = false }: CountdownProps) {
  const now = useNow();
  if (until === undefined) return <span className="muted">—</span>;
  const left = until - now;
  if (renews && left > 0) {
    return (
      <time
        className="countdown"
        dateTime={isoTime(until)}
        title={`renewed by the keyring relay before ${isoTime(until)}`}
        data-testid="credential-expiry"
        data-state="renews"
      >
        ↻ {formatCountdown(until, now)}
      </time>
    );
  }
  const tone = left <= 0 ? 'countdown--expired' : left < warnBelowMs ? 'countdown--soon' : '';
  return (
    <time
      className={`countdown ${tone}`}
      dateTime={isoTime(until)}
      title={
        left <= 0
          ? `expired ${isoTime(until)}`
          : left < warnBelowMs
            ? `expires soon: ${isoTime(until)}`
            : `expires ${isoTime(until)}`
      }
      data-testid="credential-expiry"
      data-state={left <= 0 ? 'expired' : left < warnBelowMs ? 'soon' : 'ok'}
    >
      {formatCountdown(until, now)}
    </time>
  );
}
