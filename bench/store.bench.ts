import type { DomainEvent } from '../src/domain/events';
import type { IngestBatch } from '../src/ingest/protocol';
import { applyBatches } from '../src/store/apply-batch';
import { selectFillRows } from '../src/store/selectors';
import { emptyPortfolio, LIMITS, type PortfolioState } from '../src/store/state';
import { heapUsed, medianTimesPerOp, timePerOp, type BenchResult } from './measure';

const T = 1_756_478_000_000;
const fill = (i: number): DomainEvent => ({
  kind: 'fill',
  fill: {
    connectionId: 'c',
    fillId: `f${i}`,
    symbol: 'BTCUSDT',
    side: i % 2 ? 'buy' : 'sell',
    price: '71000.5',
    quantity: '0.001',
    time: T + i,
  },
});
const batch = (events: DomainEvent[], seq = 1): IngestBatch => ({
  type: 'batch',
  seq,
  events,
  connections: [],
  removed: [],
});

function storeWithFills(n: number): PortfolioState {
  return applyBatches(emptyPortfolio(), [batch(Array.from({ length: n }, (_, i) => fill(i)))], Number.NaN);
}

/** A frame's work when fills arrive: apply a batch of 5 fills, then derive the sorted fills table. */
export function benchFrameCostScaling(): BenchResult {
  const small = storeWithFills(1_000);
  const full = storeWithFills(LIMITS.fills);
  let next = 10_000_000;
  const frame = (base: PortfolioState) => () => {
    const s = applyBatches(
      base,
      [batch([fill(next++), fill(next++), fill(next++), fill(next++), fill(next++)])],
      Number.NaN,
    );
    selectFillRows(s);
  };
  // Interleaved rounds, medians: a burst of other work slows both sides alike.
  const [smallNs, fullNs] = medianTimesPerOp(7, 100, frame(small), frame(full));
  return {
    name: 'frame-cost-scaling',
    what: `frame cost with ${LIMITS.fills} fills held / with 1,000 held (apply 5 fills + sorted table)`,
    figure: fullNs / smallNs,
    unit: 'ratio',
    max: 15,
    details: { smallUs: Math.round(smallNs / 1000), fullUs: Math.round(fullNs / 1000) },
  };
}

/** Marks are the volume: coalescing a burst to the latest per symbol must make applying it cheap. */
export function benchCoalescing(): BenchResult {
  const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
  const burst: DomainEvent[] = Array.from({ length: 3_000 }, (_, i) => ({
    kind: 'mark',
    mark: { connectionId: 'c', symbol: symbols[i % 3]!, kind: 'book', price: String(71000 + (i % 100)), time: T + i },
  }));
  const latest = new Map<string, DomainEvent>();
  for (const e of burst) if (e.kind === 'mark') latest.set(e.mark.symbol, e);
  const coalesced = [...latest.values()];
  const base = storeWithFills(1_000);
  const rawNs = timePerOp(200, () => applyBatches(base, [batch(burst)], Number.NaN));
  const coalescedNs = timePerOp(200, () => applyBatches(base, [batch(coalesced)], Number.NaN));
  return {
    name: 'mark-coalescing',
    what: 'store apply cost of a coalesced 3,000-mark burst / the raw burst',
    figure: coalescedNs / rawNs,
    unit: 'ratio',
    max: 0.05,
    details: { rawUs: Math.round(rawNs / 1000), coalescedUs: Math.round(coalescedNs / 1000) },
  };
}

/** Every collection is bounded: five times the fills must not take five times the memory. */
export function benchBoundedMemory(): BenchResult {
  const measure = (n: number) => {
    const before = heapUsed();
    let s = emptyPortfolio();
    for (let i = 0; i < n; i += 1_000)
      s = applyBatches(
        s,
        [
          batch(
            Array.from({ length: 1_000 }, (_, j) => fill(i + j)),
            i,
          ),
        ],
        T + i,
      );
    const after = heapUsed();
    return { bytes: Math.max(1, after - before), held: s.fills.size, keep: s };
  };
  const base = measure(LIMITS.fills);
  const five = measure(LIMITS.fills * 5);
  return {
    name: 'bounded-memory',
    what: `heap after ingesting ${LIMITS.fills * 5} fills / after ${LIMITS.fills}`,
    figure: five.bytes / base.bytes,
    unit: 'ratio',
    max: 1.5,
    details: {
      baseMiB: +(base.bytes / 2 ** 20).toFixed(2),
      fiveMiB: +(five.bytes / 2 ** 20).toFixed(2),
      heldAfterFive: five.held,
    },
  };
}
