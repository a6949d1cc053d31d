import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedSet } from './bounded-set';

describe('BoundedSet', () => {
  it('reports duplicates', () => {
    const set = new BoundedSet<string>(3);
    expect(set.add('a')).toBe(true);
    expect(set.add('a')).toBe(false);
    expect(set.size).toBe(1);
  });

  it('evicts the oldest first when full', () => {
    const set = new BoundedSet<string>(3);
    for (const id of ['a', 'b', 'c', 'd']) set.add(id);
    expect([...set.values()]).toEqual(['b', 'c', 'd']);
    expect(set.has('a')).toBe(false);
    expect(set.evicted).toBe(1);
  });

  it('does not refresh an entry that is added again', () => {
    const set = new BoundedSet<string>(2);
    set.add('a');
    set.add('b');
    set.add('a');
    set.add('c');
    expect([...set.values()]).toEqual(['b', 'c']);
  });

  it('deletes entries matching a predicate', () => {
    const set = new BoundedSet<string>(10);
    for (const id of ['x|1', 'y|1', 'x|2']) set.add(id);
    expect(set.deleteWhere((id) => id.startsWith('x|'))).toBe(2);
    expect([...set.values()]).toEqual(['y|1']);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new BoundedSet(0)).toThrow(RangeError);
    expect(() => new BoundedSet(1.5)).toThrow(RangeError);
  });

  it('never holds more than its capacity and always keeps the newest distinct ids', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 0, max: 30 })), (capacity, ids) => {
        const set = new BoundedSet<number>(capacity);
        const firstSeen: number[] = [];
        for (const id of ids) {
          if (set.add(id)) firstSeen.push(id);
        }
        expect(set.size).toBeLessThanOrEqual(capacity);
        const values = [...set.values()];
        expect(values).toEqual(firstSeen.slice(-values.length));
      }),
    );
  });
});
