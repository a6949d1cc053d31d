import { describe, expect, it } from 'vitest';
import { compareDecimalText, decimalSign, formatDecimalText, groupDigits } from './decimal-format';

describe('formatDecimalText', () => {
  it('groups the integer part and keeps every decimal given', () => {
    expect(formatDecimalText('71034.5')).toBe('71,034.5');
    expect(formatDecimalText('1234567.891')).toBe('1,234,567.891');
    expect(formatDecimalText('0.00000001')).toBe('0.00000001');
    expect(formatDecimalText('999')).toBe('999');
    expect(formatDecimalText('1000')).toBe('1,000');
  });

  it('handles negatives without losing digits', () => {
    expect(formatDecimalText('-0.05')).toBe('-0.05');
    expect(formatDecimalText('-26.725')).toBe('-26.725');
    expect(formatDecimalText('-1234567.000000000000000001')).toBe('-1,234,567.000000000000000001');
  });

  it('formats values far beyond float precision exactly', () => {
    expect(formatDecimalText('123456789012345678901234567890.123456789012345678')).toBe(
      '123,456,789,012,345,678,901,234,567,890.123456789012345678',
    );
    expect(formatDecimalText('9007199254740993')).toBe('9,007,199,254,740,993');
  });

  it('rounds exactly, half away from zero, when decimals are fixed', () => {
    expect(formatDecimalText('-26.725', { decimals: 2 })).toBe('-26.73');
    expect(formatDecimalText('26.724999999999999999', { decimals: 2 })).toBe('26.72');
    expect(formatDecimalText('1.005', { decimals: 2 })).toBe('1.01');
    expect(formatDecimalText('12345.6', { decimals: 2 })).toBe('12,345.60');
    expect(formatDecimalText('-0.001', { decimals: 2 })).toBe('0.00');
  });

  it('signs PnL when asked, but never zero', () => {
    expect(formatDecimalText('12.5', { signed: true })).toBe('+12.5');
    expect(formatDecimalText('-12.5', { signed: true })).toBe('-12.5');
    expect(formatDecimalText('0', { signed: true })).toBe('0');
    expect(formatDecimalText('-0', { signed: true })).toBe('0');
  });

  it('reads non-canonical number text and leaves non-numbers alone', () => {
    expect(formatDecimalText('1e-7')).toBe('0.0000001');
    expect(formatDecimalText('+5')).toBe('5');
    expect(formatDecimalText('007.50')).toBe('7.50');
    expect(formatDecimalText('n/a')).toBe('n/a');
  });

  it('groups digits in threes', () => {
    expect(groupDigits('1')).toBe('1');
    expect(groupDigits('12345')).toBe('12,345');
    expect(groupDigits('123456', ' ')).toBe('123 456');
  });
});

describe('decimalSign', () => {
  it('reads the sign from the text', () => {
    expect(decimalSign('-0.0001')).toBe(-1);
    expect(decimalSign('0.000')).toBe(0);
    expect(decimalSign('-0')).toBe(0);
    expect(decimalSign('3')).toBe(1);
    expect(decimalSign(undefined)).toBe(0);
    expect(decimalSign('abc')).toBe(0);
  });
});

describe('compareDecimalText', () => {
  it('orders decimal strings numerically and exactly', () => {
    const values = [
      '10',
      '-2.5',
      '9.99',
      '0',
      '-10',
      '100.0001',
      '0.45',
      '0.5',
      '-0.05',
      '9007199254740993',
      '9007199254740992',
    ];
    const sorted = [...values].sort(compareDecimalText);
    expect(sorted).toEqual([
      '-10',
      '-2.5',
      '-0.05',
      '0',
      '0.45',
      '0.5',
      '9.99',
      '10',
      '100.0001',
      '9007199254740992',
      '9007199254740993',
    ]);
  });

  it('treats equal values with different text as equal', () => {
    expect(compareDecimalText('1.50', '1.5')).toBe(0);
    expect(compareDecimalText('-0', '0')).toBe(0);
    expect(compareDecimalText('0001', '1')).toBe(0);
  });
});
