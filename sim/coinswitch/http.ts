import { requestHeader, sendJson as sendJsonWith } from '../shared/http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyObject } from 'node:crypto';
import type { CoinswitchSocketSignature } from '../../src/venues/coinswitch/wire';
import type { SocketTriples } from './triples';
import type { CoinswitchHistory } from './history';
import { verifyRequest } from './ed25519';
import { EXECUTION_LIST_PATH, ORDER_REALTIME_PATH, REST_PATHS, bybitError, executionList, orderRealtime } from './rest';

export const SIGNATURE_PATH = '/dma/api/v1/socket/signature';
export const DEFAULT_EXPIRES_IN_S = 300;

/**
 * CORS for the simulator's HTTP answers: any origin, so a page or relay on another port can call the
 * signature endpoint and the REST reads in tests and demos. The venue's own CORS policy is unknown.
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
  /** What the REST reads answer from. */
  history: CoinswitchHistory;
}

/** A JSON answer with the CORS headers. */
function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonWith(res, status, body, { ...CORS_HEADERS, ...headers });
}

/** Error bodies are `{"message": "..."}` [guess: the venue's error shape for this endpoint is not documented]. */
const fail = (res: ServerResponse, status: number, message: string) => sendJson(res, status, { message });

/** Plain HTTP requests on the front end's port (WebSocket upgrades go to the NATS gate). */
export function handleHttp(req: IncomingMessage, res: ServerResponse, deps: SignatureEndpointDeps): void {
  req.resume();
  const rawUrl = req.url ?? '/';
  const path = rawUrl.split('?')[0] ?? '/';
  if (path !== SIGNATURE_PATH && !REST_PATHS.includes(path)) {
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
  const signed = checkSignedRequest(req, rawUrl, deps);
  if (path === SIGNATURE_PATH) {
    if (!signed.ok) return fail(res, signed.status, signed.message);
    return mintSignature(res, rawUrl, deps);
  }
  const now = deps.now();
  if (!signed.ok) return sendJson(res, signed.status, bybitError(signed.retCode, signed.message, now));
  const query = new URLSearchParams(rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '');
  const answer =
    path === EXECUTION_LIST_PATH
      ? executionList(query, deps.history, now)
      : path === ORDER_REALTIME_PATH
        ? orderRealtime(query, deps.history, now)
        : undefined;
  if (!answer) return fail(res, 404, 'not found');
  sendJson(res, answer.status, answer.body, { 'Cache-Control': 'no-store' });
}

/** Why a request's HFT signature headers are refused: HTTP status, the message, and the Bybit-style code [guess]. */
export type SignedCheck = { ok: true } | { ok: false; status: 400 | 401; retCode: number; message: string };

/**
 * Every HFT REST call is signed the same way (seed 001, "Authentication"): `X-AUTH-APIKEY`,
 * `X-AUTH-EPOCH` (ms, mandatory: otherwise 400) and `X-AUTH-SIGNATURE` = hex Ed25519 of
 * `METHOD + URL-decoded path with query + epoch`, the epoch within `maxEpochSkewMs` of the server's time.
 */
export function checkSignedRequest(req: IncomingMessage, rawUrl: string, deps: SignatureEndpointDeps): SignedCheck {
  const epoch = requestHeader(req, 'x-auth-epoch');
  if (epoch === undefined || epoch === '')
    return { ok: false, status: 400, retCode: 10001, message: 'X-AUTH-EPOCH header is required' };
  if (!/^\d{1,16}$/.test(epoch))
    return { ok: false, status: 400, retCode: 10001, message: 'X-AUTH-EPOCH must be Unix milliseconds' };
  const apiKey = requestHeader(req, 'x-auth-apikey');
  if (apiKey === undefined || apiKey !== deps.restApiKey)
    return { ok: false, status: 401, retCode: 10003, message: 'invalid api key' };
  const signature = requestHeader(req, 'x-auth-signature') ?? '';
  if (!verifyRequest(deps.publicKey, req.method ?? 'GET', rawUrl, epoch, signature))
    return { ok: false, status: 401, retCode: 10004, message: 'invalid signature' };
  if (Math.abs(deps.now() - Number(epoch)) > deps.maxEpochSkewMs)
    return { ok: false, status: 401, retCode: 10002, message: 'X-AUTH-EPOCH is too far from the server time' };
  return { ok: true };
}

function mintSignature(res: ServerResponse, rawUrl: string, deps: SignatureEndpointDeps): void {
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
