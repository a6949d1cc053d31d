import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { isLoopbackHost, type RelayConfig, type RelayVenue } from './config';
import { mintCoinSwitchSignature, UpstreamError, type MintDeps } from './credentials';
import { consoleLogger, logSafe, type RelayLogger } from './log';
import { DEFAULT_PAIRING_LIMITS, PairingLimiter, type PairingLimits } from './pairing-limit';
import { RailsTokens } from './rails-tokens';
import { restPathAllowed, restQuery } from './rest-allowlist';
import { forwardRest, RestError, type RestDeps } from './rest-proxy';
import { openRoxomBridge, type Bridge } from './roxom-bridge';

/**
 * The relay's HTTP server (docs/contract.md section 4):
 *
 *   GET /credentials/<id>      Authorization: Bearer <pairing token>   Rails → { token, expiresAt, url },
 *                              CoinSwitch → { apiKey, expires, signature, url }; `url` is the venue's wsUrl
 *   GET /rest/<id>/<path>?<q>  Authorization: Bearer <pairing token>   the venue's answer to the signed
 *                              request, for the allowlisted read-only paths (rest-allowlist.ts, rest-proxy.ts)
 *   ws  /ws/<id>               subprotocol venueboard.pairing.<token> (?token= refused)   Roxom bridge
 *   GET /health                                                        { ok: true } (no secret, no token)
 *
 * Every request is checked in this order: Host (loopback names only, against DNS rebinding), Origin
 * (listed, or absent when `allowMissingOrigin`), the failed-pairing lockout (pairing-limit.ts), pairing
 * token (constant time), venue id. Refusals: 403, 429, 401, 404. CORS (preflight included) for the
 * allowed origins only. One log line per request and per bridged connection, never with a secret.
 */

export interface RelayServerOptions {
  logger?: RelayLogger;
  /** For the upstream HTTP requests (tests may wrap it). */
  fetch?: typeof globalThis.fetch;
  now?: () => number;
  /** WS control pings on bridged sockets. Default 15 s. */
  pingIntervalMs?: number;
  /** Upstream HTTP requests and the venue's WebSocket handshake. Default 10 s. */
  upstreamTimeoutMs?: number;
  /** Failed pairing attempts before 429 (per remote address, all addresses) within a window. */
  pairingLimits?: Partial<PairingLimits>;
  /** Largest WebSocket message either side of the bridge may send; larger closes with 1009. Default 1 MiB. */
  maxMessageBytes?: number;
  /** Largest venue answer `/rest` passes on; larger is 502. Default 4 MiB. */
  maxRestBodyBytes?: number;
}

