import { ShapeError } from './shape';

/**
 * The one entry point of every venue codec: text → JSON → a checked wire frame, or a typed decode
 * error. Parsers below it throw (`ShapeError` for a wrong shape, `UnknownFrame` for a frame the venue
 * documents no meaning for); only this function catches, so a session always gets a result value.
 */

export class UnknownFrame extends Error {}

export interface FrameDecodeError {
  /** `malformed`: not JSON, or a known frame with a wrong shape; `unknown`: valid JSON of no known kind. */
  kind: 'malformed' | 'unknown';
  message: string;
}

export type FrameDecodeResult<T extends object> = ({ ok: true } & T) | { ok: false; error: FrameDecodeError };

export function decodeJsonFrame<T extends object>(
  raw: string,
  parse: (json: unknown) => T,
  parseJson: (text: string) => unknown = JSON.parse,
): FrameDecodeResult<T> {
  let json: unknown;
  try {
    json = parseJson(raw);
  } catch {
    return { ok: false, error: { kind: 'malformed', message: `not JSON (${raw.length} chars)` } };
  }
  try {
    return { ok: true, ...parse(json) };
  } catch (e) {
    if (e instanceof UnknownFrame) return { ok: false, error: { kind: 'unknown', message: e.message } };
    if (e instanceof ShapeError) return { ok: false, error: { kind: 'malformed', message: e.message } };
    return { ok: false, error: { kind: 'malformed', message: 'unreadable frame' } };
  }
}
