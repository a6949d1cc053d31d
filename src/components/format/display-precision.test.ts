import { describe, expect, it } from 'vitest';
import {
  fixedPrecision,
  formatDisplayDecimal,
  moneyPrecision,
  roundDecimalText,
  significantPrecision,
  stepDecimals,
} from './display-precision';
import { numberFormatter, resolveLocale } from './number-locale';

const en = (text: string, precision?: Parameters<typeof formatDisplayDecimal>[1]['precision'], signed = false) =>
  formatDisplayDecimal(text, { locale: 'en-US', precision, signed });
const de = (text: string, precision?: Parameters<typeof formatDisplayDecimal>[1]['precision'], signed = false) =>
  formatDisplayDecimal(text, { locale: 'de-DE', precision, signed });

describe('stepDecimals', () => {
  it('reads the decimals of a tick or step', () => {
    expect(stepDecimals('0.5')).toBe(1);
    expect(stepDecimals('0.001')).toBe(3);
    expect(stepDecimals('0.010')).toBe(2);
    expect(stepDecimals('1')).toBe(0);
    expect(stepDecimals('25')).toBe(0);
    expect(stepDecimals('1e-8')).toBe(8);
    expect(stepDecimals('0')).toBeUndefined();
    expect(stepDecimals('-0.1')).toBeUndefined();
    expect(stepDecimals('tick')).toBeUndefined();
  });
});

describe('a price on a 0.5 tick and a quantity on a 0.001 step', () => {
  const tick = fixedPrecision(stepDecimals('0.5')!);
  const step = fixedPrecision(stepDecimals('0.001')!);
  it("shows the tick's decimals, rounding an average exactly", () => {
    expect(en('71000.5', tick)).toBe('71,000.5');
    expect(en('71000', tick)).toBe('71,000.0');
    expect(en('49998.6801404', tick)).toBe('49,998.7');
    expect(en('49998.65', tick)).toBe('49,998.7');
    expect(en('49998.6499999999999', tick)).toBe('49,998.6');
  });
  it("shows the step's decimals, negatives too", () => {
    expect(en('0.499989400453', step)).toBe('0.500');
    expect(en('-1.2', step)).toBe('-1.200');
    expect(en('-0.0004', step)).toBe('0.000');
    expect(en('12345', step)).toBe('12,345.000');
  });
});

describe('money', () => {
  it('USD-like assets in cents, coins up to 8 decimals trimmed', () => {
    expect(en('-0.263999988', moneyPrecision('USDT'))).toBe('-0.26');
    expect(en('1234567.005', moneyPrecision('usd'))).toBe('1,234,567.01');
    expect(en('0.499989400453', moneyPrecision('BTC'))).toBe('0.4999894');
    expect(en('0.50000000', moneyPrecision('BTC'))).toBe('0.5');
    expect(en('2', moneyPrecision('ETH'))).toBe('2');
    expect(en('-0.00000126000006', moneyPrecision('BTC'))).toBe('-0.00000126');
    expect(en('-0.000000001', moneyPrecision('BTC'))).toBe('0');
    expect(en('1500.4', moneyPrecision('JPY'))).toBe('1,500');
    expect(moneyPrecision(undefined)).toEqual({ minDecimals: 0, maxDecimals: 8 });
  });
  it('signs PnL, but never a zero', () => {
    expect(en('12.5', moneyPrecision('USD'), true)).toBe('+12.50');
    expect(en('-12.5', moneyPrecision('USD'), true)).toBe('-12.50');
    expect(en('-0.001', moneyPrecision('USD'), true)).toBe('0.00');
    expect(en('0', moneyPrecision('USD'), true)).toBe('0.00');
  });
});

describe('the fallback: trimmed significant digits', () => {
  it('keeps whole digits and a few significant fraction digits', () => {
    expect(en('49998.6801404')).toBe('49,998.68');
    expect(en('0.499989400453')).toBe('0.499989');
    expect(en('-0.00000126000006')).toBe('-0.00000126');
    expect(en('-0.263999988')).toBe('-0.264');
    expect(en('3.5')).toBe('3.5');
    expect(en('1234567.891')).toBe('1,234,567.89');
    expect(en('0')).toBe('0');
    expect(significantPrecision('1e-20')).toEqual({ minDecimals: 0, maxDecimals: 12 });
    expect(en('1e-20')).toBe('0');
  });
});

describe('exact decimals, never a float', () => {
  it('rounds text beyond float precision exactly', () => {
    expect(roundDecimalText('9007199254740993.125', fixedPrecision(2))).toBe('9007199254740993.13');
    expect(en('9007199254740993.125', fixedPrecision(2))).toBe('9,007,199,254,740,993.13');
    expect(en('123456789012345678901234567890.5', fixedPrecision(1))).toBe('123,456,789,012,345,678,901,234,567,890.5');
    expect(roundDecimalText('-0.004', fixedPrecision(2))).toBe('0.00');
    expect(roundDecimalText('1.10', { minDecimals: 0, maxDecimals: 8 })).toBe('1.1');
    expect(roundDecimalText('n/a', fixedPrecision(2))).toBeNull();
  });
  it('leaves text that is not a number as it is', () => {
    expect(en('n/a', fixedPrecision(2))).toBe('n/a');
  });
});

describe('locale', () => {
  it('uses the grouping and decimal separator of de-DE', () => {
    expect(de('71000.5', fixedPrecision(1))).toBe('71.000,5');
    expect(de('-1234567.891', moneyPrecision('USDT'))).toBe('-1.234.567,89');
    expect(de('0.499989400453', moneyPrecision('BTC'))).toBe('0,4999894');
    expect(de('12.5', moneyPrecision('USD'), true)).toBe('+12,50');
    expect(de('9007199254740993.125', fixedPrecision(3))).toBe('9.007.199.254.740.993,125');
  });
  it('resolves the setting: a known tag, else the browser default', () => {
    expect(resolveLocale('de-DE')).toBe('de-DE');
    expect(resolveLocale('')).toBe(resolveLocale(undefined));
    expect(resolveLocale('not a locale!')).toBe(resolveLocale(''));
  });
  it('builds one formatter per locale and precision', () => {
    expect(numberFormatter('de-DE', 2, false)).toBe(numberFormatter('de-DE', 2, false));
    expect(numberFormatter('de-DE', 2, false)).not.toBe(numberFormatter('en-US', 2, false));
    expect(numberFormatter('de-DE', 2, false)).not.toBe(numberFormatter('de-DE', 3, false));
  });
});
