import { constants, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import type { RelayConfigInput } from './config';

/** Test helpers for the relay: throwaway keys on disk, a config, a log that keeps every line. */

export interface TestKeys {
  dir: string;
  /** privateKeyFile, relative to `dir`. */
  rsaFile: string;
  rsaPublic: KeyObject;
  rsaPem: string;
  ed25519SeedHex: string;
  ed25519Public: KeyObject;
  cleanup(): void;
}

export function makeTestKeys(): TestKeys {
  const dir = mkdtempSync(join(tmpdir(), 'relay-test-'));
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(join(dir, 'roxom.pem'), rsaPem, { mode: 0o600 });
  const ed = generateKeyPairSync('ed25519');
  // The last 32 bytes of the PKCS#8 DER form are the seed.
  const der = ed.privateKey.export({ type: 'pkcs8', format: 'der' });
  return {
    dir,
    rsaFile: 'roxom.pem',
    rsaPublic: rsa.publicKey,
    rsaPem,
    ed25519SeedHex: der.subarray(der.length - 32).toString('hex'),
    ed25519Public: ed.publicKey,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const ORIGIN = 'http://localhost:5173';
export const CS_KEY = 'cs-key-0123456789';
/** The endpoints test credentials are pinned to (nothing listens there). */
export const RAILS_WS_URL = 'wss://ws.rails.test';
export const CS_WS_URL = 'wss://nats.coinswitch.test';

export function testConfig(
  keys: TestKeys,
  venues: RelayConfigInput['venues'] = {},
  extra: Partial<RelayConfigInput> = {},
): RelayConfigInput {
  return {
    listen: '127.0.0.1:0',
    token: `pairing-${randomBytes(12).toString('hex')}`,
    allowedOrigins: [ORIGIN],
    venues: {
      'rails-btc': {
        venue: 'rails',
        wsUrl: RAILS_WS_URL,
        tokenUrl: 'http://127.0.0.1:65533/api/v1/token',
        apiKey: 'rails-key-0123456789',
        apiSecret: `rails-secret-${randomBytes(8).toString('hex')}`,
      },
      'cs-main': {
        venue: 'coinswitch',
        wsUrl: CS_WS_URL,
        signatureUrl: 'http://127.0.0.1:65533/dma/api/v1/socket/signature',
        apiKey: CS_KEY,
        secretKeyHex: keys.ed25519SeedHex,
      },
      'roxom-main': { venue: 'roxom', url: 'ws://127.0.0.1:65533/ws', apiKey: ROXOM_KEY, privateKeyFile: keys.rsaFile },
      ...venues,
    },
    ...extra,
  };
}

/** A logger that keeps every line. */
export function captureLog(): { lines: string[]; logger: (line: string) => void } {
  const lines: string[] = [];
  return { lines, logger: (line) => lines.push(line) };
}

/**
 * Opens a WebSocket and resolves with it once open, or with the HTTP status (and Retry-After) of a
 * refused upgrade. `protocols` are offered as Sec-WebSocket-Protocol; `localAddress` picks the
 * client's loopback address (127.0.0.2 is another remote address to the relay).
 */
export function tryUpgrade(
  url: string,
  headers: Record<string, string> = {},
  more: { protocols?: string[]; localAddress?: string } = {},
): Promise<{ socket: WebSocket } | { status: number; body: string; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, more.protocols ?? [], { headers, localAddress: more.localAddress });
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        const retryAfter = res.headers['retry-after'];
        resolve({ status: res.statusCode ?? 0, body, ...(retryAfter === undefined ? {} : { retryAfter }) });
      });
    });
    socket.on('open', () => resolve({ socket }));
    socket.on('error', reject);
  });
}

/** Resolves with the close code and reason of a socket. */
export function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve({ code: 1006, reason: '' });
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

/** The next text frame, exactly as received. */
export function nextFrame(socket: WebSocket): Promise<{ text: string; binary: boolean }> {
  return new Promise((resolve) =>
    socket.once('message', (data: Buffer, binary) => resolve({ text: data.toString('utf8'), binary })),
  );
}

export const ROXOM_KEY = 'roxom-key-0123456789';

