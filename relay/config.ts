import { createPrivateKey, type KeyObject } from 'node:crypto';
import { dirname, isAbsolute, resolve } from 'node:path';
import { oneLine } from './log';
import { readPrivateFile } from './private-file';

/**
 * The relay's configuration (docs/contract.md section 4): read, checked and turned into ready-to-use keys.
 * Every problem is reported at once, by setting name; no message ever quotes a secret value (the
 * pairing token, API keys and secrets, key material). Only `listen`, origins and file paths, which are
 * not secret, may be quoted.
 */

/** The JSON shape of the config file (and of `startRelay(config)`). */
export interface RelayConfigInput {
  listen: string;
  token: string;
  allowedOrigins: string[];
  /**
   * Whether a request without an `Origin` header (a local program: curl, a test, a headless
   * collector) is served. Browsers always send `Origin` on WebSocket upgrades and on the relay's
   * cross-origin `fetch`, so the origin check is what stops a web page; such a client still needs the
   * pairing token. Default true; set false to serve browsers only.
   */
  allowMissingOrigin?: boolean;
  venues: Record<string, RelayVenueInput>;
}

export type RelayVenueInput =
  | { venue: 'roxom'; url: string; restUrl?: string; apiKey: string; privateKeyFile: string }
  | { venue: 'rails'; wsUrl: string; tokenUrl: string; restUrl?: string; apiKey: string; apiSecret: string }
  | {
      venue: 'coinswitch';
      wsUrl: string;
      signatureUrl: string;
      restUrl?: string;
      apiKey: string;
      secretKeyHex: string;
      expiresInSeconds?: number;
    };

export interface RoxomVenue {
  venue: 'roxom';
  id: string;
  url: string;
  /** The venue's REST base (`GET /rest/<id>/…`); without it /rest answers 404 for this id. */
  restUrl?: string;
  apiKey: string;
  /** The RSA private key (PKCS#8 PEM file) that signs `GET:/ws` and the REST requests. */
  privateKey: KeyObject;
}

export interface RailsVenue {
  venue: 'rails';
  id: string;
  /** The WebSocket endpoint the minted token is for: answered as `url` next to it (pinning). */
  wsUrl: string;
  tokenUrl: string;
  restUrl?: string;
  apiKey: string;
  apiSecret: string;
}

export interface CoinSwitchVenue {
  venue: 'coinswitch';
  id: string;
  /** The NATS-over-WebSocket endpoint the socket triple is for: answered as `url` next to it. */
  wsUrl: string;
  signatureUrl: string;
  restUrl?: string;
  apiKey: string;
  /** The Ed25519 private key built from the 32-byte seed. */
  secretKey: KeyObject;
  /** `?expires_in_seconds=N` for the signature endpoint (the venue's default is 300 s). */
  expiresInSeconds?: number;
}

export type RelayVenue = RoxomVenue | RailsVenue | CoinSwitchVenue;

export interface RelayConfig {
  host: string;
  port: number;
  token: string;
  allowedOrigins: ReadonlySet<string>;
  allowMissingOrigin: boolean;
  venues: ReadonlyMap<string, RelayVenue>;
}

