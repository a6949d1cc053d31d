import { describe, expect, it } from 'vitest';
import { applyBatches } from '../../store/apply-batch';
import { ChunkedMap } from '../../store/chunked-map';
import { batch, diag, fill, fillEvents, order, orderEvents, T0 } from '../../store/journal/test-support';
import { emptyPortfolio } from '../../store/state';
import { portfolioFromWire, portfolioToWire } from './portfolio-wire';

describe('portfolio on the wire', () => {
  it('survives the structured clone of postMessage whole, the maps rebuilt as the store keeps them', () => {
    const fills = Array.from({ length: 300 }, (_, i) => fill(`f${i}`, T0 + i));
    const state = applyBatches(
      emptyPortfolio(),
      [batch([...orderEvents([order('o1', 'open', T0)]), ...fillEvents(fills)], { connections: [diag()] })],
      T0 + 300,
    );
    const back = portfolioFromWire(structuredClone(portfolioToWire(state)));
    expect(back.fills).toBeInstanceOf(ChunkedMap);
    expect(back.orders).toBeInstanceOf(ChunkedMap);
    expect(back.fills.size).toBe(300);
    expect([...back.fills.entries()].sort()).toEqual([...state.fills.entries()].sort());
    expect([...back.orders.entries()]).toEqual([...state.orders.entries()]);
    expect(back.fillsByTime).toEqual(state.fillsByTime);
    // One object per fill, shared by the map and the list, as in the store.
    for (const f of back.fillsByTime) expect(back.fills.get(`${f.connectionId}|${f.fillId}`)).toBe(f);
    expect(back.connections).toEqual(state.connections);
    expect(back.lastBatchSeq).toBe(state.lastBatchSeq);
  });
});
