import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../domain/connection-config';
import type { DomainEvent } from '../domain/events';
import type { VenueId } from '../domain/types';
import { DEFAULT_BACKOFF } from '../venues/shared/backoff';
import { FakeClock } from '../venues/shared/testing/fake-clock';
import { FakeSocketFactory } from '../venues/shared/testing/fake-socket';
import { lineAdapter, lineConfig } from '../venues/shared/testing/line-adapter';
import { IngestCore, type IngestCoreDeps } from './ingest-core';
import type { IngestBatch } from './protocol';

/** An IngestCore whose only supported venue is the line test venue, registered as `zdex`. */
function setUp(overrides: Partial<IngestCoreDeps> = {}) {
  const clock = new FakeClock();
  const sockets = new FakeSocketFactory();
  const adapter = lineAdapter({ heartbeatIntervalMs: 0, silenceTimeoutMs: 0 });
  let dirtySignals = 0;
  const core = new IngestCore({
    getAdapter: (venue: VenueId) => (venue === 'zdex' ? adapter : undefined),
    socketFactory: sockets.create,
    clock,
    random: () => 0.5,
    connection: { backoff: { ...DEFAULT_BACKOFF, jitter: 'none' } },
    onDirty: () => dirtySignals++,
    ...overrides,
  });
  return { core, clock, sockets, adapter, dirtySignals: () => dirtySignals };
}

const connect = (core: IngestCore, config: Partial<ConnectionConfig> = {}) =>
  core.handle({ type: 'connect', config: lineConfig(config) });

function mustFlush(core: IngestCore): IngestBatch {
  const batch = core.flush();
  if (!batch) throw new Error('expected a batch');
  return batch;
}

const fillIds = (events: DomainEvent[]) => events.flatMap((e) => (e.kind === 'fill' ? [e.fill.fillId] : []));
const describeEvent = (e: DomainEvent): string => {
  switch (e.kind) {
    case 'mark':
      return `mark ${e.mark.symbol} ${e.mark.price}`;
    case 'position':
      return `pos ${e.position.symbol} ${e.position.quantity}`;
    case 'position-closed':
      return `flat ${e.symbol}`;
    case 'account-snapshot':
      return `snap ${e.positions.map((p) => `${p.symbol}:${p.quantity}`).join(',')}`;
    case 'fill':
      return `fill ${e.fill.fillId}`;
    default:
      return e.kind;
  }
};

