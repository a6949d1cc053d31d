import { describe, expect, it } from 'vitest';
import { compareSummaries, summarize } from './heap-snapshot';

/** A V8 snapshot in its real layout: nodes as flat [type, name, id, self_size, edge_count] rows. */
function snapshot(rows: [type: string, name: string, size: number][]): string {
  const types = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'native'];
  const strings: string[] = [];
  const at = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  const nodes = rows.flatMap(([type, name, size], id) => [types.indexOf(type), at(name), id, size, 0]);
  return JSON.stringify({
    snapshot: { meta: { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'], node_types: [types] } },
    nodes,
    edges: [],
    strings,
  });
}

describe('summarize', () => {
  it('counts objects by constructor and everything else by kind, with their self sizes', () => {
    const summary = summarize(
      snapshot([
        ['object', 'Fill', 40],
        ['object', 'Fill', 40],
        ['string', 'BTCUSDT', 20],
        ['string', 'ETHUSDT', 24],
        ['native', 'blink::Node', 100],
        ['object', 'Order', 56],
      ]),
    );
    expect(summary.get('Fill')).toEqual({ count: 2, selfBytes: 80 });
    expect(summary.get('Order')).toEqual({ count: 1, selfBytes: 56 });
    expect(summary.get('(string)')).toEqual({ count: 2, selfBytes: 44 });
    expect(summary.get('blink::Node')).toEqual({ count: 1, selfBytes: 100 });
    expect(summary.has('BTCUSDT')).toBe(false);
  });
});

describe('compareSummaries', () => {
  it('lists what grew most first, with what appeared and what went', () => {
    const before = summarize(
      snapshot([
        ['object', 'Fill', 40],
        ['object', 'Gone', 500],
        ['object', 'Same', 8],
      ]),
    );
    const after = summarize(
      snapshot([
        ['object', 'Fill', 40],
        ['object', 'Fill', 40],
        ['object', 'Fill', 40],
        ['object', 'New', 30],
        ['object', 'Same', 8],
      ]),
    );
    expect(compareSummaries(before, after, 10)).toEqual([
      { name: 'Fill', countDelta: 2, selfBytesDelta: 80, countAfter: 3 },
      { name: 'New', countDelta: 1, selfBytesDelta: 30, countAfter: 1 },
      { name: 'Same', countDelta: 0, selfBytesDelta: 0, countAfter: 1 },
      { name: 'Gone', countDelta: -1, selfBytesDelta: -500, countAfter: 0 },
    ]);
    expect(compareSummaries(before, after, 1).map((g) => g.name)).toEqual(['Fill']);
  });
});