export interface RunningRelay {
  /** `http://127.0.0.1:<port>`: the base URL for keyring references and `ws://…/ws/<id>`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const MAX_QUEUED_BYTES = 1 << 20;
const MAX_MESSAGE_BYTES = 1 << 20;
const MAX_REST_BODY_BYTES = 4 << 20;
/** The WebSocket subprotocol that carries the pairing token (docs/contract.md section 4). */
export const PAIRING_PROTOCOL_PREFIX = 'venueboard.pairing.';

type OriginCheck = { ok: true; origin: string | undefined } | { ok: false; status: 403; error: string; log: string };

export async function startRelayServer(config: RelayConfig, options: RelayServerOptions = {}): Promise<RunningRelay> {
  if (!isLoopbackHost(config.host)) throw new Error('the relay listens on loopback addresses only');
  const log = options.logger ?? consoleLogger;
  const now = options.now ?? Date.now;
  const mint: MintDeps = {
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    now,
    timeoutMs: options.upstreamTimeoutMs ?? 10_000,
  };
  const railsTokens = new RailsTokens(mint);
  const rest: RestDeps = { ...mint, maxBodyBytes: options.maxRestBodyBytes ?? MAX_REST_BODY_BYTES, railsTokens };
  const limiter = new PairingLimiter({ ...DEFAULT_PAIRING_LIMITS, ...options.pairingLimits }, now);
  const maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const tokenDigest = digest(config.token);
  const bridges = new Set<Bridge>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: maxMessageBytes,
    // The pairing subprotocol was checked before the upgrade; it is echoed exactly. Nothing else is chosen.
    handleProtocols: (protocols) => [...protocols].find((p) => p.startsWith(PAIRING_PROTOCOL_PREFIX)) ?? false,
  });

  const checkOrigin = (req: IncomingMessage): OriginCheck => {
    const origin = req.headers.origin;
    if (origin === undefined) {
      if (config.allowMissingOrigin) return { ok: true, origin: undefined };
      return { ok: false, status: 403, error: 'an Origin header is required', log: 'no Origin' };
    }
    if (config.allowedOrigins.has(origin)) return { ok: true, origin };
    return {
      ok: false,
      status: 403,
      error: "this origin is not in the relay's allowedOrigins",
      log: `origin ${logSafe(origin)} not allowed`,
    };
  };

  const tokenMatches = (given: string | undefined): boolean =>
    given !== undefined && timingSafeEqual(digest(given), tokenDigest);

  /** 0 when this client may present a token; otherwise the whole seconds to wait. */
  const lockout = (req: IncomingMessage): number => {
    const ms = limiter.lockedFor(remoteAddress(req));
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  };
  const lockoutError = (wait: number) => `too many failed pairing attempts: try again in ${wait} s`;
  /** Constant-time token check; a failure counts towards the lockout. */
  const paired = (req: IncomingMessage, given: string | undefined): boolean => {
    if (tokenMatches(given)) return true;
    limiter.failed(remoteAddress(req));
    return false;
  };

  // ---- HTTP ---------------------------------------------------------------------------------

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const path = pathOf(target);
    const route = routeOf(path);
    const send = (status: number, body: Buffer, type: boolean, outcome: string, headers: Record<string, string>) => {
      const empty = status === 204 || status === 304;
      res.writeHead(status, {
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        ...(type ? { 'Content-Type': 'application/json' } : {}),
        ...(empty ? {} : { 'Content-Length': String(body.length) }),
        ...headers,
      });
      res.end(empty ? undefined : body);
      log(`${logSafe(method, 10)} ${outcome} → ${status}`);
    };
    const answer = (status: number, body: unknown, outcome: string, headers: Record<string, string> = {}): void => {
      const text = body === undefined ? '' : JSON.stringify(body);
      send(status, Buffer.from(text, 'utf8'), text !== '', outcome, headers);
    };

    if (!hostAllowed(req.headers.host))
      return answer(403, { error: 'host not allowed' }, `${route}: Host header is not a loopback name`);
    const credentials = /^\/credentials\/([^/]+)$/.exec(path);
    const restMatch = /^\/rest\/([^/]+)(\/.*)?$/.exec(path);
    if (!credentials && !restMatch) {
      if (path === '/health' && method === 'GET') return answer(200, { ok: true }, '/health');
      if (route === '/ws')
        return answer(426, { error: 'open this path as a WebSocket' }, '/ws without an upgrade', {
          Upgrade: 'websocket',
        });
      return answer(404, { error: 'not found' }, 'unknown path');
    }

    const venue = lookup(config, (credentials ?? restMatch)?.[1]);
    const name = venue ? `${route}/${venue.id}` : `${route}/(unknown id)`;
    const origin = checkOrigin(req);
    if (!origin.ok) return answer(origin.status, { error: origin.error }, `${name}: ${origin.log}`);
    const cors: Record<string, string> =
      origin.origin === undefined ? {} : { 'Access-Control-Allow-Origin': origin.origin, Vary: 'Origin' };

    if (method === 'OPTIONS') {
      const preflight: Record<string, string> = {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization',
        'Access-Control-Max-Age': '600',
      };
      // Chrome's Private Network Access: a page on a public origin asks before calling loopback.
      if (origin.origin !== undefined && req.headers['access-control-request-private-network'] === 'true') {
        preflight['Access-Control-Allow-Private-Network'] = 'true';
      }
      return answer(204, undefined, `${name}: preflight allowed`, preflight);
    }
    const withCors = { ...cors, 'Access-Control-Allow-Headers': 'Authorization' };
    if (method !== 'GET') {
      if (restMatch)
        return answer(404, { error: 'not found: /rest forwards GET only' }, `${name}: method not allowed`, withCors);
      return answer(405, { error: 'only GET' }, `${name}: method not allowed`, { ...withCors, Allow: 'GET, OPTIONS' });
    }
    const wait = lockout(req);
    if (wait > 0)
      return answer(429, { error: lockoutError(wait) }, `${name}: pairing locked out`, {
        ...withCors,
        'Retry-After': String(wait),
      });
    if (!paired(req, bearer(req.headers.authorization))) {
      return answer(401, { error: 'wrong or missing pairing token' }, `${name}: pairing token refused`, {
        ...withCors,
        'WWW-Authenticate': 'Bearer',
      });
    }
    if (!venue)
      return answer(404, { error: 'no venue with this id in the relay config' }, `${name}: no such id`, withCors);

    if (restMatch) {
      if (venue.restUrl === undefined)
        return answer(
          404,
          { error: `no restUrl configured for ${venue.id}` },
          `${name}: no restUrl configured`,
          withCors,
        );
      const venuePath = restMatch[2] ?? '';
      const query = restQuery(target);
      if (query === undefined || target.includes('#') || !restPathAllowed(venue.venue, venuePath)) {
        // The path is not logged: it is whatever the client sent.
        return answer(
          404,
          { error: `not a ${venue.venue} path the relay forwards (relay/README.md lists them)` },
          `${name}: path not allowed`,
          withCors,
        );
      }
      try {
        const result = await forwardRest(venue, venue.restUrl, venuePath, query, rest);
        return send(result.status, result.body, true, `${name}${venuePath}: venue answered ${result.status}`, withCors);
      } catch (error) {
        const status = error instanceof RestError ? error.status : 502;
        const message = error instanceof RestError ? error.message : 'the relay could not forward the request';
        return answer(
          status,
          { error: message },
          `${name}${venuePath}: upstream failed: ${logSafe(message, 120)}`,
          withCors,
        );
      }
    }

    if (venue.venue === 'roxom') {
      return answer(
        404,
        { error: `venue ${venue.id} is bridged: open ws /ws/${venue.id}; it has no credential to fetch` },
        `${name}: not a credential venue`,
        withCors,
      );
    }
    try {
      let credential: object;
      if (venue.venue === 'rails') {
        const minted = await railsTokens.mint(venue);
        credential = { token: minted.token, expiresAt: minted.expiresAt, url: venue.wsUrl };
      } else {
        credential = { ...(await mintCoinSwitchSignature(venue, mint)), url: venue.wsUrl };
      }
      return answer(200, credential, `${name}: ${venue.venue} credential minted`, withCors);
    } catch (error) {
      const message = error instanceof UpstreamError ? error.message : 'the relay could not mint the credential';
      return answer(502, { error: message }, `${name}: upstream failed: ${logSafe(message, 120)}`, withCors);
    }
  };

  // ---- WebSocket upgrades -------------------------------------------------------------------

  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const path = pathOf(req.url);
    const match = /^\/ws\/([^/]+)$/.exec(path);
    const venue = match ? lookup(config, match[1]) : undefined;
    const name = venue ? `ws ${venue.id}` : match ? 'ws (unknown id)' : 'ws (unknown path)';
    const refuse = (status: number, text: string, outcome: string, headers: Record<string, string> = {}) => {
      rejectUpgrade(socket, status, text, headers);
      log(`${name}: ${outcome} → ${status}`);
    };
    if (!hostAllowed(req.headers.host)) return refuse(403, 'host not allowed', 'Host header is not a loopback name');
    const origin = checkOrigin(req);
    if (!origin.ok) return refuse(403, origin.error, origin.log);
    if (queryToken(req.url) !== undefined) {
      // The older form put the pairing token in the URL, where proxies, logs and history keep it. Refused
      // whatever the token (it is never compared), with a policy close the browser shows as its reason.
      return wss.handleUpgrade(req, socket, head, (browser) => {
        browser.close(1008, URL_TOKEN_REFUSED);
        log(`${name}: pairing token in the URL refused → 1008`);
      });
    }
    const wait = lockout(req);
    if (wait > 0) return refuse(429, lockoutError(wait), 'pairing locked out', { 'Retry-After': String(wait) });
    if (!paired(req, upgradeToken(req))) return refuse(401, 'wrong or missing pairing token', 'pairing token refused');
    if (!match) return refuse(404, 'not found', 'no such path');
    if (!venue) return refuse(404, 'no venue with this id in the relay config', 'no such id');
    if (venue.venue !== 'roxom')
      return refuse(404, `venue ${venue.id} is not bridged: GET /credentials/${venue.id}`, 'not a bridged venue');
    wss.handleUpgrade(req, socket, head, (browser) => {
      const bridge = openRoxomBridge(browser, venue, {
        pingIntervalMs: options.pingIntervalMs ?? 15_000,
        connectTimeoutMs: mint.timeoutMs,
        maxQueuedBytes: MAX_QUEUED_BYTES,
        maxMessageBytes,
        log,
        now,
      });
      bridges.add(bridge);
      void bridge.done.then(() => bridges.delete(bridge));
    });
  };

  const server = createServer((req, res) => {
    handleRequest(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'internal error' }));
      log(`${logSafe(req.method ?? 'GET', 10)} request failed → 500`);
    });
  });
  server.on('upgrade', handleUpgrade);
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  if (!isLoopbackHost(address.address)) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw new Error(`${config.host} resolved to a non-loopback address; the relay listens on loopback only`);
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  let stopping: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    stop() {
      stopping ??= (async () => {
        for (const bridge of bridges) bridge.close(1001, 'relay shutting down');
        await Promise.all([...bridges].map((bridge) => bridge.done));
        wss.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return stopping;
    },
  };
}

