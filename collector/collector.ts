import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { WebSocket } from 'ws';
import type { ConnectionConfig } from '../src/domain/connection-config';
import type { ConnectionDiagnostics } from '../src/domain/types';
import { IngestCore } from '../src/ingest/ingest-core';
import { applyBatches } from '../src/store/apply-batch';
import { emptyPortfolio, type PortfolioState } from '../src/store/state';
import { getAdapter } from '../src/venues/registry';
import { realClock } from '../src/venues/shared/clock';
import { nodeSocketFactory } from '../src/venues/shared/testing/node-socket-factory';
import type { DeskStatus } from '../src/venues/desk/wire';
import { startRelay, type RunningRelay } from '../relay/index';
import type { CollectorConfig } from './config';
import { connectDesk, ensureDeskStreams, Outbox, type DeskNats } from './jetstream';
import { eventMessage, statusMessage } from './messages';
import { stateChanges } from './state-records';
import { recordConnections, type CollectorRecordings } from './recordings';

/**
 * The headless collector (docs/contract.md section 5): the dashboard's own ingest core (every venue's
 * session and the shared lifecycle, unchanged) in Node, its batches published to JetStream, and the
 * latest state per connection kept in the state bucket by the dashboard's own reducers.
 *
 * Credentials: with `relay`, the collector runs the keyring relay from that config file in-process on
 * a free loopback port, and every connection that names the relay's configured `listen` address (a
 * keyring reference's `url`, Roxom's bridge URL) is pointed at it; the secrets stay in the relay.
 */

export const FLUSH_INTERVAL_MS = 50;
/** A connection's status is published when it changes, and at least this often (late joiners, failover). */
export const STATUS_INTERVAL_MS = 2_000;

export interface RunningCollector {
  name: string;
  stats(): {
    published: number;
    duplicates: number;
    pending: number;
    failures: number;
    dropped: number;
    events: number;
  };
  diagnostics(): ConnectionDiagnostics[];
  /** The recording files being written (config `record`), one per connection. */
  recordings: string[];
  stop(): Promise<void>;
}

export async function startCollector(config: CollectorConfig): Promise<RunningCollector> {
  installWebSocketGlobal();
  let relay: RunningRelay | undefined;
  let connections = config.connections;
  if (config.relay) {
    const started = await startEmbeddedRelay(config.relay);
    relay = started.relay;
    connections = connections.map((c) => pointAtRelay(c, started.configuredOrigin, relay!.url));
  }
  let desk: DeskNats;
  try {
    desk = await ensureDeskStreams(await connectDesk(config.nats, config.natsToken, config.name), config);
  } catch (error) {
    await relay?.stop();
    throw error;
  }
  const outbox = new Outbox(desk);
  const core = new IngestCore({ getAdapter, socketFactory: nodeSocketFactory, clock: realClock });
  let state: PortfolioState = emptyPortfolio();
  let events = 0;
  const lastStatus = new Map<string, { key: string; at: number }>();

  const publishStatus = (diagnostics: ConnectionDiagnostics, now: number, force: boolean) => {
    const key = `${diagnostics.status}|${diagnostics.reason ?? ''}`;
    const last = lastStatus.get(diagnostics.connectionId);
    if (!force && last && last.key === key && now - last.at < STATUS_INTERVAL_MS) return;
    lastStatus.set(diagnostics.connectionId, { key, at: now });
    const status: DeskStatus = { ...diagnostics, collector: config.name };
    outbox.push(statusMessage(status));
    outbox.putState(`${status.connectionId}.status`, JSON.stringify({ kind: 'status', status }));
  };

  const pump = () => {
    const now = Date.now();
    const batch = core.flush();
    if (batch) {
      for (const event of batch.events) {
        const message = eventMessage(event);
        if (message) outbox.push(message);
      }
      events += batch.events.length;
      for (const diagnostics of batch.connections) publishStatus(diagnostics, now, false);
      const before = state;
      state = applyBatches(state, [batch], now);
      for (const [key, record] of stateChanges(before, state))
        outbox.putState(key, record === null ? null : JSON.stringify(record));
    }
    for (const id of core.connectionIds()) {
      const last = lastStatus.get(id);
      const diagnostics = core.diagnostics(id);
      if (diagnostics && (!last || now - last.at >= STATUS_INTERVAL_MS)) publishStatus(diagnostics, now, true);
    }
    void outbox.drain();
  };

  for (const connection of connections) core.handle({ type: 'connect', config: connection });
  // Recording starts before the first socket opens, so each file begins with the venue's handshake.
  const recordings: CollectorRecordings | undefined = config.record
    ? recordConnections(
        core,
        connections.map((c) => c.id),
        config.record,
      )
    : undefined;
  const timer = setInterval(pump, FLUSH_INTERVAL_MS);

  return {
    name: config.name,
    stats: () => ({
      published: outbox.published,
      duplicates: outbox.duplicates,
      pending: outbox.pending,
      failures: outbox.failures,
      dropped: outbox.dropped,
      events,
    }),
    diagnostics: () => core.connectionIds().flatMap((id) => core.diagnostics(id) ?? []),
    recordings: recordings?.files ?? [],
    async stop() {
      clearInterval(timer);
      await recordings?.close();
      core.dispose();
      pump();
      await outbox.drain().catch(() => undefined);
      await desk.nc.drain().catch(() => desk.nc.close());
      await relay?.stop();
    },
  };
}

/** nats.ws (the CoinSwitch transport) opens sockets with the global `WebSocket`, which Node 20 lacks. */
function installWebSocketGlobal(): void {
  const g = globalThis as { WebSocket?: unknown };
  if (g.WebSocket === undefined) g.WebSocket = WebSocket;
}

async function startEmbeddedRelay(path: string): Promise<{ relay: RunningRelay; configuredOrigin: string }> {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const listen = typeof raw.listen === 'string' ? raw.listen : '127.0.0.1:8787';
  const relay = await startRelay({ ...(raw as object), listen: '127.0.0.1:0' } as never, {
    baseDir: dirname(path),
  });
  return { relay, configuredOrigin: `http://${listen}` };
}

/** Points a connection's references to the relay's configured address at the running relay. */
export function pointAtRelay(
  connection: ConnectionConfig,
  configuredOrigin: string,
  relayUrl: string,
): ConnectionConfig {
  const from = new URL(configuredOrigin);
  const to = new URL(relayUrl);
  const swap = (text: string): string => {
    try {
      const url = new URL(text);
      if (url.host !== from.host) return text;
      url.host = to.host;
      return url.toString();
    } catch {
      return text;
    }
  };
  const keyring = connection.auth.keyring;
  const auth =
    typeof keyring === 'object' && keyring !== null && typeof (keyring as { url?: unknown }).url === 'string'
      ? { ...connection.auth, keyring: { ...keyring, url: swap((keyring as { url: string }).url).replace(/\/$/, '') } }
      : connection.auth;
  return { ...connection, url: swap(connection.url), auth };
}
