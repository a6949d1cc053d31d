/**
 * A JSON parser that keeps every number as its exact source text.
 *
 * Roxom writes nanosecond timestamps as bare JSON integers larger than 2^53 (1756478182146123456);
 * `JSON.parse` rounds them to the nearest double (…123456 → …123200 or similar). This parser is
 * RFC 8259 JSON (the same grammar `JSON.parse` accepts) except that numbers come back as
 * {@link JsonNumber}, holding the literal text; the codec turns that into a `bigint`, a safe integer
 * or decimal text as each field requires. Strings are decoded by `JSON.parse` itself (exact escapes).
 *
 * No dependency: the grammar is small, and a hand-written recursive-descent parser with a depth limit
 * cannot be made to blow the stack by a hostile frame. Throws `SyntaxError` on invalid input; the
 * codec catches it.
 */

/** A JSON number, exactly as written (e.g. "1756478182146123456", "-0.5", "1e-8"). */
export class JsonNumber {
  constructor(readonly text: string) {}

  /** True for an integer literal: no fraction, no exponent. */
  get isInteger(): boolean {
    return /^-?\d+$/.test(this.text);
  }

  toString(): string {
    return this.text;
  }
}

/** Nesting deeper than this is refused (Roxom frames are three levels deep). */
export const MAX_DEPTH = 64;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

export function parseJsonLossless(text: string): unknown {
  const parser = new Parser(text);
  parser.skipWhitespace();
  const value = parser.value(0);
  parser.skipWhitespace();
  if (parser.at < text.length) parser.fail('unexpected text after the JSON value');
  return value;
}

class Parser {
  at = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw new SyntaxError(`${message} at position ${this.at}`);
  }

  skipWhitespace(): void {
    WHITESPACE.lastIndex = this.at;
    WHITESPACE.test(this.text);
    this.at = WHITESPACE.lastIndex;
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    const c = this.text[this.at];
    switch (c) {
      case '{':
        return this.object(depth + 1);
      case '[':
        return this.array(depth + 1);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.fail(c === undefined ? 'unexpected end of text' : 'unexpected character');
    }
  }

  private object(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.at++; // {
    this.skipWhitespace();
    if (this.text[this.at] === '}') {
      this.at++;
      return result;
    }
    for (;;) {
      if (this.text[this.at] !== '"') this.fail('expected a member name');
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.at] !== ':') this.fail('expected ":"');
      this.at++;
      this.skipWhitespace();
      const value = this.value(depth);
      // Like JSON.parse: an own property, even for "__proto__"; the last duplicate wins.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      const next = this.text[this.at];
      this.at++;
      if (next === '}') return result;
      if (next !== ',') {
        this.at--;
        this.fail('expected "," or "}"');
      }
      this.skipWhitespace();
    }
  }

  private array(depth: number): unknown[] {
    const result: unknown[] = [];
    this.at++; // [
    this.skipWhitespace();
    if (this.text[this.at] === ']') {
      this.at++;
      return result;
    }
    for (;;) {
      result.push(this.value(depth));
      this.skipWhitespace();
      const next = this.text[this.at];
      this.at++;
      if (next === ']') return result;
      if (next !== ',') {
        this.at--;
        this.fail('expected "," or "]"');
      }
      this.skipWhitespace();
    }
  }

  private string(): string {
    const start = this.at;
    let i = start + 1;
    let plain = true;
    for (;;) {
      const code = this.text.charCodeAt(i);
      if (Number.isNaN(code)) {
        this.at = i;
        this.fail('unterminated string');
      }
      if (code === 0x22) break; // "
      if (code === 0x5c) {
        plain = false;
        i += 2; // skip the escaped character; JSON.parse validates the escape below
        continue;
      }
      if (code < 0x20) {
        this.at = i;
        this.fail('control character in string');
      }
      i++;
    }
    this.at = i + 1;
    if (plain) return this.text.slice(start + 1, i);
    try {
      return JSON.parse(this.text.slice(start, i + 1)) as string;
    } catch {
      this.at = start;
      return this.fail('invalid escape in string');
    }
  }

  private number(): JsonNumber {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('invalid number');
    this.at = NUMBER.lastIndex;
    return new JsonNumber(match[0]);
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.at)) this.fail('unexpected character');
    this.at += word.length;
    return value;
  }
}
