import { useEffect, useId, useState } from 'react';
import type { ConnectionConfig } from '../../domain/connection-config';
import { PROBE_TIMEOUT_MS, type ProbeResult } from '../../ingest/protocol';
import { useProbes } from '../../store/probe-store';

/** The page waits a little longer than the worker: a worker that never answers is reported too. */
const PAGE_TIMEOUT_MS = PROBE_TIMEOUT_MS + 5_000;

const NO_WORKER: ProbeResult = {
  outcome: 'no-answer',
  message:
    'The test got no answer from this page’s connection worker. If the board is open in another tab, test from that tab; otherwise reload the page and try again.',
};

const HEADLINE: Record<ProbeResult['outcome'], string> = {
  ok: 'Connected',
  refused: 'Refused',
  unreachable: 'Could not reach the address',
  relay: 'Keyring relay problem',
  invalid: 'Settings problem',
  'no-answer': 'No answer',
};

/**
 * "Test connection": runs the form's config once in the ingest worker, without saving it, and says
 * what the venue answered. `build` checks the form first (its problems show in the form) and returns
 * the config, or nothing when there is something to fix.
 */
export function TestConnection({ build }: { build: () => ConnectionConfig | undefined }) {
  const [probeId, setProbeId] = useState<string>();
  const [fixFirst, setFixFirst] = useState(false);
  const [timedOut, setTimedOut] = useState(false);
  const noteId = useId();
  const answer = useProbes((s) => (probeId === undefined ? undefined : s.results[probeId]));
  const result = answer ?? (timedOut ? NO_WORKER : undefined);
  const running = probeId !== undefined && result === undefined;

  // One test at a time; the one running is cancelled when the form closes or tests again.
  useEffect(() => {
    if (probeId === undefined) return;
    const timer = setTimeout(() => setTimedOut(true), PAGE_TIMEOUT_MS);
    return () => {
      clearTimeout(timer);
      useProbes.getState().cancel(probeId);
    };
  }, [probeId]);

  const test = () => {
    const config = build();
    setFixFirst(config === undefined);
    setTimedOut(false);
    setProbeId(config ? useProbes.getState().start(config) : undefined);
  };

  return (
    <div className="conn-test">
      <button
        type="button"
        className="btn"
        data-testid="connection-form-test"
        onClick={test}
        disabled={running}
        aria-describedby={noteId}
      >
        {running ? 'Testing…' : 'Test connection'}
      </button>
      <span id={noteId} className="muted">
        Tries these settings once without saving them (up to {PROBE_TIMEOUT_MS / 1000} s).
      </span>
      <div
        className={`conn-test-result${result ? ` conn-test-result--${result.outcome === 'ok' ? 'ok' : 'bad'}` : ''}`}
        data-testid="connection-form-test-result"
        data-outcome={result?.outcome ?? (running ? 'running' : fixFirst ? 'fix-first' : 'none')}
        role="status"
        aria-live="polite"
      >
        {running ? 'Connecting…' : null}
        {fixFirst && !running ? 'Fix the problems listed above, then test again.' : null}
        {result ? (
          <>
            <strong>{HEADLINE[result.outcome]}:</strong> {result.message}
          </>
        ) : null}
      </div>
    </div>
  );
}
