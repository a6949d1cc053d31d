import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type { RailsAuth } from './auth';
import type { SlidingWindowLimiter } from './rate-limit';
import { sameSecret } from './auth';
import { answerRest, isRestPath, type RestDeps } from './rest';

export const TOKEN_PATH = '/api/v1/token';

/**
 * CORS for the simulator's HTTP answers: any origin, so a browser page on another port can call the
 * token endpoint and the account REST in tests and demos. The real venue's CORS policy is unknown
 * (docs/venues/rails.md).
 */
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, X-Api-Key, X-Api-Secret, Content-Type',
  'Access-Control-Max-Age': '600',
};

export interface TokenEndpointDeps {
  apiKey: string;
  apiSecret: string;
  auth: RailsAuth;
  limiter: SlidingWindowLimiter;
}

export interface HttpDeps extends TokenEndpointDeps {
  rest: RestDeps;
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

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Plain HTTP requests (not upgrades): `POST /api/v1/token` with `X-Api-Key` / `X-Api-Secret` →
 * `{access_token, token_type: "Bearer", expires_in: 1800}`; the account REST (`GET`, rest.ts); CORS
 * preflight; 404/405/426 otherwise.
 */
export function handleHttp(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): void {
  req.resume();
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  const path = url.pathname;
  if (isRestPath(path)) {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' }, { Allow: 'GET, OPTIONS' });
    const answer = answerRest(path, url.searchParams, header(req, 'authorization'), deps.rest);
    return sendJson(res, answer.status, answer.body, { 'Cache-Control': 'no-store' });
  }
  if (path === TOKEN_PATH) {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' }, { Allow: 'POST, OPTIONS' });
    return issueToken(req, res, deps);
  }
  if (path === '/' || path === '/ws')
    return sendJson(res, 426, { error: 'WebSocket upgrade required' }, { Upgrade: 'websocket' });
  sendJson(res, 404, { error: 'not found' });
}

function issueToken(req: IncomingMessage, res: ServerResponse, deps: TokenEndpointDeps): void {
  const apiKey = header(req, 'x-api-key');
  const apiSecret = header(req, 'x-api-secret');
  // The limit is per key: requests naming an unknown key are refused without being counted.
  if (apiKey === undefined || !sameSecret(apiKey, deps.apiKey))
    return sendJson(res, 401, { error: 'invalid api key or secret' });
  const decision = deps.limiter.take(apiKey);
  if (!decision.ok) {
    const retryAfter = String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
    return sendJson(res, 429, { error: 'too many requests' }, { 'Retry-After': retryAfter });
  }
  if (apiSecret === undefined || !sameSecret(apiSecret, deps.apiSecret))
    return sendJson(res, 401, { error: 'invalid api key or secret' });
  const { token, expiresIn } = deps.auth.mint();
  sendJson(
    res,
    200,
    { access_token: token, token_type: 'Bearer', expires_in: expiresIn },
    { 'Cache-Control': 'no-store' },
  );
}

/** Refuse a WebSocket upgrade with a plain HTTP answer (the client sees it as an unexpected response). */
export function rejectUpgrade(socket: Duplex, status: number, body: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Access-Control-Allow-Origin: *\r\n' +
      '\r\n' +
      body,
  );
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

/** Stop listening; sockets still open after `graceMs` (closing handshakes not finished) are terminated. */
export async function closeHttp(server: Server, terminate: () => void, graceMs = 500): Promise<void> {
  const timer = setTimeout(terminate, graceMs);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearTimeout(timer);
}
