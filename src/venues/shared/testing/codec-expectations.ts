import type { FrameDecodeError, FrameDecodeResult } from '../frame-decoding';

/**
 * Test readers over a venue's `decode<Venue>Frame`: `decoded` returns the decoded frame and fails the
 * test with the codec's reason when there is none; `failure` returns the decode error and fails the
 * test when the text decoded.
 */
export function codecExpectations<T extends object>(decode: (text: string) => FrameDecodeResult<T>) {
  return {
    decoded(text: string): { ok: true } & T {
      const result = decode(text);
      if (!result.ok) throw new Error(`expected ${text.slice(0, 60)} to decode, got ${result.error.message}`);
      return result;
    },
    failure(text: string): FrameDecodeError {
      const result = decode(text);
      if (result.ok) throw new Error(`expected ${text.slice(0, 60)} to fail`);
      return result.error;
    },
  };
}

/** Texts that are no JSON object at all: every venue's codec reports each as `malformed`. */
export const NOT_A_JSON_OBJECT: readonly [label: string, text: string][] = [
  ['empty text', ''],
  ['a JSON array', '[1,2,3]'],
  ['a JSON string', '"hello"'],
  ['null', 'null'],
];
