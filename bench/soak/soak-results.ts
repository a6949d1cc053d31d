import type { BenchResult } from '../measure';
import type { ConnectionState } from './board-reads';
import { heapGrowth, type HeapSample } from './growth';

/** The soak's samples and end state → its three figures (docs/performance.md, "Soak"). */

export interface SoakSample {
  minute: number;
  pageMiB: number;
  workerMiB: number;
  fills: number;
  openOrders: number;
  live: number;
}

export interface SoakEnd {
  samples: readonly SoakSample[];
  warmUp: number;
  minutes: number;
  connections: readonly ConnectionState[];
  /** Every order held at the end (open and closed). */
  orders: number;
}

/** Heap growth is held to 10 % from the baseline to the end. */
const MAX_GROWTH = 0.1;

function growthResult(
  name: string,
  what: string,
  end: SoakEnd,
  heapOf: (s: SoakSample) => number,
  extra: BenchResult['details'],
): BenchResult {
  const heap: HeapSample[] = end.samples.map((s) => ({ minute: s.minute, bytes: heapOf(s) }));
  const g = heapGrowth(heap, end.warmUp);
  return {
    name,
    what,
    figure: g?.growth ?? Number.NaN,
    unit: 'ratio',
    max: MAX_GROWTH,
    details: {
      baselineMinute: g?.baseline.minute ?? Number.NaN,
      baselineMiB: g?.baseline.bytes ?? Number.NaN,
      lastMiB: g?.last.bytes ?? Number.NaN,
      ...extra,
      samplesMinuteMiB: heap.map((s) => [s.minute, s.bytes]),
    },
  };
}

export function soakResults(end: SoakEnd): BenchResult[] {
  const baseline = end.samples.find((s) => s.minute >= end.warmUp);
  const last = end.samples.at(-1);
  const from = `from minute ${baseline?.minute ?? '?'} to the end of a ${end.minutes}-minute soak`;
  const live = end.connections.filter((c) => c.status === 'live');
  return [
    growthResult(
      'soak-heap-growth',
      `page main-thread JS heap after a forced GC, growth ${from}`,
      end,
      (s) => s.pageMiB,
      {
        minutes: end.minutes,
        fillsAtBaseline: baseline?.fills ?? Number.NaN,
        fillsAtEnd: last?.fills ?? Number.NaN,
        openOrdersAtEnd: last?.openOrders ?? Number.NaN,
        ordersAtEnd: end.orders,
      },
    ),
    growthResult(
      'soak-worker-heap-growth',
      `ingest worker's JS heap after a forced GC, growth ${from}`,
      end,
      (s) => s.workerMiB,
      {},
    ),
    {
      name: 'soak-live-connections',
      what: `connections live at the end of the soak, of the ${end.connections.length} on the board`,
      figure: live.length,
      unit: 'count',
      // Every connection, and at least one: a board that lost its connections has nothing live to soak.
      min: Math.max(1, end.connections.length),
      details: {
        // A reconnect drops that socket's recording prelude from the worker's heap: name who did.
        statuses: end.connections.map((c) => `${c.id}=${c.status}/${c.reconnects} reconnects`).join(' '),
        fewestLiveInASample: Math.min(...end.samples.map((s) => s.live)),
      },
    },
  ];
}