export interface Upstream {
  url: string;
  server: Server;
  wss: WebSocketServer;
  clients: WebSocket[];
  /** `protocol`: the Sec-WebSocket-Protocol the relay offered Roxom (it must offer none). */
  upgrades: { apiKey: string | undefined; verified: boolean; path: string; protocol?: string }[];
  /** Every frame the upstream received, as text. */
  received: string[];
  /** Refuse the next upgrades with this HTTP status. */
  refuseWith?: number;
  /** Do not answer pings (a silent venue). */
  deaf?: boolean;
}

/** A stand-in for Roxom: checks the signature header at the upgrade, echoes every frame byte for byte. */
export async function startUpstream(keys: TestKeys): Promise<Upstream> {
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, autoPong: false });
  const upstream: Upstream = { url: '', server, wss, clients: [], upgrades: [], received: [] };
  server.on('upgrade', (req, socket, head) => {
    const apiKey = req.headers['x-api-key'] as string | undefined;
    const signature = String(req.headers['x-api-signature'] ?? '');
    let verified: boolean;
    try {
      verified = verify(
        'sha256',
        Buffer.from('GET:/ws'),
        { key: keys.rsaPublic, padding: constants.RSA_PKCS1_PADDING },
        Buffer.from(signature, 'base64'),
      );
    } catch {
      verified = false;
    }
    upstream.upgrades.push({ apiKey, verified, path: req.url ?? '', protocol: req.headers['sec-websocket-protocol'] });
    const status = upstream.refuseWith ?? (verified && apiKey === ROXOM_KEY ? 0 : 401);
    if (status !== 0) {
      socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      upstream.clients.push(ws);
      ws.on('ping', (data) => {
        if (!upstream.deaf) ws.pong(data);
      });
      ws.on('message', (data: Buffer, isBinary) => {
        upstream.received.push(data.toString('utf8'));
        ws.send(data, { binary: isBinary }); // echo, byte for byte
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
  return upstream;
}

export interface SignatureRequest {
  path: string;
  verified: boolean;
  epoch: string;
  /** The request's X-AUTH-SIGNATURE. */
  signature: string;
  /** The socket signature the stand answered. */
  answered?: string;
}

/** A stand-in for CoinSwitch's GET /dma/api/v1/socket/signature that verifies the Ed25519 request signature. */
export async function signatureServer(
  publicKey: KeyObject,
): Promise<{ server: Server; url: string; requests: SignatureRequest[] }> {
  const requests: SignatureRequest[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const apiKey = req.headers['x-auth-apikey'];
    const signature = String(req.headers['x-auth-signature'] ?? '');
    const epoch = String(req.headers['x-auth-epoch'] ?? '');
    const path = req.url ?? '';
    const payload = `${req.method}${decodeURIComponent(path)}${epoch}`;
    let verified: boolean;
    try {
      verified =
        /^[0-9a-f]{128}$/.test(signature) &&
        verify(null, Buffer.from(payload), publicKey, Buffer.from(signature, 'hex'));
    } catch {
      verified = false;
    }
    const request: SignatureRequest = { path, verified, epoch, signature };
    requests.push(request);
    res.setHeader('Content-Type', 'application/json');
    if (!/^\d{13}$/.test(epoch)) {
      res.writeHead(400).end(JSON.stringify({ message: 'X-AUTH-EPOCH is mandatory' }));
      return;
    }
    if (!verified || apiKey !== CS_KEY) {
      res.writeHead(401).end(JSON.stringify({ message: 'Invalid signature' }));
      return;
    }
    const seconds = Number(new URL(path, 'http://x').searchParams.get('expires_in_seconds') ?? 300);
    request.answered = randomBytes(32).toString('hex');
    res.writeHead(200).end(
      JSON.stringify({
        api_key: 'socket-api-key',
        expires: Number(epoch) + seconds * 1000,
        signature: request.answered,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/dma/api/v1/socket/signature`, requests };
}

// ---- REST stand-ins: one HTTP server per venue that checks the request exactly as the venue does ----

export interface RestRequest {
  method: string;
  /** The request target as received (path and query, not decoded). */
  target: string;
  headers: IncomingMessage['headers'];
  verified: boolean;
}

export type RestReply = { status: number; body: string | Buffer; headers?: Record<string, string> } | 'hang';

export interface RestStand {
  /** The base URL (restUrl). */
  url: string;
  server: Server;
  requests: RestRequest[];
  /** The answer to a verified request; default 200 `{"path": <target>}`. */
  reply?: (request: RestRequest) => RestReply;
  close(): Promise<void>;
}

/** Starts a stand whose `verify` decides, from the request, whether the venue would accept it (else 401). */
export async function restStand(verify: (req: IncomingMessage) => boolean, extra?: RequestHandler): Promise<RestStand> {
  const hanging = new Set<ServerResponse>();
  const stand: RestStand = {
    url: '',
    server: createServer((req, res) => {
      if (extra?.(req, res)) return;
      req.resume();
      let verified: boolean;
      try {
        verified = verify(req);
      } catch {
        verified = false;
      }
      const request: RestRequest = { method: req.method ?? '', target: req.url ?? '', headers: req.headers, verified };
      stand.requests.push(request);
      if (!verified) {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"invalid signature"}');
        return;
      }
      const reply = stand.reply?.(request) ?? { status: 200, body: JSON.stringify({ path: request.target }) };
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers }).end(reply.body);
    }),
    requests: [],
    close: async () => {
      for (const res of hanging) res.destroy();
      stand.server.closeAllConnections();
      await new Promise<void>((resolve) => stand.server.close(() => resolve()));
    },
  };
  await new Promise<void>((resolve) => stand.server.listen(0, '127.0.0.1', resolve));
  stand.url = `http://127.0.0.1:${(stand.server.address() as AddressInfo).port}`;
  return stand;
}

/** Handles a request itself (true) or leaves it to the stand (false). */
type RequestHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const header = (req: IncomingMessage, name: string): string => String(req.headers[name] ?? '');

/** CoinSwitch: X-AUTH-SIGNATURE is the hex Ed25519 signature of GET + URL-decoded path with query + X-AUTH-EPOCH. */
export function coinSwitchVerifier(publicKey: KeyObject, apiKey = CS_KEY): (req: IncomingMessage) => boolean {
  return (req) => {
    const epoch = header(req, 'x-auth-epoch');
    const signature = header(req, 'x-auth-signature');
    const payload = `${req.method}${decodeURIComponent(req.url ?? '')}${epoch}`;
    return (
      header(req, 'x-auth-apikey') === apiKey &&
      /^\d{13}$/.test(epoch) &&
      /^[0-9a-f]{128}$/.test(signature) &&
      verify(null, Buffer.from(payload), publicKey, Buffer.from(signature, 'hex'))
    );
  };
}

/** Roxom: X-API-Signature is the base64 RSA PKCS#1 v1.5 SHA-256 signature of `GET:<path>?<query>`. */
export function roxomVerifier(publicKey: KeyObject, apiKey = ROXOM_KEY): (req: IncomingMessage) => boolean {
  return (req) =>
    header(req, 'x-api-key') === apiKey &&
    verify(
      'sha256',
      Buffer.from(`${req.method}:${req.url ?? ''}`),
      { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from(header(req, 'x-api-signature'), 'base64'),
    );
}

export interface RailsStand extends RestStand {
  /** Tokens minted so far, in order. */
  minted: string[];
  /** Tokens the venue no longer accepts. */
  revoked: Set<string>;
  tokenUrl: string;
  apiKey: string;
  apiSecret: string;
}

/**
 * Rails: `POST /api/v1/token` with X-Api-Key / X-Api-Secret mints `{access_token, token_type, expires_in}`;
 * the REST paths accept `Authorization: Bearer <a minted token not revoked>`.
 */
export async function railsStand(expiresInS = 1800): Promise<RailsStand> {
  const apiKey = 'rails-rest-key-0123456789';
  const apiSecret = `rails-rest-secret-${randomBytes(8).toString('hex')}`;
  const minted: string[] = [];
  const revoked = new Set<string>();
  const stand = await restStand(
    (req) => {
      const token = /^Bearer (\S+)$/.exec(header(req, 'authorization'))?.[1];
      return token !== undefined && minted.includes(token) && !revoked.has(token);
    },
    (req, res) => {
      if (req.url !== '/api/v1/token') return false;
      req.resume();
      if (req.method !== 'POST' || header(req, 'x-api-key') !== apiKey || header(req, 'x-api-secret') !== apiSecret) {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"invalid api key or secret"}');
        return true;
      }
      const token = `rails-access-${randomBytes(16).toString('hex')}`;
      minted.push(token);
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: expiresInS }));
      return true;
    },
  );
  return Object.assign(stand, { minted, revoked, tokenUrl: `${stand.url}/api/v1/token`, apiKey, apiSecret });
}
