import { describe, expect, it } from 'vitest';
import { noChanges } from './changes';
import { withoutConnections } from './without-connections';

describe('withoutConnections (replays are never journaled)', () => {
  it("drops every record of the skipped connections and keeps the others'", () => {
    const fill = (connectionId: string) => ({ connectionId, fillId: `${connectionId}-f` }) as never;
    const changes = {
      ...noChanges(),
      fills: [fill('replay-1'), fill('zdex-main')],
      orders: [{ connectionId: 'replay-1' } as never, { connectionId: 'zdex-main' } as never],
      realized: [{ key: 'replay-1|USDT', connectionId: 'replay-1', asset: 'USDT', amount: '1' }],
      droppedRealized: ['replay-1|USDT', 'zdex-main|USDT'],
      liveness: [
        { connectionId: 'replay-1', liveUntil: 1 },
        { connectionId: 'zdex-main', liveUntil: 2 },
      ],
      droppedLiveness: ['replay-1', 'rails-btc'],
      gaps: [{ connectionId: 'replay-1', from: 1 } as never],
    };
    const out = withoutConnections(changes, (id) => id.startsWith('replay-'));
    expect(out.fills.map((f) => f.connectionId)).toEqual(['zdex-main']);
    expect(out.orders.map((o) => o.connectionId)).toEqual(['zdex-main']);
    expect(out.realized).toEqual([]);
    expect(out.droppedRealized).toEqual(['zdex-main|USDT']);
    expect(out.liveness).toEqual([{ connectionId: 'zdex-main', liveUntil: 2 }]);
    expect(out.droppedLiveness).toEqual(['rails-btc']);
    expect(out.gaps).toEqual([]);
  });
});