describe('IngestCore connections', () => {
  it('connects through the adapter and reports diagnostics and events in batches', () => {
    const { core, sockets } = setUp();
    connect(core);
    expect(mustFlush(core).connections).toMatchObject([{ connectionId: 'line-1', status: 'connecting' }]);
    sockets.latest.accept();
    sockets.latest.push('MARK BTC 100');
    const batch = mustFlush(core);
    expect(batch.events.map(describeEvent)).toEqual(['mark BTC 100']);
    expect(batch.connections).toMatchObject([{ connectionId: 'line-1', status: 'live', messagesTotal: 1 }]);
    expect(batch.seq).toBe(2);
  });

  it('returns null from flush when nothing happened', () => {
    const { core, sockets } = setUp();
    expect(core.flush()).toBeNull();
    connect(core);
    sockets.latest.accept();
    core.flush();
    expect(core.flush()).toBeNull();
  });

  it('signals dirty once until the next flush', () => {
    const { core, sockets, dirtySignals } = setUp();
    connect(core);
    sockets.latest.accept();
    sockets.latest.push('MARK BTC 1');
    sockets.latest.push('MARK BTC 2');
    expect(dirtySignals()).toBe(1);
    core.flush();
    sockets.latest.push('MARK BTC 3');
    expect(dirtySignals()).toBe(2);
  });

  it('shows an unsupported venue as an error with a clear reason', () => {
    const { core, sockets } = setUp();
    connect(core, { id: 'rails-btc', venue: 'rails' });
    connect(core, { id: 'odd', venue: 'nasdaq' as VenueId });
    const batch = mustFlush(core);
    expect(batch.connections).toMatchObject([
      { connectionId: 'rails-btc', venue: 'rails', status: 'error', reason: 'venue rails is not supported yet' },
      { connectionId: 'odd', status: 'error', reason: 'unknown venue "nasdaq"' },
    ]);
    expect(sockets.sockets).toHaveLength(0);
  });

  it('turns option problems into an error status, without echoing secrets', () => {
    const { core, sockets } = setUp();
    connect(core, { options: { symbols: 'BTC' }, auth: { token: 'jwt-do-not-show' } });
    const [diagnostics] = mustFlush(core).connections;
    expect(diagnostics).toMatchObject({
      status: 'error',
      reason: 'invalid connection settings: options.symbols must be a list of symbols',
    });
    expect(sockets.sockets).toHaveLength(0);
  });

  it('disconnect: disconnected and closed; visibility wakes a waiting connection', () => {
    const { core, sockets } = setUp();
    connect(core, { id: 'a' });
    sockets.latest.accept();
    sockets.latest.drop(1006);
    expect(core.diagnostics('a')?.status).toBe('reconnecting');
    core.handle({ type: 'visibility', visible: true });
    expect(sockets.sockets).toHaveLength(2);
    core.handle({ type: 'disconnect', connectionId: 'a' });
    expect(core.diagnostics('a')?.status).toBe('disconnected');
    expect(sockets.latest.closeRequest?.code).toBe(1000);
  });

  it('replaces a connection on a second connect: the old socket closes, a new one opens', () => {
    const { core, sockets } = setUp();
    connect(core);
    sockets.latest.accept();
    connect(core, { url: 'ws://venue.test/other' });
    expect(sockets.sockets).toHaveLength(2);
    expect(sockets.sockets[0]?.closeRequest).toBeDefined();
    expect(sockets.latest.url).toBe('ws://venue.test/other');
    sockets.sockets[0]?.push('FILL old-socket');
    expect(fillIds(mustFlush(core).events)).toEqual([]);
  });

  it('remove: reported once, pending events dropped, its fill ids forgotten', () => {
    const { core, sockets } = setUp();
    connect(core, { id: 'a' });
    connect(core, { id: 'b' });
    sockets.sockets[0]?.accept();
    sockets.sockets[1]?.accept();
    sockets.sockets[0]?.push('FILL f1');
    sockets.sockets[1]?.push('FILL f1');
    core.handle({ type: 'remove', connectionId: 'a' });
    const batch = mustFlush(core);
    expect(batch.removed).toEqual(['a']);
    expect(batch.events.map((e) => (e.kind === 'fill' ? e.fill.connectionId : ''))).toEqual(['b']);
    expect(batch.connections.map((c) => c.connectionId)).toEqual(['b']);
    expect(core.connectionIds()).toEqual(['b']);

    connect(core, { id: 'a' });
    sockets.latest.accept();
    sockets.latest.push('FILL f1');
    expect(fillIds(mustFlush(core).events)).toEqual(['f1']);
  });
});

describe('IngestCore fill de-duplication', () => {
  it('drops a fill delivered twice, and again after a reconnect, and counts the duplicates', () => {
    const { core, sockets, clock } = setUp();
    connect(core);
    sockets.latest.accept();
    sockets.latest.push('FILL f1');
    sockets.latest.push('FILL f1');
    expect(fillIds(mustFlush(core).events)).toEqual(['f1']);
    sockets.latest.drop(1006);
    clock.advance(1_000);
    sockets.latest.accept();
    sockets.latest.push('FILL f1');
    sockets.latest.push('FILL f2');
    const batch = mustFlush(core);
    expect(fillIds(batch.events)).toEqual(['f2']);
    expect(batch.connections[0]).toMatchObject({ duplicatesDropped: 2, reconnects: 1 });
  });

  it('keys fills by connection: the same id on two connections is two fills', () => {
    const { core, sockets } = setUp();
    connect(core, { id: 'a' });
    connect(core, { id: 'b' });
    sockets.sockets[0]?.accept();
    sockets.sockets[1]?.accept();
    sockets.sockets[0]?.push('FILL x');
    sockets.sockets[1]?.push('FILL x');
    expect(fillIds(mustFlush(core).events)).toEqual(['x', 'x']);
  });

  it('property: whatever the interleaving of duplicates, reconnects and flushes, each fill id comes out exactly once', () => {
    type Step =
      { kind: 'fill'; id: number } | { kind: 'mark'; price: number } | { kind: 'reconnect' } | { kind: 'flush' };
    const step: fc.Arbitrary<Step> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('fill' as const), id: fc.integer({ min: 0, max: 15 }) }), weight: 6 },
      {
        arbitrary: fc.record({ kind: fc.constant('mark' as const), price: fc.integer({ min: 1, max: 9 }) }),
        weight: 2,
      },
      { arbitrary: fc.constant({ kind: 'reconnect' as const }), weight: 1 },
      { arbitrary: fc.constant({ kind: 'flush' as const }), weight: 2 },
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const { core, sockets, clock } = setUp();
        connect(core);
        sockets.latest.accept();
        const flushed: string[] = [];
        const sent = new Set<string>();
        const take = () => flushed.push(...fillIds(core.flush()?.events ?? []));
        for (const s of steps) {
          if (s.kind === 'fill') {
            sent.add(`f${s.id}`);
            sockets.latest.push(`FILL f${s.id}`);
          } else if (s.kind === 'mark') {
            sockets.latest.push(`MARK BTC ${s.price}`);
          } else if (s.kind === 'reconnect') {
            sockets.latest.drop(1006);
            core.handle({ type: 'visibility', visible: true });
            sockets.latest.accept();
          } else {
            take();
          }
        }
        take();
        clock.advance(1);
        expect([...flushed].sort()).toEqual([...sent].sort());
      }),
    );
  });
});

