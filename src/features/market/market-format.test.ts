import { describe, expect, it } from 'vitest';
import { fundingPercent, spreadBps } from './market-format';

describe('market formatting', () => {
  it('shows a funding rate as an exact percentage', () => {
    expect(fundingPercent('0.0001')).toBe('0.01');
    expect(fundingPercent('-0.00012345')).toBe('-0.012345');
    expect(fundingPercent(undefined)).toBeUndefined();
    expect(fundingPercent('n/a')).toBeUndefined();
  });

  it('gives the spread in basis points of the mid', () => {
    expect(spreadBps('99.5', '100.5')).toBe('100.00');
    expect(spreadBps('71034.5', '71034.6')).toBe('0.01');
    expect(spreadBps(undefined, '1')).toBeUndefined();
    expect(spreadBps('0', '0')).toBeUndefined();
  });
});
