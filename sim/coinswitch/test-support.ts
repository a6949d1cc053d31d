import type { ConnectionOptions, NatsConnection, Subscription } from 'nats.ws';
import type { CoinswitchCredential, CoinswitchTuning } from './server';
import type { ExchangeCore } from '../core/exchange';
import { num } from '../core/num';
import { startFrontEndRig, type RigOptions } from '../testing/front-end-rig';
import { waitUntil } from '../testing/wait';
import { isObject } from '../testing/ws-test-client';
import { signRequest } from './ed25519';
import { SIGNATURE_PATH } from './http';
import { connectNats, textOf } from './nats-client';
import { CoinswitchServer } from './server';

/** Test helpers: a CoinSwitch front end on its own core and nats-server (sim/venues.ts is not ours to edit). */

export interface CoinswitchUnderTest {
  core: ExchangeCore;
  cs: CoinswitchServer;
  /** Every NATS connection opened through `connect` (closed by `closeClients`). */
  connect(options?: Partial<ConnectionOptions>): Promise<NatsConnection>;
  closeClients(): Promise<void>;
  stop(): Promise<void>;
}

export type StartOptions = RigOptions<CoinswitchTuning>;

/** Fast account activity, a light public feed, no funding, free ports. */
export async function startCoinswitch(options: StartOptions = {}): Promise<CoinswitchUnderTest> {
  const rig = await startFrontEndRig(options, {}, (core) =>
    CoinswitchServer.start({ core, seed: 7, host: '127.0.0.1', port: 0, tuning: options.tuning ?? {} }),
  );
  const clients: NatsConnection[] = [];
  const closeClients = async () => {
    await Promise.all(
      clients.splice(0).map((c) => (c.isClosed() ? Promise.resolve() : c.close().catch(() => undefined))),
    );
  };
  return {
    core: rig.core,
    cs: rig.frontEnd,
    connect: async (extra = {}) => {
      const nc = await connectNats({ servers: rig.frontEnd.url, reconnect: false, ...extra });
      clients.push(nc);
      return nc;
    },
    closeClients,
    stop: async () => {
      await closeClients();
      await rig.stop();
    },
  };
}

/** The auth text of a credential's triple (docs/contract.md section 2). */
export function authText(triple: CoinswitchCredential['triple']): string {
  return JSON.stringify({ op: 'auth', args: [triple.apiKey, triple.expires, triple.signature] });
}

/** Send the auth request and return the parsed reply. */
export async function requestAuth(nc: NatsConnection, subject: string, text: string): Promise<unknown> {
  const reply = await nc.request(subject, new TextEncoder().encode(text), { timeout: 5_000 });
  return JSON.parse(textOf(reply));
}

export interface SignedCall {
  /** Path and query, e.g. /dma/api/v1/socket/signature?expires_in_seconds=60 */
  path?: string;
  epoch?: string | null;
  apiKey?: string;
  /** Sign with this secret instead of the credential's. */
  secretKeyHex?: string;
  signature?: string;
  method?: string;
}

/** Call the signature endpoint the way a relay does (Ed25519 over METHOD + path + epoch). */
export async function callSignature(
  cred: CoinswitchCredential,
  call: SignedCall = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const path = call.path ?? SIGNATURE_PATH;
  const method = call.method ?? 'GET';
  const epoch = call.epoch === undefined ? String(Date.now()) : call.epoch;
  const headers: Record<string, string> = { 'X-AUTH-APIKEY': call.apiKey ?? cred.apiKey };
  if (epoch !== null) {
    headers['X-AUTH-EPOCH'] = epoch;
    headers['X-AUTH-SIGNATURE'] =
      call.signature ?? signRequest(call.secretKeyHex ?? cred.secretKeyHex, method, path, epoch);
  }
  const origin = new URL(cred.signatureUrl).origin;
  const res = await fetch(origin + path, { method, headers });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: res.headers };
}

export interface Received {
  subject: string;
  text: string;
  json: unknown;
}

/** Records every message of one subscription; waits on conditions, never on fixed sleeps. */
export class Recorder {
  readonly messages: Received[] = [];
  readonly sub: Subscription;

  constructor(nc: NatsConnection, subject: string) {
    this.sub = nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) return;
        const text = textOf(msg);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        this.messages.push({ subject: msg.subject, text, json });
      },
    });
  }

  async waitFor(predicate: (messages: Received[]) => boolean, what = 'messages', timeoutMs = 10_000): Promise<void> {
    await waitUntil(() => predicate(this.messages), timeoutMs, what);
  }
}

/** Rest a BTC limit order far from the market, then cancel it: a "New" and a "Cancelled". */
export function placeAndCancel(core: ExchangeCore, accountId: string): void {
  core.act(accountId, { kind: 'limit', symbol: 'BTCUSDT', side: 'buy', price: num('1000'), quantity: num('0.001') });
  const placed = core.accountView(accountId).openOrders.find((o) => o.price === '1000');
  if (!placed) throw new Error('the order did not rest');
  core.act(accountId, { kind: 'cancel', orderId: placed.orderId });
}

export { isObject };
