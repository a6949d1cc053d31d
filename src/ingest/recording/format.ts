import type { NatsFrame } from '../../venues/shared/nats-protocol';
import type { RestResult } from '../../venues/types';

/**
 * A connection's raw frames as NDJSON (docs/record-replay.md): a header line naming the connection,
 * then one line per socket event with its receive time `t` (Unix ms). Replaying feeds the `in`/`nats`
 * frames to the venue's own session through the shared lifecycle, as a live socket would.
 *
 * Never a secret: outgoing frames are scrubbed (recorder.ts), `auth` is kept only as its shape (the
 * keys, every value replaced), and the endpoint URL is not kept at all.
 */

export const RECORDING_FORMAT = 'venueboard-recording';
export const RECORDING_VERSION = 1;

export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  version: number;
  venue: string;
  connectionId: string;
  label: string;
  /** The connection's venue options (symbols, market...), so a replay's session is configured alike. */
  options: Record<string, unknown>;
  /** The keys of the connection's `auth`, every value replaced by "redacted" (sessions check the shape). */
  authShape: Record<string, unknown>;
  /** The connection's URL with every query value replaced by "redacted" (adapters check its shape). */
  urlShape?: string;
  startedAt: number;
  /**
   * The recording began on a socket that was already open: the lines up to the header's time are that
   * socket's opening frames kept since it opened (`preludeComplete` false when only the first ones were kept).
   */
  midStream?: boolean;
  preludeComplete?: boolean;
}

export type RecordedFrame =
  | { t: number; k: 'open' }
  | { t: number; k: 'in'; text: string }
  | { t: number; k: 'nats'; frame: NatsFrame }
  /** Sent by the session, scrubbed of secrets; kept for bug reports, not replayed. */
  | { t: number; k: 'out'; text: string }
  | { t: number; k: 'nats-out'; command: unknown }
  | { t: number; k: 'close'; code: number; reason: string }
  /** The answer to one of the session's REST reads (recovery, reconciliation), replayed to the same read. */
  | { t: number; k: 'rest'; path: string; query?: Record<string, string>; result: RestResult };

export type ParsedRecording =
  | { ok: true; header: RecordingHeader; frames: RecordedFrame[]; malformed: number; problems: string[] }
  | { ok: false; error: string };

/** How many malformed lines a parse describes (all of them are counted). */
const MAX_PROBLEMS = 20;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function headerLine(header: RecordingHeader): string {
  return JSON.stringify(header);
}

export function frameLine(frame: RecordedFrame): string {
  return JSON.stringify(frame);
}

/**
 * Every key of `auth` kept, every text replaced (numbers such as an expiry stay): what a replay's
 * session is given instead of the credential. A keyring reference keeps the relay's address and id
 * (no secret: the pairing token is replaced), for an adapter the relay bridges.
 */
export function authShape(auth: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(auth)) {
    if (key === 'keyring' && isRecord(value)) {
      out[key] = {
        url: typeof value.url === 'string' ? urlShape(value.url) : 'redacted',
        id: typeof value.id === 'string' ? value.id : 'redacted',
        token: 'redacted',
      };
      continue;
    }
    out[key] = isRecord(value)
      ? authShape(value)
      : typeof value === 'number' || typeof value === 'boolean'
        ? value
        : 'redacted';
  }
  return out;
}

/** A URL with every query value (and any fragment or user info) replaced: its shape, no secret. */
export function urlShape(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.hash = '';
    for (const key of [...new Set(parsed.searchParams.keys())]) parsed.searchParams.set(key, 'redacted');
    return parsed.toString();
  } catch {
    return 'replay:';
  }
}

function parseHeader(line: string): RecordingHeader | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'the first line is not JSON';
  }
  if (!isRecord(value) || value.format !== RECORDING_FORMAT)
    return `the first line is not a ${RECORDING_FORMAT} header`;
  if (value.version !== RECORDING_VERSION)
    return `recording format version ${String(value.version)} is not supported (this build reads ${RECORDING_VERSION})`;
  if (typeof value.venue !== 'string' || typeof value.connectionId !== 'string')
    return 'the header names no venue or connection';
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    venue: value.venue,
    connectionId: value.connectionId,
    label: typeof value.label === 'string' ? value.label : value.connectionId,
    options: isRecord(value.options) ? value.options : {},
    authShape: isRecord(value.authShape) ? value.authShape : {},
    ...(typeof value.urlShape === 'string' ? { urlShape: value.urlShape } : {}),
    startedAt: typeof value.startedAt === 'number' ? value.startedAt : 0,
    ...(value.midStream === true ? { midStream: true, preludeComplete: value.preludeComplete === true } : {}),
  };
}

function isNatsFrame(value: unknown): value is NatsFrame {
  if (!isRecord(value)) return false;
  switch (value.op) {
    case 'msg':
      return typeof value.sid === 'string' && typeof value.subject === 'string' && typeof value.data === 'string';
    case 'reply':
      return typeof value.id === 'string' && (typeof value.data === 'string' || typeof value.error === 'string');
    case 'status':
      return typeof value.type === 'string';
    default:
      return false;
  }
}

function isRestResult(value: unknown): value is RestResult {
  if (!isRecord(value)) return false;
  return value.ok === true
    ? typeof value.status === 'number' && typeof value.body === 'string'
    : value.ok === false && typeof value.error === 'string';
}

/** One frame line, or why it is not one. */
export function parseFrameLine(line: string): RecordedFrame | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (!isRecord(value)) return 'not an object';
  const { t, k } = value;
  if (typeof t !== 'number' || !Number.isFinite(t)) return 'no receive time';
  switch (k) {
    case 'open':
      return { t, k };
    case 'in':
    case 'out':
      return typeof value.text === 'string' ? { t, k, text: value.text } : `"${k}" without text`;
    case 'nats':
      return isNatsFrame(value.frame) ? { t, k, frame: value.frame } : '"nats" without a NATS frame';
    case 'nats-out':
      return { t, k, command: value.command };
    case 'close':
      return {
        t,
        k,
        code: typeof value.code === 'number' ? value.code : 1006,
        reason: typeof value.reason === 'string' ? value.reason : '',
      };
    case 'rest': {
      const result = value.result;
      if (typeof value.path !== 'string' || !isRestResult(result)) return '"rest" without a path and result';
      const query = isRecord(value.query) ? (value.query as Record<string, string>) : undefined;
      return { t, k, path: value.path, ...(query ? { query } : {}), result };
    }
    default:
      return `unknown kind ${JSON.stringify(k)}`;
  }
}

/** Parses a whole recording: a bad header refuses it; a bad frame line is counted, described and skipped. */
export function parseRecording(text: string): ParsedRecording {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first === -1) return { ok: false, error: 'the recording is empty' };
  const header = parseHeader(lines[first]!);
  if (typeof header === 'string') return { ok: false, error: header };
  const frames: RecordedFrame[] = [];
  const problems: string[] = [];
  let malformed = 0;
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const frame = parseFrameLine(line);
    if (typeof frame === 'string') {
      malformed++;
      if (problems.length < MAX_PROBLEMS) problems.push(`line ${i + 1}: ${frame}`);
    } else frames.push(frame);
  }
  return { ok: true, header, frames, malformed, problems };
}
