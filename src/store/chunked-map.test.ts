import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkedMap, ChunkedMapDraft } from './chunked-map';

describe('ChunkedMap', () => {
  it('behaves like a Map under any sequence of sets and deletes, and never mutates its base', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.string({ maxLength: 4 }), value: fc.integer() }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.string({ maxLength: 4 }) }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 20 }), { maxLength: 8 }), (batches) => {
        const model = new Map<string, number>();
        let chunked = ChunkedMap.empty<number>();
        for (const batch of batches) {
          const before = [...chunked.entries()].sort();
          const draft = new ChunkedMapDraft(chunked);
          for (const o of batch) {
            if (o.kind === 'set') {
              draft.set(o.key, o.value);
              model.set(o.key, o.value);
            } else {
              draft.delete(o.key);
              model.delete(o.key);
            }
          }
          const next = draft.finish();
          expect([...chunked.entries()].sort()).toEqual(before);
          chunked = next;
          expect(chunked.size).toBe(model.size);
          expect([...chunked.entries()].sort()).toEqual([...model.entries()].sort());
          for (const k of model.keys()) expect(chunked.get(k)).toBe(model.get(k));
        }
      }),
    );
  });

  it('returns the same instance when a draft changed nothing', () => {
    const base = ChunkedMap.empty<number>();
    expect(new ChunkedMapDraft(base).finish()).toBe(base);
  });
});
