import { describe, expect, it } from 'vitest';
import { LocalBook } from './book';
import type { RailsBookLevel } from './wire';

const buy = (price: string, quantity: string): RailsBookLevel => ({ orderType: 'buy', price, quantity });
const sell = (price: string, quantity: string): RailsBookLevel => ({ orderType: 'sell', price, quantity });

describe('LocalBook', () => {
  it('takes the best bid and ask from a snapshot in any order', () => {
    const book = new LocalBook();
    book.reset([
      sell('71010', '3'),
      buy('70985.25', '2'),
      sell('71001', '0.25'),
      buy('70990.5', '0.42'),
      buy('70990', '1.3'),
    ]);
    expect(book.top()).toEqual({ bid: '70990.5', ask: '71001' });
    expect(book.depth()).toEqual({ bids: 3, asks: 2 });
  });

  it('applies absolute quantities; "0" deletes a level and the next one becomes the top', () => {
    const book = new LocalBook();
    book.reset([buy('100', '1'), buy('99', '2'), sell('101', '1'), sell('102', '1')]);
    book.apply([sell('101', '0'), buy('100', '5')]);
    expect(book.top()).toEqual({ bid: '100', ask: '102' });
    book.apply([buy('100', '0.000'), buy('100.5', '1')]);
    expect(book.top()).toEqual({ bid: '100.5', ask: '102' });
    book.apply([buy('100.5', '0'), buy('99', '0')]);
    expect(book.top()).toEqual({ ask: '102' });
    expect(book.depth()).toEqual({ bids: 0, asks: 1 });
  });

  it('keys levels by canonical price text ("100.50" and "100.5" are one level)', () => {
    const book = new LocalBook();
    book.reset([buy('100.50', '1')]);
    book.apply([buy('100.5', '0')]);
    expect(book.top()).toEqual({});
  });

  it('a snapshot replaces everything', () => {
    const book = new LocalBook();
    book.reset([buy('100', '1'), sell('101', '1')]);
    book.reset([buy('90', '1')]);
    expect(book.top()).toEqual({ bid: '90' });
  });

  it('stays bounded, dropping the levels farthest from the top', () => {
    const book = new LocalBook(3);
    book.reset([buy('100', '1'), buy('99', '1'), buy('98', '1'), sell('101', '1')]);
    book.apply([buy('97', '1'), buy('101.5', '1')]);
    expect(book.depth()).toEqual({ bids: 3, asks: 1 });
    book.apply([buy('101.5', '0'), buy('100', '0')]);
    expect(book.top()).toEqual({ bid: '99', ask: '101' });
    book.apply([buy('99', '0')]);
    expect(book.top()).toEqual({ ask: '101' });
  });

  it('ignores a non-positive price', () => {
    const book = new LocalBook();
    book.reset([buy('0', '1'), sell('-1', '1')]);
    expect(book.top()).toEqual({});
  });
});
