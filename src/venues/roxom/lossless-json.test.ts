import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonNumber, MAX_DEPTH, parseJsonLossless } from './lossless-json';

/** The parsed value with every JsonNumber turned into a JS number: what JSON.parse would give. */
function asPlain(value: unknown): unknown {
  if (value instanceof JsonNumber) return Number(value.text);
  if (Array.isArray(value)) return value.map(asPlain);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asPlain(v)]));
  return value;
}

describe('parseJsonLossless', () => {
  it('keeps a nanosecond timestamp above 2^53 exact, where JSON.parse rounds it', () => {
    const text = '{"timestamp":1756478182146123456}';
    const parsed = parseJsonLossless(text) as { timestamp: JsonNumber };
    expect(parsed.timestamp).toBeInstanceOf(JsonNumber);
    expect(parsed.timestamp.text).toBe('1756478182146123456');
    expect(BigInt(parsed.timestamp.text)).toBe(1756478182146123456n);
    // The reason this parser exists:
    expect(String((JSON.parse(text) as { timestamp: number }).timestamp)).not.toBe('1756478182146123456');
  });

  it('keeps every number as its literal text (fractions, exponents, negatives, zero)', () => {
    const parsed = parseJsonLossless('[0, -0.5, 1e-8, 2.50, 12345678901234567890.123456789]') as JsonNumber[];
    expect(parsed.map((n) => n.text)).toEqual(['0', '-0.5', '1e-8', '2.50', '12345678901234567890.123456789']);
    expect(parsed.map((n) => n.isInteger)).toEqual([true, false, false, false, false]);
  });

  it('reads strings, escapes, literals, nesting and whitespace like JSON.parse', () => {
    const text = ' { "a" : [ true , false , null , "x\\"y\\\\z\\u00e9\\n" ] , "b" : { } , "c" : [ ] } ';
    expect(parseJsonLossless(text)).toEqual(JSON.parse(text));
  });

  it('keeps "__proto__" as an own property, as JSON.parse does', () => {
    const parsed = parseJsonLossless('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['', 'end of text'],
    ['{', 'member name'],
    ['{"a" 1}', '":"'],
    ['{"a":1,}', 'member name'],
    ['[1,]', 'unexpected character'],
    ['[1 2]', '"," or "]"'],
    ['01', 'after the JSON value'],
    ['-', 'invalid number'],
    ['1.', 'after the JSON value'],
    ['"abc', 'unterminated'],
    ['"a\tb"', 'control character'],
    ['"\\x"', 'invalid escape'],
    ['tru', 'unexpected character'],
    ["{'a':1}", 'member name'],
    ['NaN', 'unexpected character'],
    ['{"a":1} x', 'after the JSON value'],
  ])('refuses %j (%s)', (text, message) => {
    expect(() => parseJsonLossless(text)).toThrow(SyntaxError);
    expect(() => parseJsonLossless(text)).toThrow(message);
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} instead of overflowing the stack`, () => {
    expect(() => parseJsonLossless('['.repeat(100_000))).toThrow(/nesting deeper/);
    expect(parseJsonLossless(`${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}`)).toBeInstanceOf(Array);
  });

  it('agrees with JSON.parse on any JSON text (numbers compared as JSON.parse reads them)', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(asPlain(parseJsonLossless(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('accepts exactly what JSON.parse accepts, on strings made of JSON punctuation', () => {
    const unit = fc.constantFrom(...'{}[]:,"\\ \t\n-+.0123eEtrufalsn9xu'.split(''));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 16 }), (text) => {
        let native = true;
        try {
          JSON.parse(text);
        } catch {
          native = false;
        }
        let ours = true;
        try {
          parseJsonLossless(text);
        } catch {
          ours = false;
        }
        expect(ours).toBe(native);
      }),
      { numRuns: 2_000 },
    );
  });
});
