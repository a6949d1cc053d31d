import { requestHeader, sendJson as sendJsonWith, rejectUpgrade as refuseUpgrade } from '../shared/http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
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

/** A JSON answer with the CORS headers. */
function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonWith(res, status, body, { ...CORS_HEADERS, ...headers });
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
    const answer = answerRest(path, url.searchParams, requestHeader(req, 'authorization'), deps.rest);
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
  const apiKey = requestHeader(req, 'x-api-key');
  const apiSecret = requestHeader(req, 'x-api-secret');
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
  refuseUpgrade(socket, status, body, { 'Access-Control-Allow-Origin': '*' });
}
