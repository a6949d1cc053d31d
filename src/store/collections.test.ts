import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MapDraft, evictOldest } from './collections';

interface Entry {
  time: number;
  done: boolean;
}

/** The rule spelled out: drop the `size - limit` oldest evictable entries, ties by insertion order. */
function expected(entries: [string, Entry][], limit: number): string[] {
  const excess = entries.length - limit;
  if (excess <= 0) return entries.map(([k]) => k);
  const drop = new Set(
    entries
      .filter(([, v]) => v.done)
      .sort((a, b) => a[1].time - b[1].time)
      .slice(0, excess)
      .map(([k]) => k),
  );
  return entries.map(([k]) => k).filter((k) => !drop.has(k));
}

describe('evictOldest', () => {
  it('keeps at most `limit`, dropping the oldest evictable first, whether a few or many are over', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ time: fc.integer({ min: 0, max: 20 }), done: fc.boolean() }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (values, limit) => {
          const entries = values.map((v, i): [string, Entry] => [`k${i}`, v]);
          const draft = new MapDraft(new Map(entries));
          evictOldest(
            draft,
            limit,
            (v) => v.time,
            (v) => v.done,
          );
          expect([...draft.finish().keys()]).toEqual(expected(entries, limit));
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
