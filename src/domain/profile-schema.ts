import * as v from 'valibot';
import { PROFILE_FORMAT } from './connection-config';
import { VENUE_IDS, type VenueId } from './types';

/**
 * The one schema every connection import goes through (docs/contract.md section 2): the profile file,
 * a `?profile=` link, the add/edit form. It checks the venue-independent shape with bounds, and `auth`
 * against the shapes the contract documents for the connection's venue; each venue's adapter still
 * checks its `options` (and the finer points of a token) in depth when the connection starts.
 *
 * Problems name the field (`connections[2].auth.keyring.url`) and what it must be; they never quote
 * a value: a profile carries secrets, and a value may be crafted to look like markup.
 */

export const PROFILE_LIMITS = {
  /** The profile file (or a `?profile=` response), in bytes. */
  bytes: 1024 * 1024,
  connections: 100,
  idLength: 64,
  labelLength: 120,
  urlLength: 2048,
  /** A JWT or pairing token; generous, since a venue may put claims in it. */
  secretLength: 8192,
  optionKeys: 64,
  /** Problems listed for one import; the rest are counted. */
  problems: 50,
} as const;

/** Which documented `auth` shapes a venue takes (docs/contract.md section 2, the table's `auth` column). */
export type AuthShape = 'token' | 'signature-triple' | 'keyring';

/**
 * Every venue also reads `{}`: what an export without secrets holds (the connection then says which
 * secret is missing). Roxom's older form (`{}` and the pairing token in the URL) passes the schema but is
 * refused by the adapter with the way to the keyring form.
 */
