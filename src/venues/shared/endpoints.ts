import type { ConnectionConfig } from '../../domain/connection-config';

/**
 * The addresses a venue's connections may reach from the browser, as origins (`wss://host[:port]`,
 * `https://host[:port]`). Each venue folder declares its own in `endpoints.ts`; the build writes the
 * union into the page's Content Security Policy (connect-src, scripts/csp.ts), and a connection is
 * checked against its venue's list before anything is opened, so an address the policy would refuse is
 * explained on the connection's row instead of failing as a silent CSP error.
 *
 * The policy is static (a meta tag written at build time, before any profile exists), so the list is
 * per venue, not per connection: adding a host means adding it here and rebuilding.
 */
export interface VenueEndpoints {
  /** WebSocket origins the browser opens (`wss://…`). */
  websocket: readonly string[];
  /** REST origins the browser calls itself (recovery with a pasted token); a keyring connection's go through the relay. */
  rest: readonly string[];
}

/**
 * Loopback as a CSP source can name it (any port): simulators, the keyring relay, the dev server. A
 * source cannot be an address range or an IPv6 literal, so 127.0.0.2 or [::1] are not loopback here.
 */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost'];

const SCHEMES = { websocket: ['ws:', 'wss:'], rest: ['http:', 'https:'] } as const;

/** The CSP sources for loopback: every scheme a connection uses, on both names, any port. */
export function loopbackSources(): string[] {
  return [...SCHEMES.websocket, ...SCHEMES.rest].flatMap((scheme) =>
    LOOPBACK_HOSTS.map((host) => `${scheme}//${host}:*`),
  );
}

/** Every venue's origins plus loopback, each once, in a stable order: connect-src's list. */
export function connectSources(all: readonly VenueEndpoints[]): string[] {
  const origins = new Set(all.flatMap((e) => [...e.websocket, ...e.rest]).map((o) => new URL(o).origin));
  return [...[...origins].sort(), ...loopbackSources()];
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Whether the policy lets the page reach `url` as a `kind` address of a venue with these endpoints:
 * a listed origin (scheme, host and port exactly), or loopback with the kind's schemes. `relay` is
 * loopback only (the keyring relay runs on this machine).
 */
export function isAllowedAddress(
  url: string,
  kind: 'websocket' | 'rest' | 'relay',
  endpoints: VenueEndpoints,
): boolean {
  const parsed = parse(url);
  if (parsed === undefined) return false;
  const schemes: readonly string[] = SCHEMES[kind === 'websocket' ? 'websocket' : 'rest'];
  if (!schemes.includes(parsed.protocol)) return false;
  if (LOOPBACK_HOSTS.includes(parsed.hostname.toLowerCase())) return true;
  if (kind === 'relay') return false;
  return endpoints[kind].some((listed) => parse(listed)?.origin === parsed.origin);
}

/** The address's scheme, host and port only: never a path, query or user (a token may sit there). */
function originText(url: string): string {
  const parsed = parse(url);
  return parsed === undefined ? '' : `${parsed.protocol}//${parsed.host}`;
}

/**
 * Why the page must not open these addresses of a connection (empty when it may): its WebSocket `url`,
 * its keyring relay, and the REST base it would call itself (`restBase`, from the adapter's `rest()`).
 */
export function connectionAddressProblems(
  config: Pick<ConnectionConfig, 'venue' | 'url' | 'auth'>,
  endpoints: VenueEndpoints,
  restBase?: string,
): string[] {
  const keyring = config.auth.keyring as { url?: unknown } | undefined;
  const checks: [string, string, 'websocket' | 'rest' | 'relay'][] = [['url', config.url, 'websocket']];
  if (typeof keyring?.url === 'string') checks.push(['auth.keyring.url', keyring.url, 'relay']);
  if (restBase !== undefined) checks.push(['REST address', restBase, 'rest']);
  // A URL that does not parse is the schema's to report (a socket cannot open it either).
  return checks
    .filter(([, url, kind]) => parse(url) !== undefined && !isAllowedAddress(url, kind, endpoints))
    .map(([field, url, kind]) => notAllowedMessage(field, url, kind, config.venue, endpoints));
}

function notAllowedMessage(
  field: string,
  url: string,
  kind: 'websocket' | 'rest' | 'relay',
  venue: string,
  endpoints: VenueEndpoints,
): string {
  const listed = kind === 'relay' ? [] : endpoints[kind];
  const use =
    kind === 'relay'
      ? 'run the keyring relay on this machine (http://127.0.0.1:<port> or http://localhost:<port>)'
      : `use ${listed.length > 0 ? `one of this venue's addresses (${listed.join(', ')}) or ` : ''}a loopback address (127.0.0.1 or localhost)`;
  const add =
    kind === 'relay'
      ? ''
      : `, or add the host to src/venues/${venue}/endpoints.ts and rebuild the board (README, Security)`;
  return (
    `${field}: this address (${originText(url)}) is not in the board's allowed list, so the page's security ` +
    `policy would refuse it and nothing was opened; ${use}${add}`
  );
}