export class RelayConfigError extends Error {
  constructor(
    readonly problems: string[],
    readonly source = 'relay config',
  ) {
    super(
      `${source} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'RelayConfigError';
  }
}

/** A pairing token shorter than this is refused: it guards every venue secret the relay holds. */
export const MIN_TOKEN_LENGTH = 16;
const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const TOP_KEYS = new Set(['listen', 'token', 'allowedOrigins', 'allowMissingOrigin', 'venues']);
const VENUE_KEYS: Record<RelayVenue['venue'], ReadonlySet<string>> = {
  roxom: new Set(['venue', 'url', 'restUrl', 'apiKey', 'privateKeyFile']),
  rails: new Set(['venue', 'wsUrl', 'tokenUrl', 'restUrl', 'apiKey', 'apiSecret']),
  coinswitch: new Set(['venue', 'wsUrl', 'signatureUrl', 'restUrl', 'apiKey', 'secretKeyHex', 'expiresInSeconds']),
};
/**
 * The pairing token travels as a WebSocket subprotocol (`venueboard.pairing.<token>`), so it must be an
 * HTTP token (RFC 9110 tchar): hex and base64url tokens are.
 */
const TOKEN_SHAPE = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Reads and checks a config file; relative paths inside it are relative to the file. The file holds
 * the pairing token and venue secrets: one that group or others may read is refused (POSIX).
 */
export function loadRelayConfig(path: string): RelayConfig {
  const file = readPrivateFile(path);
  if (!file.ok) throw new RelayConfigError([file.problem]);
  const problems = file.exposed === undefined ? [] : [file.exposed];
  let raw: unknown;
  try {
    raw = JSON.parse(file.text);
  } catch {
    // JSON.parse's message may quote the text around the error, which can be a secret.
    throw new RelayConfigError([...problems, `${path} is not valid JSON`]);
  }
  let config: RelayConfig | undefined;
  try {
    config = parseRelayConfig(raw, dirname(resolve(path)), path);
  } catch (error) {
    if (!(error instanceof RelayConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || config === undefined) throw new RelayConfigError(problems, path);
  return config;
}

/** Checks a config object; `baseDir` resolves relative `privateKeyFile` paths. */
export function parseRelayConfig(raw: unknown, baseDir: string, source = 'relay config'): RelayConfig {
  const problems: string[] = [];
  if (!isRecord(raw)) throw new RelayConfigError(['the config must be a JSON object'], source);
  for (const key of Object.keys(raw)) {
    if (!TOP_KEYS.has(key))
      problems.push(`"${clip(key)}" is not a relay setting (they are ${[...TOP_KEYS].join(', ')})`);
  }

  const listen = parseListen(raw.listen, problems);
  const token = raw.token;
  if (typeof token !== 'string' || token.trim().length === 0) {
    problems.push(
      'token is required: a random pairing token the dashboard presents (e.g. the output of `openssl rand -hex 24`)',
    );
  } else if (token.length < MIN_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) {
    problems.push(
      `token must be at least ${MIN_TOKEN_LENGTH} characters, letters, digits and !#$%&'*+-.^_\`|~ only (it travels as a WebSocket subprotocol; e.g. the output of \`openssl rand -hex 24\`); it is not shown here`,
    );
  }

  const allowedOrigins = parseOrigins(raw.allowedOrigins, problems);
  const allowMissingOrigin = raw.allowMissingOrigin ?? true;
  if (typeof allowMissingOrigin !== 'boolean') problems.push('allowMissingOrigin must be true or false');

  const venues = new Map<string, RelayVenue>();
  if (!isRecord(raw.venues) || Object.keys(raw.venues).length === 0) {
    problems.push(
      'venues is required: an object of venue ids, e.g. { "rails-btc": { "venue": "rails", "tokenUrl": …, "apiKey": …, "apiSecret": … } }',
    );
  } else {
    for (const [id, entry] of Object.entries(raw.venues)) {
      const venue = parseVenue(id, entry, baseDir, problems);
      if (venue) venues.set(id, venue);
    }
  }

  if (problems.length > 0 || !listen || typeof token !== 'string') throw new RelayConfigError(problems, source);
  return {
    host: listen.host,
    port: listen.port,
    token,
    allowedOrigins,
    allowMissingOrigin: allowMissingOrigin === true,
    venues,
  };
}