function lookup(config: RelayConfig, rawId: string | undefined): RelayVenue | undefined {
  if (rawId === undefined) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    return undefined;
  }
  return config.venues.get(id);
}

/** The path of a request target, never its query (which may carry the pairing token). */
function pathOf(target: string | undefined): string {
  const text = target ?? '/';
  const cut = text.search(/[?#]/);
  return cut === -1 ? text : text.slice(0, cut);
}

function routeOf(path: string): '/credentials' | '/rest' | '/ws' | '/health' | 'other' {
  if (path.startsWith('/credentials/')) return '/credentials';
  if (path.startsWith('/rest/')) return '/rest';
  if (path.startsWith('/ws/')) return '/ws';
  return path === '/health' ? '/health' : 'other';
}

function remoteAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** The close reason for a pairing token in the URL (at most 123 bytes, as a close frame allows). */
export const URL_TOKEN_REFUSED =
  'pairing token in the URL (?token=) refused: send it as the subprotocol venueboard.pairing.<token>';

/**
 * The pairing token of an upgrade: the subprotocol `venueboard.pairing.<token>`. Several pairing
 * subprotocols are refused (one attempt must not try several tokens).
 */
function upgradeToken(req: IncomingMessage): string | undefined {
  const offered = (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.startsWith(PAIRING_PROTOCOL_PREFIX));
  return offered.length === 1 ? offered[0]?.slice(PAIRING_PROTOCOL_PREFIX.length) : undefined;
}

/** A `token` query parameter (even empty), which only the refused older form sends. */
function queryToken(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? '/', 'http://relay.invalid').searchParams.get('token') ?? undefined;
  } catch {
    return undefined;
  }
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Against DNS rebinding: the Host a client asked for must be a loopback name (any port). */
function hostAllowed(host: string | undefined): boolean {
  if (host === undefined) return true;
  const name = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(host)?.[1];
  return name !== undefined && isLoopbackHost(name);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function rejectUpgrade(socket: Duplex, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = `${text}\n`;
  const extra = Object.entries(headers)
    .map(([key, value]) => `${key}: ${value}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\n' +
      extra +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
