import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KeyObject } from 'node:crypto';
import type { CoinswitchSocketSignature } from '../../src/venues/coinswitch/wire';
import type { SocketTriples } from './triples';
import { verifyRequest } from './ed25519';

export const SIGNATURE_PATH = '/dma/api/v1/socket/signature';
export const DEFAULT_EXPIRES_IN_S = 300;

/**
 * CORS for the simulator's HTTP answers: any origin, so a page or relay on another port can call the
 * signature endpoint in tests and demos. The venue's own CORS policy is unknown.
 */
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': 'X-AUTH-APIKEY, X-AUTH-SIGNATURE, X-AUTH-EPOCH, Content-Type',
  'Access-Control-Max-Age': '600',
};

export interface SignatureEndpointDeps {
  /** The REST api key (X-AUTH-APIKEY) and the Ed25519 public key its requests are verified with. */
  restApiKey: string;
  publicKey: KeyObject;
  triples: SocketTriples;
  now: () => number;
  /** |now - X-AUTH-EPOCH| above this is refused with 401 [guess: the venue's window is not documented]. */
  maxEpochSkewMs: number;
  /** Largest `expires_in_seconds` accepted [guess]. */
  maxExpiresInS: number;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Error bodies are `{"message": "..."}` [guess: the venue's error shape for this endpoint is not documented]. */
const fail = (res: ServerResponse, status: number, message: string) => sendJson(res, status, { message });

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Plain HTTP requests on the front end's port (WebSocket upgrades go to the NATS gate). */
export function handleHttp(req: IncomingMessage, res: ServerResponse, deps: SignatureEndpointDeps): void {
  req.resume();
  const rawUrl = req.url ?? '/';
  const path = rawUrl.split('?')[0];
  if (path !== SIGNATURE_PATH) {
    if (path === '/')
      return sendJson(res, 426, { message: 'NATS over WebSocket: upgrade required' }, { Upgrade: 'websocket' });
    return fail(res, 404, 'not found');
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS);
    res.end();
    return;
  }
  if (req.method !== 'GET') return sendJson(res, 405, { message: 'method not allowed' }, { Allow: 'GET, OPTIONS' });
  mintSignature(req, res, rawUrl, deps);
}

function mintSignature(req: IncomingMessage, res: ServerResponse, rawUrl: string, deps: SignatureEndpointDeps): void {
  const epoch = header(req, 'x-auth-epoch');
  if (epoch === undefined || epoch === '') return fail(res, 400, 'X-AUTH-EPOCH header is required');
  if (!/^\d{1,16}$/.test(epoch)) return fail(res, 400, 'X-AUTH-EPOCH must be Unix milliseconds');
  const apiKey = header(req, 'x-auth-apikey');
  if (apiKey === undefined || apiKey !== deps.restApiKey) return fail(res, 401, 'invalid api key');
  const signature = header(req, 'x-auth-signature') ?? '';
  if (!verifyRequest(deps.publicKey, req.method ?? 'GET', rawUrl, epoch, signature))
    return fail(res, 401, 'invalid signature');
  if (Math.abs(deps.now() - Number(epoch)) > deps.maxEpochSkewMs)
    return fail(res, 401, 'X-AUTH-EPOCH is too far from the server time');
  const expiresIn = expiresInSeconds(rawUrl, deps.maxExpiresInS);
  if (expiresIn === undefined)
    return fail(res, 400, `expires_in_seconds must be an integer from 1 to ${deps.maxExpiresInS}`);
  const body: CoinswitchSocketSignature = deps.triples.mint(expiresIn * 1000);
  sendJson(res, 200, body, { 'Cache-Control': 'no-store' });
}

function expiresInSeconds(rawUrl: string, max: number): number | undefined {
  const query = new URLSearchParams(rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '');
  const raw = query.get('expires_in_seconds');
  if (raw === null) return DEFAULT_EXPIRES_IN_S;
  if (!/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= 1 && value <= max ? value : undefined;
}

export function listenHttp(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function closeHttp(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