export const AUTH_SHAPES: Record<VenueId, readonly AuthShape[]> = {
  roxom: ['keyring'],
  coinswitch: ['signature-triple', 'keyring'],
  rails: ['token', 'keyring'],
  scaletrade: ['token'],
  zdex: ['token'],
  // Desk mode: the NATS token of the server the collectors publish to (docs/contract.md section 5).
  desk: ['token'],
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A strict object that is a plain object (valibot's object schemas take an array for an object). */
function plainObject<const E extends v.ObjectEntries>(entries: E, message: string) {
  return v.pipe(v.custom<Record<string, unknown>>(isPlainObject, message), v.strictObject(entries, message));
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const ID_PATTERN = /^[a-z0-9-]+$/;
/** A venue id in the relay's config (relay/README.md). */
const KEYRING_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** A URL written plainly: no spaces or control characters (a URL parser would silently drop some). */
const plainUrlText = (max: number, what: string) =>
  v.pipe(
    v.string(`must be ${what}`),
    v.maxLength(max, `must be at most ${max} characters`),
    v.check((s) => !/\s/.test(s) && !CONTROL_CHARACTERS.test(s), 'must not contain spaces or control characters'),
  );

const WS_URL = v.pipe(
  plainUrlText(PROFILE_LIMITS.urlLength, 'a ws:// or wss:// URL'),
  v.check((s) => {
    const url = parseUrl(s);
    return url !== undefined && (url.protocol === 'ws:' || url.protocol === 'wss:') && url.hostname !== '';
  }, 'must be a ws:// or wss:// URL'),
  v.check((s) => !s.includes('#'), 'must not have a #fragment (a WebSocket URL cannot)'),
);

/** 127.0.0.0/8, [::1] or localhost, after the URL parser's normalization (so `127.1` is 127.0.0.1). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const RELAY_URL = v.pipe(
  plainUrlText(PROFILE_LIMITS.urlLength, 'the relay URL'),
  v.check((s) => {
    const url = parseUrl(s);
    return (
      url !== undefined &&
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      isLoopbackHost(url.hostname) &&
      url.username === '' &&
      url.password === '' &&
      url.search === '' &&
      url.hash === ''
    );
  }, 'must be the relay\'s http(s) URL on a loopback address (127.0.0.0/8, [::1] or localhost), e.g. "http://127.0.0.1:8787", without user, query or fragment'),
);

const secret = (what: string) =>
  v.pipe(
    v.string(`must be ${what} as text`),
    v.minLength(1, `must not be empty: ${what}`),
    v.maxLength(PROFILE_LIMITS.secretLength, `must be at most ${PROFILE_LIMITS.secretLength} characters`),
  );

const KEYRING = plainObject(
  {
    url: RELAY_URL,
    id: v.pipe(
      v.string('must be a venue id from the relay\'s config, e.g. "rails-btc"'),
      v.regex(
        KEYRING_ID_PATTERN,
        'must be a venue id from the relay\'s config: letters, digits, ".", "_", "-" (64 at most)',
      ),
    ),
    // Left out by an export without secrets; the connection then reports the missing pairing token.
    token: v.optional(secret("the relay's pairing token")),
  },
  'must be an object { "url", "id", "token" }',
);

/** CoinSwitch's signature endpoint answers `expires` in Unix ms; a digit string is read too. */
const EXPIRES_MESSAGE = 'must be the expires of the signature response (Unix milliseconds)';
const EXPIRES = v.union(
  [
    v.pipe(v.number(), v.safeInteger(EXPIRES_MESSAGE), v.minValue(1, EXPIRES_MESSAGE)),
    v.pipe(v.string(), v.regex(/^\s*\d{1,16}\s*$/, EXPIRES_MESSAGE)),
  ],
  EXPIRES_MESSAGE,
);

/** The fields each shape brings into `auth`. */
const SHAPE_ENTRIES: Record<AuthShape, v.ObjectEntries> = {
  token: { token: v.optional(secret('the token (a JWT)')) },
  'signature-triple': {
    apiKey: v.optional(secret('the api_key of the signature response')),
    // The signature endpoint's own name, so its response can be pasted as is.
    api_key: v.optional(secret('the api_key of the signature response')),
    expires: v.optional(EXPIRES),
    signature: v.optional(secret('the signature of the signature response')),
  },
  keyring: { keyring: v.optional(KEYRING) },
};

/** Which documented shape an `auth` object is, by its keys; `undefined` when it mixes shapes. */
function shapeOf(auth: Record<string, unknown>): AuthShape | 'empty' | undefined {
  const keys = Object.keys(auth);
  if (keys.length === 0) return 'empty';
  const kinds = new Set(
    keys.map((k): AuthShape => (k === 'token' ? 'token' : k === 'keyring' ? 'keyring' : 'signature-triple')),
  );
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

function describeShapes(venue: VenueId): string {
  const names: Record<AuthShape, string> = {
    token: '{ "token" }',
    'signature-triple': '{ "apiKey", "expires", "signature" }',
    keyring: '{ "keyring": { "url", "id", "token" } }',
  };
  return AUTH_SHAPES[venue].map((s) => names[s]).join(' or ');
}

function authSchema(venue: VenueId) {
  const entries = Object.assign({}, ...AUTH_SHAPES[venue].map((s) => SHAPE_ENTRIES[s])) as v.ObjectEntries;
  return v.pipe(
    plainObject(entries, `must be an object: ${describeShapes(venue)}`),
    v.check(
      (auth) => shapeOf(auth) !== undefined,
      `must be one of ${describeShapes(venue)} (or {} with the secret left out), not a mix`,
    ),
    v.check((auth) => {
      if (shapeOf(auth) !== 'signature-triple') return true;
      const hasKey = auth.apiKey !== undefined || auth.api_key !== undefined;
      const bothKeys = auth.apiKey !== undefined && auth.api_key !== undefined;
      return hasKey && !bothKeys && auth.expires !== undefined && auth.signature !== undefined;
    }, 'needs all three of "apiKey" (or "api_key"), "expires" and "signature" from the signature endpoint'),
  );
}

/** Opaque here (the adapter's parseOptions checks it); passed on as it came, never copied key by key. */
const OPTIONS = v.pipe(
  v.custom<Record<string, unknown>>(isPlainObject, 'must be an object'),
  v.check(
    (o) => Object.keys(o).length <= PROFILE_LIMITS.optionKeys,
    `must have at most ${PROFILE_LIMITS.optionKeys} keys`,
  ),
);

const ID = v.pipe(
  v.string('must be text: lower-case letters, digits and "-"'),
  v.minLength(1, 'must not be empty'),
  v.maxLength(PROFILE_LIMITS.idLength, `must be at most ${PROFILE_LIMITS.idLength} characters`),
  v.regex(ID_PATTERN, 'must be lower-case letters, digits and "-" only ([a-z0-9-]+)'),
);

const LABEL = v.pipe(
  v.string('must be text'),
  v.maxLength(PROFILE_LIMITS.labelLength, `must be at most ${PROFILE_LIMITS.labelLength} characters`),
  v.check((s) => !CONTROL_CHARACTERS.test(s), 'must not contain control characters or line breaks'),
);

const CONNECTION_MESSAGE = 'must be an object { "id", "label", "venue", "url", "auth", "options" }';

const connectionFor = (venue: VenueId) =>
  v.strictObject(
    {
      id: ID,
      label: v.optional(LABEL),
      venue: v.literal(venue),
      url: WS_URL,
      auth: v.optional(authSchema(venue), () => ({})),
      options: v.optional(OPTIONS, () => ({})),
    },
    CONNECTION_MESSAGE,
  );

const VENUE_MESSAGE = `must be one of ${VENUE_IDS.join(', ')}`;

/** One connection of a profile; the `venue` picks which `auth` shapes are read. Use parseConnectionSchema (arrays pass valibot's object check). */
export const connectionSchema = v.variant(
  'venue',
  VENUE_IDS.map(connectionFor) as [ReturnType<typeof connectionFor>, ...ReturnType<typeof connectionFor>[]],
  VENUE_MESSAGE,
);

/** Used only to report the other fields' problems when the venue itself is not one of the five. */
const connectionWithAnyVenue = plainObject(
  {
    id: ID,
    label: v.optional(LABEL),
    venue: v.unknown(),
    url: WS_URL,
    auth: v.optional(v.custom<Record<string, unknown>>(isPlainObject, 'must be an object')),
    options: v.optional(OPTIONS),
  },
  CONNECTION_MESSAGE,
);

/** The profile file's envelope; its connections are read one by one so a bad one does not sink the others. */
export const profileEnvelopeSchema = plainObject(
  {
    format: v.literal(PROFILE_FORMAT, `must be "${PROFILE_FORMAT}"`),
    connections: v.pipe(
      v.array(v.unknown(), 'must be a list'),
      v.maxLength(PROFILE_LIMITS.connections, `must hold at most ${PROFILE_LIMITS.connections} connections`),
    ),
  },
  `must be a JSON object { "format": "${PROFILE_FORMAT}", "connections": [...] }`,
);

// ---- problems: field path + requirement, never a value ------------------------------------------------

/** A key from the input is printed only when it looks like a field name; anything else is not quoted. */
const PRINTABLE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;

function pathText(prefix: string, path: v.IssuePathItem[] | undefined): string {
  let out = prefix;
  for (const item of path ?? []) {
    const key: unknown = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && PRINTABLE_KEY.test(key)) out += out === '' ? key : `.${key}`;
    else out += out === '' ? '(a field)' : '.(a field)';
  }
  return out;
}

/** The safety net for a check without its own message: valibot's default would quote the input. */
const NO_VALUE_MESSAGE = { message: () => 'is not valid' } as const;

/** `prefix` starts every field path; `root` names the whole value when the problem is the value itself. */
export function formatIssues(prefix: string, issues: readonly v.BaseIssue<unknown>[], root: string): string[] {
  return issues.map((issue) => {
    const where = pathText(prefix, issue.path) || root;
    const ofObject = issue.type === 'strict_object' && (issue.path?.length ?? 0) > 0;
    const what =
      ofObject && issue.expected === 'never'
        ? 'is not a field this format knows (remove it)'
        : ofObject && issue.received === 'undefined'
          ? 'is required'
          : issue.message;
    return `${where}: ${what}`;
  });
}

/** An issue of our own making, in valibot's shape, for formatIssues. */
function issueAt(keys: string[], message: string): v.BaseIssue<unknown> {
  return { path: keys.map((key) => ({ key })), message } as unknown as v.BaseIssue<unknown>;
}

/** Issues of a connection whose venue is unknown: the venue, and whatever else is wrong with it. */
function unknownVenueIssues(raw: unknown): v.BaseIssue<unknown>[] {
  const rest = v.safeParse(connectionWithAnyVenue, raw, NO_VALUE_MESSAGE);
  return [issueAt(['venue'], VENUE_MESSAGE), ...(rest.issues ?? [])];
}

export type ParsedConnection = v.InferOutput<typeof connectionSchema>;

export function parseConnectionSchema(
  raw: unknown,
): { ok: true; value: ParsedConnection } | { ok: false; issues: v.BaseIssue<unknown>[] } {
  if (!isPlainObject(raw)) return { ok: false, issues: [issueAt([], CONNECTION_MESSAGE)] };
  const result = v.safeParse(connectionSchema, raw, NO_VALUE_MESSAGE);
  if (result.success) return { ok: true, value: result.output };
  // The venue is not one of the five (or missing): no auth shapes to check, but the rest can be.
  if (result.issues.some((i) => i.type === 'variant')) return { ok: false, issues: unknownVenueIssues(raw) };
  return { ok: false, issues: [...result.issues] };
}

export function parseEnvelope(json: unknown): { ok: true; connections: unknown[] } | { ok: false; problems: string[] } {
  const result = v.safeParse(profileEnvelopeSchema, json, NO_VALUE_MESSAGE);
  if (result.success) return { ok: true, connections: result.output.connections };
  return { ok: false, problems: formatIssues('', result.issues, 'the profile') };
}

/** UTF-8 length without allocating for the common case (a UTF-16 unit is at least one UTF-8 byte). */
export function exceedsProfileSize(text: string): boolean {
  if (text.length > PROFILE_LIMITS.bytes) return true;
  return new TextEncoder().encode(text).length > PROFILE_LIMITS.bytes;
}