/** Loopback names and addresses only: the relay holds venue secrets and must not face the network. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)) return true;
  const parts = bare.split('.');
  return parts.length === 4 && parts[0] === '127' && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function parseListen(raw: unknown, problems: string[]): { host: string; port: number } | undefined {
  if (typeof raw !== 'string') {
    problems.push('listen is required: "127.0.0.1:8787" (a loopback address and a port)');
    return undefined;
  }
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(raw.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || match[1] === undefined || !(port >= 0 && port <= 65_535)) {
    problems.push(`listen must be "host:port" such as "127.0.0.1:8787", got "${clip(raw)}"`);
    return undefined;
  }
  const host = match[1];
  if (!isLoopbackHost(host)) {
    problems.push(
      `listen must be a loopback address (127.0.0.1, [::1] or localhost), got "${clip(host)}": the relay holds venue secrets and refuses to listen on the network`,
    );
    return undefined;
  }
  return { host: host.replace(/^\[(.*)\]$/, '$1'), port };
}

function parseOrigins(raw: unknown, problems: string[]): Set<string> {
  const origins = new Set<string>();
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(
      'allowedOrigins is required: the dashboard origins allowed to use the relay, e.g. ["http://localhost:5173"]',
    );
    return origins;
  }
  raw.forEach((entry: unknown, i) => {
    const origin = typeof entry === 'string' ? normalizeOrigin(entry) : undefined;
    if (entry === '*') problems.push(`allowedOrigins[${i}] is "*": list the dashboard's origins one by one`);
    else if (origin === undefined)
      problems.push(
        `allowedOrigins[${i}] must be an origin like "http://localhost:5173" (scheme, host and port; no path)`,
      );
    else origins.add(origin);
  });
  return origins;
}

/** `scheme://host[:port]` in the form browsers send it (lower case, default port dropped), or undefined. */
export function normalizeOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    if (!/^https?:$/.test(url.protocol) || url.username || url.password) return undefined;
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return undefined;
    if (/\/./.test(text.replace(/^[a-z]+:\/\//i, ''))) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

function parseVenue(id: string, raw: unknown, baseDir: string, problems: string[]): RelayVenue | undefined {
  const at = `venues.${clip(id)}`;
  if (!ID_SHAPE.test(id)) {
    problems.push(`venue id "${clip(id)}" must be letters, digits, ".", "_" or "-" (at most 64)`);
    return undefined;
  }
  if (!isRecord(raw)) {
    problems.push(`${at} must be an object with "venue" and its settings`);
    return undefined;
  }
  const kind = raw.venue;
  if (kind !== 'roxom' && kind !== 'rails' && kind !== 'coinswitch') {
    problems.push(`${at}.venue must be "roxom", "rails" or "coinswitch"`);
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(raw)) {
    if (!VENUE_KEYS[kind].has(key))
      problems.push(`${at}.${clip(key)} is not a ${kind} setting (they are ${[...VENUE_KEYS[kind]].join(', ')})`);
  }
  const apiKey = requiredSecret(raw.apiKey, `${at}.apiKey`, problems);
  const restUrl = optionalRestUrl(raw.restUrl, `${at}.restUrl`, kind, problems);
  switch (kind) {
    case 'roxom': {
      const url = parseUrl(raw.url, `${at}.url`, ['ws:', 'wss:'], 'wss://ws.roxom.com/ws', problems);
      const privateKey = readRsaKey(raw.privateKeyFile, `${at}.privateKeyFile`, baseDir, problems);
      if (problems.length > before || !url || !apiKey || !privateKey) return undefined;
      return withRestUrl({ venue: 'roxom', id, url, apiKey, privateKey }, restUrl);
    }
    case 'rails': {
      const wsUrl = requiredWsUrl(raw.wsUrl, `${at}.wsUrl`, 'wss://ws.trade.rails.xyz', problems);
      const tokenUrl = parseUrl(
        raw.tokenUrl,
        `${at}.tokenUrl`,
        ['http:', 'https:'],
        'https://api-auth.sandbox.rails.xyz/api/v1/token',
        problems,
      );
      const apiSecret = requiredSecret(raw.apiSecret, `${at}.apiSecret`, problems);
      if (problems.length > before || !wsUrl || !tokenUrl || !apiKey || !apiSecret) return undefined;
      return withRestUrl({ venue: 'rails', id, wsUrl, tokenUrl, apiKey, apiSecret }, restUrl);
    }
    case 'coinswitch': {
      const wsUrl = requiredWsUrl(raw.wsUrl, `${at}.wsUrl`, 'wss://…', problems);
      const signatureUrl = parseUrl(
        raw.signatureUrl,
        `${at}.signatureUrl`,
        ['http:', 'https:'],
        'https://dma.coinswitch.co/dma/api/v1/socket/signature',
        problems,
      );
      const secretKey = ed25519Key(raw.secretKeyHex, `${at}.secretKeyHex`, problems);
      const expiresInSeconds = raw.expiresInSeconds;
      if (expiresInSeconds !== undefined && !(Number.isInteger(expiresInSeconds) && (expiresInSeconds as number) > 0)) {
        problems.push(`${at}.expiresInSeconds must be a positive whole number of seconds (the venue's default is 300)`);
      }
      if (problems.length > before || !wsUrl || !signatureUrl || !apiKey || !secretKey) return undefined;
      const venue: CoinSwitchVenue = { venue: 'coinswitch', id, wsUrl, signatureUrl, apiKey, secretKey };
      if (typeof expiresInSeconds === 'number') venue.expiresInSeconds = expiresInSeconds;
      return withRestUrl(venue, restUrl);
    }
  }
}

function withRestUrl<V extends RelayVenue>(venue: V, restUrl: string | undefined): V {
  if (restUrl !== undefined) venue.restUrl = restUrl;
  return venue;
}

/**
 * `wsUrl` pins the credential to its endpoint (docs/contract.md section 4): `GET /credentials/<id>`
 * answers it as `url`, and the dashboard sends the credential there and nowhere else. A config written
 * before pinning has none: it is refused (a credential without its endpoint is what pinning forbids).
 */
function requiredWsUrl(raw: unknown, at: string, example: string, problems: string[]): string | undefined {
  if (raw === undefined) {
    problems.push(
      `${at} is required: the venue's WebSocket URL (ws or wss, like ${example}) this credential is for; the relay answers it next to the credential so the dashboard sends the credential there and nowhere else`,
    );
    return undefined;
  }
  return parseUrl(raw, at, ['ws:', 'wss:'], example, problems);
}

const REST_EXAMPLES: Record<RelayVenue['venue'], string> = {
  roxom: 'https://api.roxom.com',
  rails: 'https://user-account.trade.rails.xyz',
  coinswitch: 'https://dma.coinswitch.co',
};

/** Optional; a base URL without query or fragment (the allowed paths are appended to it). */
function optionalRestUrl(raw: unknown, at: string, kind: RelayVenue['venue'], problems: string[]): string | undefined {
  if (raw === undefined) return undefined;
  const url = parseUrl(raw, at, ['http:', 'https:'], REST_EXAMPLES[kind], problems);
  if (url === undefined) return undefined;
  const parsed = new URL(url);
  if (parsed.search || parsed.hash || url.includes('?') || url.includes('#')) {
    problems.push(`${at} must be a base URL without a query or fragment, like ${REST_EXAMPLES[kind]}`);
    return undefined;
  }
  return url;
}

function requiredSecret(raw: unknown, at: string, problems: string[]): string | undefined {
  if (typeof raw === 'string' && raw.trim().length > 0) return raw.trim();
  problems.push(`${at} is required (a non-empty string)`);
  return undefined;
}

function parseUrl(
  raw: unknown,
  at: string,
  schemes: string[],
  example: string,
  problems: string[],
): string | undefined {
  if (typeof raw === 'string') {
    try {
      const url = new URL(raw);
      if (schemes.includes(url.protocol) && !url.username && !url.password) return raw;
    } catch {
      // reported below
    }
  }
  // A URL is not a secret, but one with credentials in it could be: never quote it.
  problems.push(`${at} must be a ${schemes.map((s) => s.replace(':', '')).join(' or ')} URL like ${example}`);
  return undefined;
}

function readRsaKey(raw: unknown, at: string, baseDir: string, problems: string[]): KeyObject | undefined {
  if (typeof raw !== 'string' || raw.trim().length === 0) {
    problems.push(`${at} is required: the path of the RSA private key (PKCS#8 PEM), relative to the config file`);
    return undefined;
  }
  const path = isAbsolute(raw) ? raw : resolve(baseDir, raw);
  const file = readPrivateFile(path);
  if (!file.ok) {
    problems.push(`${at}: ${file.problem}`);
    return undefined;
  }
  if (file.exposed !== undefined) {
    problems.push(`${at}: ${file.exposed}`);
    return undefined;
  }
  const pem = file.text;
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    if (key.asymmetricKeyType !== 'rsa') {
      problems.push(`${at}: ${path} holds a ${key.asymmetricKeyType ?? 'non-RSA'} key; Roxom signs with RSA`);
      return undefined;
    }
    return key;
  } catch {
    problems.push(`${at}: ${path} is not a PEM private key (expected "-----BEGIN PRIVATE KEY-----", PKCS#8)`);
    return undefined;
  }
}

/** The 32-byte seed as 64 hex digits (a 64-byte "seed + public key" secret is accepted too). */
function ed25519Key(raw: unknown, at: string, problems: string[]): KeyObject | undefined {
  const hex = typeof raw === 'string' ? raw.trim().replace(/^0x/i, '') : '';
  if (!/^(?:[0-9a-fA-F]{64}|[0-9a-fA-F]{128})$/.test(hex)) {
    const length = typeof raw === 'string' ? `${raw.length} characters` : raw === undefined ? 'nothing' : typeof raw;
    problems.push(`${at} must be the Ed25519 secret key as 64 hexadecimal characters (32 bytes); got ${length}`);
    return undefined;
  }
  const seed = Buffer.from(hex.slice(0, 64), 'hex');
  try {
    return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  } catch {
    problems.push(`${at} is not a usable Ed25519 secret key`);
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names and non-secret values quoted in a problem: one short line. */
function clip(text: string): string {
  const line = oneLine(text);
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
