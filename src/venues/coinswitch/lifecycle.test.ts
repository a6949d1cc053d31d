import { connect, type NatsConnection } from 'nats.ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import type { ConnectionConfig } from '../../domain/connection-config';
import type { DomainEvent } from '../../domain/events';
import type { ConnectionDiagnostics } from '../../domain/types';
import { realClock } from '../shared/clock';
import type { FetchFn } from '../shared/keyring';
import { ManagedConnection } from '../shared/managed-connection';
import { natsSocketFactoryFor } from '../shared/nats-socket';
import { NatsServerProcess } from '../shared/testing/nats-server';
import { coinswitchAdapter } from './adapter';
import type { CoinswitchOptions } from './options';
import {
  API_KEY,
  AUTH_SUBJECT,
  ORDER_SUBJECT,
  SIGNATURE,
  TRADE_SUBJECT,
  config as baseConfig,
  credential as baseCredential,
  fixtureText,
} from './test-support';
import { coinswitchAuthText } from './wire';

/**
 * The whole chain against a REAL nats-server: the shared lifecycle (ManagedConnection) drives the
 * CoinSwitch session over nats.ws, with the socket factory IngestCore gives a `transport: 'nats'`
 * adapter (src/ingest/ingest-core-transport.test.ts checks that choice), and a test "venue" (a plain
 * nats.ws client) answers the auth request and publishes the seed's payloads.
 * nats.ws needs a global WebSocket: Node 20 has none, so this file (only) installs the `ws` package's.
 */

(globalThis as { WebSocket?: unknown }).WebSocket = NodeWebSocket;

/** Real time here: the credential expires an hour from now. */
const EXPIRES = Date.now() + 3_600_000;
const AUTH_TEXT = coinswitchAuthText(API_KEY, EXPIRES, SIGNATURE);
const credential = (overrides: Record<string, unknown> = {}) => baseCredential({ expires: EXPIRES, ...overrides });
const config = (overrides: Partial<ConnectionConfig> = {}, options: Record<string, unknown> = {}) =>
  baseConfig({ auth: credential(), ...overrides }, options);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The shared lifecycle on the real NATS transport; every event and status kept. */
class Dashboard {
  readonly events: DomainEvent[] = [];
  readonly statuses: string[] = [];
  last: ConnectionDiagnostics | undefined;
  private connection: ManagedConnection<CoinswitchOptions> | undefined;

  connect(cfg: ConnectionConfig, fetch?: FetchFn): void {
    // The adapter as it is, but with a 300 ms heartbeat, so a retried auth request comes quickly.
    const adapter = { ...coinswitchAdapter, heartbeatIntervalMs: 300 };
    const parsed = adapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const options = parsed.options;
    const holder: { connection?: ManagedConnection<CoinswitchOptions> } = {};
    const connection = new ManagedConnection(
      { config: cfg, adapter, options },
      {
        // What IngestCore does for a `transport: 'nats'` adapter: the token from the config in use.
        socketFactory: natsSocketFactoryFor(() => adapter.endpoint(holder.connection?.currentConfig() ?? cfg, options)),
        clock: realClock,
        ...(fetch ? { fetch } : {}),
        random: () => 0.5,
        settings: {
          backoff: { baseMs: 100, factor: 1.5, capMs: 500, resetAfterMs: 30_000, jitter: 'none', minMs: 50 },
        },
      },
      {
        events: (_id, events) => this.events.push(...events),
        changed: () => {
          const diagnostics = connection.diagnostics();
          this.last = diagnostics;
          if (this.statuses.at(-1) !== diagnostics.status) this.statuses.push(diagnostics.status);
        },
      },
    );
    holder.connection = connection;
    this.connection = connection;
    connection.connect();
  }

  fills(): string[] {
    return this.events.flatMap((e) => (e.kind === 'fill' ? [e.fill.fillId] : []));
  }

  dispose(): void {
    this.connection?.dispose();
  }
}

/** The venue side: answers auth requests (counting them) and publishes. */
class Venue {
  authRequests: string[] = [];
  private constructor(private readonly nc: NatsConnection) {}

