import { emptyOutput, type SessionDiagnostics, type SessionOutput } from '../types';
import type { FrameDecodeError } from './frame-decoding';
import type { NatsCommand } from './nats-protocol';

/**
 * Small pieces every venue session needs when it builds a `SessionOutput`: merging diagnostics,
 * queueing NATS commands, quoting venue text in a diagnostic, and scrubbing secrets out of what a venue said.
 */

const COUNTERS = ['malformed', 'unknown', 'filtered', 'duplicates'] as const;

/** Adds counters to `out.diagnostics` and appends an error message (`; ` between several). Returns `out`. */
export function withDiagnostics(out: SessionOutput, diagnostics: SessionDiagnostics): SessionOutput {
  const merged: SessionDiagnostics = { ...out.diagnostics };
  for (const key of COUNTERS) {
    const n = diagnostics[key];
    if (n !== undefined) merged[key] = (merged[key] ?? 0) + n;
  }
  if (diagnostics.error !== undefined)
    merged.error = merged.error === undefined ? diagnostics.error : `${merged.error}; ${diagnostics.error}`;
  out.diagnostics = merged;
  return out;
}

/**
 * What a session returns for a frame its codec refused: counted as `malformed` or `unknown`, and named
 * in the errors as "<venue> <kind> <frame name>: <why>" (the frame is skipped; the stream goes on).
 */
export function refusedFrameOutput(venue: string, error: FrameDecodeError, frameName = 'frame'): SessionOutput {
  return withDiagnostics(emptyOutput(), {
    [error.kind]: 1,
    error: `${venue} ${error.kind} ${frameName}: ${error.message}`,
  });
}

/** Appends typed commands for the NATS transport (`out.nats`, created when absent). Returns `out`. */
export function sendNats(out: SessionOutput, ...commands: NatsCommand[]): SessionOutput {
  (out.nats ??= []).push(...commands);
  return out;
}

/** Venue text quoted in a diagnostic: one line, at most `max` characters. */
export function clip(value: string, max = 40): string {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** Anything shaped like a JWT (header.payload[.signature], base64url). */
const JWT_LIKE = /eyJ[\w-]*\.[\w-]*\.?[\w-]*/g;

/**
 * Venue text for a reason or an error: the given secrets (tokens, signatures, keys of this
 * connection) and anything JWT-shaped replaced by `[token]`, on one line of at most `max` characters.
 */
export function scrubVenueText(text: string, secrets: readonly (string | undefined)[], max = 120): string {
  let clean = text;
  for (const secret of secrets)
    if (secret !== undefined && secret.length > 0) clean = clean.split(secret).join('[token]');
  return clip(clean.replace(JWT_LIKE, '[token]'), max);
}
