import type { CDPSession } from '@playwright/test';

/**
 * Heap snapshots by constructor, to find what grows in a soak: the count and self size of every
 * constructor's objects (DevTools' "Summary"), and the difference between two snapshots ("Comparison").
 * Self size, not retained: a leak shows as a class whose count keeps growing.
 */

export interface ConstructorTotal {
  count: number;
  selfBytes: number;
}

export type HeapSummary = Map<string, ConstructorTotal>;

export interface ConstructorGrowth {
  name: string;
  countDelta: number;
  selfBytesDelta: number;
  countAfter: number;
}

/** The parts of V8's `.heapsnapshot` JSON this reads. */
interface SnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Objects and native objects by their constructor's name; everything else by its kind, e.g. `(string)`. */
export function summarize(json: string): HeapSummary {
  const { snapshot, nodes, strings } = JSON.parse(json) as SnapshotJson;
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const summary: HeapSummary = new Map();
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + typeAt!]!]!;
    const name = type === 'object' || type === 'native' ? strings[nodes[i + nameAt!]!]! : `(${type})`;
    const total = summary.get(name) ?? { count: 0, selfBytes: 0 };
    total.count++;
    total.selfBytes += nodes[i + sizeAt!]!;
    summary.set(name, total);
  }
  return summary;
}

/** What grew from `before` to `after`, largest self-size growth first. */
export function compareSummaries(before: HeapSummary, after: HeapSummary, top: number): ConstructorGrowth[] {
  const growth: ConstructorGrowth[] = [];
  for (const [name, a] of after) {
    const b = before.get(name) ?? { count: 0, selfBytes: 0 };
    growth.push({
      name,
      countDelta: a.count - b.count,
      selfBytesDelta: a.selfBytes - b.selfBytes,
      countAfter: a.count,
    });
  }
  for (const [name, b] of before)
    if (!after.has(name)) growth.push({ name, countDelta: -b.count, selfBytesDelta: -b.selfBytes, countAfter: 0 });
  return growth.sort((x, y) => y.selfBytesDelta - x.selfBytesDelta).slice(0, top);
}

/** A heap snapshot of the page's main thread (CDP HeapProfiler; the page pauses while it is taken). */
export async function takeSnapshot(cdp: CDPSession): Promise<string> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => void chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return chunks.join('');
}