  static async start(url: string, accept: (data: string) => boolean, token?: string): Promise<Venue> {
    const nc = await connect({
      servers: url,
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 50,
      ...(token ? { token } : {}),
    });
    const venue = new Venue(nc);
    nc.subscribe(AUTH_SUBJECT, {
      callback: (_error, msg) => {
        const data = decoder.decode(msg.data);
        venue.authRequests.push(data);
        msg.respond(
          encoder.encode(accept(data) ? '{"success":true}' : '{"success":false,"error":"invalid signature"}'),
        );
      },
    });
    await nc.flush();
    return venue;
  }

  /** Publishes until `done` (the client's SUB may still be on its way): duplicates are part of the test. */
  async publishUntil(subject: string, data: string, done: () => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`nothing arrived from ${subject}`);
      this.nc.publish(subject, encoder.encode(data));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    await this.nc.close().catch(() => undefined);
  }
}

describe('CoinSwitch over a real nats-server, authMode "request"', () => {
  let server: NatsServerProcess;
  let venue: Venue | undefined;
  let dashboard: Dashboard | undefined;

  beforeAll(async () => {
    server = await NatsServerProcess.start();
  });
  afterEach(async () => {
    dashboard?.dispose();
    await venue?.close();
    dashboard = undefined;
    venue = undefined;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('authenticates by request, goes live, streams orders and fills; after a server restart it re-authenticates and a replayed fill stays single', async () => {
    venue = await Venue.start(server.url, (data) => data === AUTH_TEXT);
    dashboard = new Dashboard();
    const d = dashboard;
    d.connect(config({ url: server.url }));
    await until('live', () => d.last?.status === 'live');
    expect(venue.authRequests).toEqual([AUTH_TEXT]);
    expect(d.last?.credentialExpiresAt).toBe(credential().expires);

    await venue.publishUntil(ORDER_SUBJECT, fixtureText('order-filled.documented'), () =>
      d.events.some((e) => e.kind === 'order'),
    );
    await venue.publishUntil(TRADE_SUBJECT, fixtureText('trade.documented'), () => d.fills().length > 0);
    expect(d.events.find((e) => e.kind === 'order')).toMatchObject({
      order: { orderId: '68a4579e-c396-4427-b055-7a8bcafbd48d', status: 'filled', averagePrice: '209.76' },
    });
    expect(d.fills()).toEqual(['a1076552-0c0f-5a56-a064-5a653f9172c6']);

    // The server goes away and comes back: the lifecycle reconnects and the session asks again.
    // Our client may be back before the venue's auth service is: "no responders", then a retry on
    // a heartbeat, until the venue answers.
    const live = d.statuses.length;
    await server.restart();
    await until(
      'reconnected and live again',
      () => d.statuses.length > live && d.last?.status === 'live' && (d.last?.reconnects ?? 0) >= 1,
    );
    expect(venue.authRequests.length).toBeGreaterThanOrEqual(2);
    expect(venue.authRequests.every((r) => r === AUTH_TEXT)).toBe(true);
    const before = d.last?.duplicatesDropped ?? 0;
    await venue.publishUntil(
      TRADE_SUBJECT,
      fixtureText('trade.documented'),
      () => (d.last?.duplicatesDropped ?? 0) > before,
    );
    expect(d.fills()).toEqual(['a1076552-0c0f-5a56-a064-5a653f9172c6']);
  });

  it('keyring: the relay credential authenticates; before it expires the lifecycle renews it and the session re-authenticates on the same connection, fills staying single', async () => {
    // A fake relay: a fresh signature each time, valid for 2 s (the lifecycle renews 20 % before the end).
    const issued: string[] = [];
    const relay: FetchFn = async (url, init) => {
      expect(url).toBe('http://127.0.0.1:8787/credentials/cs-main');
      expect(new Headers(init.headers).get('Authorization')).toBe('Bearer pairing-token-0123456789');
      const signature = `${String(issued.length).padStart(2, '0')}${'c'.repeat(126)}`;
      // `url`: the relay pins the credential to the NATS endpoint it is for (docs/contract.md section 4).
      const body = { apiKey: API_KEY, expires: Date.now() + 2_000, signature, url: server.url };
      issued.push(coinswitchAuthText(body.apiKey, body.expires, body.signature));
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    venue = await Venue.start(server.url, (data) => issued.includes(data));
    dashboard = new Dashboard();
    const d = dashboard;
    d.connect(
      config({
        url: server.url,
        auth: { keyring: { url: 'http://127.0.0.1:8787', id: 'cs-main', token: 'pairing-token-0123456789' } },
      }),
      relay,
    );
    await until('live', () => d.last?.status === 'live');
    const liveAt = d.statuses.length;
    expect(venue.authRequests).toEqual([issued[0]]);
    await venue.publishUntil(TRADE_SUBJECT, fixtureText('trade.documented'), () => d.fills().length > 0);

    await until('renewed and re-authenticated', () => venue!.authRequests.length >= 2 && d.last?.status === 'live');
    expect(venue.authRequests[1]).toBe(issued[1]);
    expect(d.last?.status).toBe('live');
    // The renewed triple went out as a new auth request on the open connection: the socket was never
    // replaced (NATS replays nothing, so a new socket would lose what is published in between).
    expect(d.statuses.slice(liveAt).every((s) => s === 'live')).toBe(true);
    expect(d.last?.reconnects).toBe(0);
    expect(d.last?.credentialExpiresAt).toBeGreaterThan(Date.now());
    // The same session (updateAuth, not a new one): the replayed fill is still a duplicate.
    const before = d.last?.duplicatesDropped ?? 0;
    await venue.publishUntil(
      TRADE_SUBJECT,
      fixtureText('trade.documented'),
      () => (d.last?.duplicatesDropped ?? 0) > before,
    );
    expect(d.fills()).toEqual(['a1076552-0c0f-5a56-a064-5a653f9172c6']);
    expect(d.last?.status).not.toBe('error');
  });

  it('a rejected credential is a permanent error whose reason says what to do and holds no secret', async () => {
    venue = await Venue.start(server.url, () => false);
    dashboard = new Dashboard();
    const d = dashboard;
    d.connect(config({ url: server.url }));
    await until('error', () => d.last?.status === 'error');
    expect(d.last?.reason).toBe(
      'CoinSwitch rejected the socket credential: invalid signature — mint a fresh signature (GET /dma/api/v1/socket/signature)',
    );
    expect(JSON.stringify(d.last)).not.toContain(SIGNATURE);
    expect(JSON.stringify(d.last)).not.toContain(API_KEY);
    // No retry: one request only.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(venue.authRequests).toHaveLength(1);
  });
});

describe('CoinSwitch over a real nats-server, authMode "connect"', () => {
  let server: NatsServerProcess;
  let dashboard: Dashboard | undefined;
  let venue: Venue | undefined;

  beforeAll(async () => {
    // The auth JSON text itself is the server's token (single-quoted in the server config).
    server = await NatsServerProcess.start(`authorization { token: '${AUTH_TEXT}' }`);
  });
  afterEach(async () => {
    dashboard?.dispose();
    await venue?.close();
    dashboard = undefined;
    venue = undefined;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the auth JSON is the CONNECT token: live at once, fills stream', async () => {
    venue = await Venue.start(server.url, () => true, AUTH_TEXT);
    dashboard = new Dashboard();
    const d = dashboard;
    d.connect(config({ url: server.url }, { authMode: 'connect' }));
    await until('live', () => d.last?.status === 'live');
    await venue.publishUntil(TRADE_SUBJECT, fixtureText('trade.documented'), () => d.fills().length > 0);
    expect(d.fills()).toEqual(['a1076552-0c0f-5a56-a064-5a653f9172c6']);
    expect(venue.authRequests).toEqual([]);
  });

  it('a credential the server refuses at CONNECT is a permanent error', async () => {
    dashboard = new Dashboard();
    const d = dashboard;
    d.connect(config({ url: server.url, auth: credential({ signature: 'ab'.repeat(64) }) }, { authMode: 'connect' }));
    await until('error', () => d.last?.status === 'error');
    expect(d.last?.reason).toBe(
      'CoinSwitch rejected the socket credential: Authorization Violation — mint a fresh signature (GET /dma/api/v1/socket/signature)',
    );
    expect(d.last?.reconnects).toBe(0);
  });
});
