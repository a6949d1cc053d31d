import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, canonicalPlainDecimal, decText, normalizeDecimal } from './decimal';

/** Plain decimal text as venues write it, with the awkward cases made likely. */
const plainText = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.stringMatching(/^0{0,3}\d{0,12}$/),
    fc.option(fc.stringMatching(/^\d{0,10}0{0,3}$/), { nil: undefined }),
  )
  .filter(([, whole, fraction]) => whole !== '' || (fraction !== undefined && fraction !== ''))
  .map(([sign, whole, fraction]) => sign + whole + (fraction === undefined ? '' : '.' + fraction));

describe('canonicalPlainDecimal', () => {
  it('says exactly what decimal.js says for any plain decimal text', () => {
    fc.assert(
      fc.property(plainText, (text) => {
        expect(canonicalPlainDecimal(text)).toBe(decText(new Decimal(text)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('canonicalizes the documented shapes', () => {
    expect(canonicalPlainDecimal('71034.50')).toBe('71034.5');
    expect(canonicalPlainDecimal('0.000')).toBe('0');
    expect(canonicalPlainDecimal('-0.0')).toBe('0');
    expect(canonicalPlainDecimal('+007.100')).toBe('7.1');
    expect(canonicalPlainDecimal('.5')).toBe('0.5');
    expect(canonicalPlainDecimal('5.')).toBe('5');
    expect(canonicalPlainDecimal('-0.05')).toBe('-0.05');
  });

  it('leaves what is not a plain decimal to the caller', () => {
    for (const text of ['', '.', '-', '1e5', '1.2.3', 'abc', ' 1', '0x10', '--1'])
      expect(canonicalPlainDecimal(text)).toBeUndefined();
  });
});

describe('normalizeDecimal', () => {
  it('still reads exponents, numbers and padded text, and rejects the rest', () => {
    expect(normalizeDecimal('1.5e3')).toBe('1500');
    expect(normalizeDecimal(' 42.10 ')).toBe('42.1');
    expect(normalizeDecimal(0.1)).toBe('0.1');
    expect(normalizeDecimal('NaN')).toBeNull();
    expect(normalizeDecimal('.')).toBeNull();
    expect(normalizeDecimal(null)).toBeNull();
  });
});
