import { describe, expect, it } from 'vitest';
import { prependedCount, unseenItems } from './prepended';

const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id })) as [object, object, object, object, object];

describe('prependedCount', () => {
  it('counts the items put in front, the oldest dropped from the end allowed', () => {
    expect(prependedCount([a, b], [c, a, b])).toBe(1);
    expect(prependedCount([a, b, c], [d, e, a, b])).toBe(2);
    expect(prependedCount([a, b], [a, b])).toBe(0);
    expect(prependedCount([a, b, c], [a, b])).toBe(0);
  });
  it('is -1 for any other change, or past the limit', () => {
    expect(prependedCount([a, b], [a, c])).toBe(-1);
    expect(prependedCount([a, b, c], [d, a, c])).toBe(-1);
    expect(prependedCount([a, b], [c, d])).toBe(-1);
    expect(prependedCount([], [a])).toBe(-1);
    expect(prependedCount([a], [c, d, a], 1)).toBe(-1);
  });
});

describe('unseenItems', () => {
  it('looks only at the new front of a list that only grew in front', () => {
    const seen = new WeakSet([a, b, d]);
    expect(unseenItems([a, b], [d, c, a, b], seen)).toEqual([c]);
    // e is not seen, but it is not in front: a list that only grew in front has no new item further back
    expect(unseenItems([a, e], [c, a, e], seen)).toEqual([c]);
  });
  it('falls back to the seen set for any other change', () => {
    const seen = new WeakSet([a, b]);
    expect(unseenItems([a, b], [b, c, a], seen)).toEqual([c]);
    expect(unseenItems(undefined, [c, a, e], seen)).toEqual([c, e]);
  });
});
