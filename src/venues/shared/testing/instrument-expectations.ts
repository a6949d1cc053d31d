import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';
import { validateInstrument } from '../../../domain/conformance/validators';
import type { Instrument } from '../../../domain/instrument';

/** What a venue's `describe<Venue>Symbol` (or its adapter's `describeSymbol`) says of one symbol. */
export type DescribeSymbol = (symbol: string) => Omit<Instrument, 'connectionId'> | undefined;

/** The conformance problems of what `describe` says of `symbol`; `['undescribed']` when it says nothing. */
export function instrumentProblems(describe: DescribeSymbol, symbol: string): string[] {
  const described = describe(symbol);
  return described ? validateInstrument({ connectionId: 'test', ...described }) : ['undescribed'];
}

/** Every symbol in `odd` is left undescribed (`undefined`, never a throw). */
export function expectUndescribed(describe: DescribeSymbol, odd: readonly string[]): void {
  for (const symbol of odd) expect(describe(symbol), JSON.stringify(symbol)).toBeUndefined();
}

/** The property every venue's describer keeps: it never throws, and what it describes conforms and keeps the symbol. */
export function expectConformantOrUndescribed(describe: DescribeSymbol, symbols: fc.Arbitrary<string>): void {
  fc.assert(
    fc.property(symbols, (symbol) => {
      const described = describe(symbol);
      if (described) {
        expect(described.symbol).toBe(symbol);
        expect(validateInstrument({ connectionId: 'test', ...described })).toEqual([]);
      }
    }),
  );
}

/** Every string value of a `key` field anywhere in the JSON fixtures in `dir` (frames and their entries). */
export function fixtureFieldValues(dir: URL, key: string): Set<string> {
  const values = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === key && typeof v === 'string') values.add(v);
        else walk(v);
      }
    }
  };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')))
    walk(JSON.parse(readFileSync(new URL(name, dir), 'utf8')));
  return values;
}