describe('IngestCore coalescing', () => {
  it('keeps only the latest mark per symbol and kind', () => {
    const { core, sockets } = setUp();
    connect(core);
    sockets.latest.accept();
    for (const frame of ['MARK BTC 1 10', 'MARK ETH 5 10', 'MARK BTC 2 11', 'MARK BTC 3 12', 'FILL f1']) {
      sockets.latest.push(frame);
    }
    expect(mustFlush(core).events.map(describeEvent)).toEqual(['mark ETH 5', 'mark BTC 3', 'fill f1']);
  });

  it('keeps the held mark when an older one arrives late (the store would ignore it too)', () => {
    const { core, sockets } = setUp();
    connect(core);
    sockets.latest.accept();
    sockets.latest.push('MARK BTC 2 20');
    sockets.latest.push('MARK BTC 1 10');
    expect(mustFlush(core).events.map(describeEvent)).toEqual(['mark BTC 2']);
  });

  it('coalesces positions only between snapshots, so a snapshot is never reordered', () => {
    const { core, sockets } = setUp();
    connect(core);
    sockets.latest.accept();
    for (const frame of [
      'POS BTC 1 1',
      'POS BTC 2 2',
      'SNAP BTC:3',
      'POS BTC 4 99999999999999',
      'POS BTC 5 99999999999999',
    ]) {
      sockets.latest.push(frame);
    }
    expect(mustFlush(core).events.map(describeEvent)).toEqual(['pos BTC 2', 'snap BTC:3', 'pos BTC 5']);
  });

  it('keeps the last position before each close', () => {
    const { core, sockets } = setUp();
    connect(core);
    sockets.latest.accept();
    for (const frame of ['POS BTC 1 1', 'POS BTC 2 2', 'FLAT BTC', 'POS BTC 3 99999999999999', 'POS ETH 7 5']) {
      sockets.latest.push(frame);
    }
    expect(mustFlush(core).events.map(describeEvent)).toEqual(['pos BTC 2', 'flat BTC', 'pos BTC 3', 'pos ETH 7']);
  });

  it('stays bounded while nobody flushes: marks coalesce, and an overflow is counted loudly', () => {
    const { core, sockets } = setUp({ limits: { maxBufferedEvents: 3 } });
    connect(core);
    sockets.latest.accept();
    for (let i = 0; i < 1_000; i++) sockets.latest.push(`MARK BTC ${i}`);
    for (const id of ['f1', 'f2', 'f3', 'f4']) sockets.latest.push(`FILL ${id}`);
    const batch = mustFlush(core);
    expect(batch.events.filter((e) => e.kind !== 'gap').map(describeEvent)).toEqual([
      'mark BTC 999',
      'fill f1',
      'fill f2',
    ]);
    expect(batch.dropped).toBe(2);
    expect(batch.connections[0]?.errors.map((e) => e.message)).toContain('ingest buffer full: dropped 2 events');
    // ...and a gap over the refused events, handed to the session to recover (the line venue cannot: `none`).
    const gaps = batch.events.flatMap((e) => (e.kind === 'gap' ? [e.gap] : []));
    expect(gaps.map((g) => g.recovered)).toEqual(['pending', 'none']);
    expect(gaps[0]).toMatchObject({
      connectionId: 'line-1',
      cause: 'the page fell behind and 2 events had to be dropped',
    });

    // A refused fill was not remembered: when the venue sends it again, it gets through.
    sockets.latest.push('FILL f3');
    expect(fillIds(mustFlush(core).events)).toEqual(['f3']);
  });
});
