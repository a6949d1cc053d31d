import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import type { VenueId } from '../domain/types';
import { roxomAdapter } from '../venues/roxom/adapter';
import { config as roxomConfig, orderFrame } from '../venues/roxom/test-support';
import { FakeClock } from '../venues/shared/testing/fake-clock';
import { FakeSocketFactory } from '../venues/shared/testing/fake-socket';
import type { SessionResume } from '../venues/types';
import { IngestCore } from './ingest-core';
import { isIngestCommand } from './protocol';

/**
 * The connect command's `resume` reaches the venue session the core creates (Roxom, real adapter).
 * Roxom reconciles from REST whenever it goes live and defers growth until the order's executions are
 * read; here the venue's REST answers 404 (not retried), so the growth is derived from what the stream
 * and the resumed state say (src/venues/roxom/README.md, "Recovery after a gap").
 */

const ORDER = '0198f642-0aa0-71b2-a9c3-5b1f0e2d4c11';
const T = 1756478190000000000n;

async function run(resume: SessionResume | undefined): Promise<DomainEvent[]> {
  const sockets = new FakeSocketFactory();
  const restPaths: string[] = [];
  const core = new IngestCore({
    getAdapter: (venue: VenueId) => (venue === 'roxom' ? roxomAdapter : undefined),
    socketFactory: sockets.create,
    clock: new FakeClock(),
    random: () => 0.5,
    fetch: (url) => {
      restPaths.push(new URL(url).pathname);
      return Promise.resolve(new Response('{"error":"not found"}', { status: 404 }));
    },
  });
  const command = { type: 'connect' as const, config: roxomConfig(), ...(resume ? { resume } : {}) };
  expect(isIngestCommand(command)).toBe(true);
  core.handle(command);
  sockets.latest.accept();
  sockets.latest.push(
    orderFrame({
      orderId: ORDER,
      status: 'partiallyfilled',
      executedQty: '1.5',
      avgPx: '0.059',
      fillPx: '0.0594',
      filledFees: '0.00003',
      timestamp: T,
    }),
  );
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  const events = core.flush()?.events ?? [];
  core.dispose();
  expect(restPaths.length).toBeGreaterThan(0);
  return events;
}

const fills = (events: DomainEvent[]) => events.flatMap((e) => (e.kind === 'fill' ? [e.fill] : []));

describe('connect with resume', () => {
  it('a resumed session derives only the growth beyond the restored filled quantity', async () => {
    const resume = {
      orders: [
        { orderId: ORDER, filledQuantity: '1', updatedAt: Number(T / 1_000_000n) - 60_000, filledFees: '0.00002' },
      ],
    };
    expect(fills(await run(resume))).toMatchObject([
      { fillId: `${ORDER}:1.5`, quantity: '0.5', price: '0.0594', fee: '0.00001' },
    ]);
  });

  it('without resume the same frame is a first sighting: one inferred fill for the whole quantity', async () => {
    expect(fills(await run(undefined))).toMatchObject([{ fillId: `${ORDER}:1.5`, quantity: '1.5', inferred: true }]);
  });

  it('the worker boundary checks the shape of resume', () => {
    const config = roxomConfig();
    expect(isIngestCommand({ type: 'connect', config, resume: { orders: [] } })).toBe(true);
    expect(
      isIngestCommand({
        type: 'connect',
        config,
        resume: { orders: [{ orderId: 'x', filledQuantity: 1, updatedAt: 1 }] },
      }),
    ).toBe(false);
    expect(isIngestCommand({ type: 'connect', config, resume: 'all' })).toBe(false);
  });
});
