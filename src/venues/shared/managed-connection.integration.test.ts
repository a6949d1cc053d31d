import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { DomainEvent } from '../../domain/events';
import { DEFAULT_BACKOFF } from './backoff';
import { realClock } from './clock';
import { ManagedConnection } from './managed-connection';
import { nodeSocketFactory } from './testing/node-socket-factory';
import { lineAdapter, lineConfig } from './testing/line-adapter';

/** Polls until `check` holds (real sockets, real timers); fails with `what` after `timeoutMs`. */
async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('ManagedConnection over a real ws server', () => {
  let server: WebSocketServer | undefined;
  let connection: ManagedConnection<{ symbols: string[] }> | undefined;

  afterEach(async () => {
    connection?.dispose();
    if (server) {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
    }
  });

  it('receives, survives a terminated socket by reconnecting itself, and resubscribes', async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server?.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;

    const serverSockets: ServerSocket[] = [];
    const subscriptions: string[] = [];
    server.on('connection', (socket) => {
      serverSockets.push(socket);
      const generation = serverSockets.length;
      socket.on('message', (data) => {
        const text = String(data);
        if (!text.startsWith('SUB ')) return;
        subscriptions.push(text);
        socket.send(`MARK BTC ${generation}00`);
      });
    });

    const adapter = lineAdapter({ heartbeatIntervalMs: 0, silenceTimeoutMs: 0 });
    const config = lineConfig({ url: `ws://127.0.0.1:${port}/ws` });
    const parsed = adapter.parseOptions(config);
    if (!parsed.ok) throw new Error('bad test config');
    const all: DomainEvent[] = [];
    const events: DomainEvent[] = [];
    connection = new ManagedConnection(
      { config, adapter, options: parsed.options },
      {
        socketFactory: nodeSocketFactory,
        clock: realClock,
        // Short delays keep the test quick; nothing asserts how long anything took.
        settings: { backoff: { ...DEFAULT_BACKOFF, baseMs: 50, minMs: 10 } },
      },
      {
        events: (_id, batch) => {
          all.push(...batch);
          events.push(...batch.filter((e) => e.kind !== 'gap'));
        },
        changed: () => undefined,
      },
    );
    connection.connect();

    await until('the first mark', () => events.length === 1);
    expect(connection.status).toBe('live');
    expect(events[0]).toMatchObject({ kind: 'mark', mark: { symbol: 'BTC', price: '100' } });

    serverSockets[0]?.terminate();
    await until('a mark on the new socket', () => events.length === 2);

    expect(events[1]).toMatchObject({ kind: 'mark', mark: { price: '200' } });
    expect(adapter.log.opens).toHaveLength(2);
    expect(adapter.log.closes.map((c) => c.code)).toEqual([1006]);
    expect(subscriptions).toEqual(['SUB BTC', 'SUB BTC']);
    const diagnostics = connection.diagnostics();
    expect(diagnostics.status).toBe('live');
    expect(diagnostics.reconnects).toBe(1);
    expect(diagnostics.messagesTotal).toBe(2);
    // The drop is one gap: opened at the last frame, closed when live again, settled `none` (the line
    // venue has no way to recover), all under the same `from`.
    const gaps = all.flatMap((e) => (e.kind === 'gap' ? [e.gap] : []));
    expect(gaps.map((g) => [g.to === null, g.recovered])).toEqual([
      [true, 'pending'],
      [false, 'pending'],
      [false, 'none'],
    ]);
    expect(new Set(gaps.map((g) => g.from)).size).toBe(1);
    expect(gaps[0]?.cause).toMatch(/socket closed \(1006\)/);
  });
});
