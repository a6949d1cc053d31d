import type { ConnectionConfig } from '../../domain/connection-config';
import { parseKeyringRef } from '../shared/keyring';
import type { OptionsResult } from '../types';
import { COINSWITCH_DEFAULT_AUTH_SUBJECT } from './wire';
import { withAuthChecked } from '../shared/options-result';
import { describeOptionValue as describe, unknownOptionProblems } from '../shared/option-checks';

/**
 * A CoinSwitch PRO HFT connection's profile entry (docs/contract.md section 2):
 *   "url":     "wss://pc-nats-prod.coinswitch.co"   (NATS over WebSocket)
 *   "auth":    { "apiKey", "expires", "signature" }  the triple from GET /dma/api/v1/socket/signature
 *              or { "keyring": { "url", "id", "token" } }: the shared lifecycle fetches the triple from
 *              the relay before each socket, renews it before it expires and hands it to the session
 *              as `{ apiKey, expires, signature, keyring }` (src/venues/shared/README.md)
 *   "options": { "subAccountId": "491363048", "authMode": "request" | "connect", "authSubject":
 *                "v1.f.ex1.private.auth", "tickerSymbols": ["BTC/USDT"] }
 * Problems never quote the api key or the signature.
 */

export type CoinswitchAuthMode = 'request' | 'connect';
export const COINSWITCH_AUTH_MODES: readonly CoinswitchAuthMode[] = ['request', 'connect'];

export interface CoinswitchOptions {
  /** The sub-account whose private subjects are subscribed (one NATS subject token). */
  subAccountId: string;
  /** How the auth message travels (docs/contract.md section 2); default "request". */
  authMode: CoinswitchAuthMode;
  /** The subject of the auth request in "request" mode; default `v1.f.ex1.private.auth`. */
  authSubject: string;
  /** Markets whose public ticker is subscribed, as the subject's token: "BTC/USDT". Default none. */
  tickerSymbols: readonly string[];
}

/** The socket credential (seed 001, "Get a signature"). */
export interface CoinswitchCredential {
  apiKey: string;
  /** Unix ms; after this the signature is rejected. */
  expires: number;
  signature: string;
}

export interface CoinswitchAuth {
  /** Absent when only a keyring reference is configured and nothing was fetched yet. */
  credential?: CoinswitchCredential;
  /** A keyring reference is configured: the relay renews the credential. */
  keyring: boolean;
}

export type AuthResult = { ok: true; auth: CoinswitchAuth } | { ok: false; problems: string[] };

const KNOWN_OPTIONS = ['subAccountId', 'authMode', 'authSubject', 'tickerSymbols'];
/** One NATS subject token: no dots, wildcards or whitespace. The docs' ids are digits. */
const SUB_ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A publish subject: dot-separated tokens, no wildcards, no whitespace, no empty token. */
const SUBJECT = /^[^\s.*>]+(?:\.[^\s.*>]+)*$/;
/** A market token as in `v1.f.ex1.public.futures.ticker.BTC/USDT`. */
const MARKET = /^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}$/;
/** Before 1973-03-03 in ms: such an `expires` is in seconds (or nonsense). */
const EARLIEST_MS = 1e11;

/** Validates `options` and the shape of `auth`; all problems at once. */
export function parseCoinswitchConfig(config: ConnectionConfig): OptionsResult<CoinswitchOptions> {
  const options = parseCoinswitchOptions(config.options);
  const auth = parseCoinswitchAuth(config.auth);
  return withAuthChecked(options, auth);
}

export function parseCoinswitchOptions(options: Record<string, unknown>): OptionsResult<CoinswitchOptions> {
  const problems: string[] = [];
  problems.push(...unknownOptionProblems('CoinSwitch', options, KNOWN_OPTIONS));
  const subAccountId = parseSubAccountId(options.subAccountId, problems);
  const authMode = parseAuthMode(options.authMode, problems);
  const authSubject = parseAuthSubject(options.authSubject, problems);
  const tickerSymbols = parseTickerSymbols(options.tickerSymbols, problems);
  if (problems.length > 0 || subAccountId === undefined) return { ok: false, problems };
  return { ok: true, options: { subAccountId, authMode, authSubject, tickerSymbols } };
}

function parseSubAccountId(raw: unknown, problems: string[]): string | undefined {
  const id =
    typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0
      ? String(raw)
      : typeof raw === 'string'
        ? raw.trim()
        : '';
  if (SUB_ACCOUNT_ID.test(id)) return id;
  problems.push(
    raw === undefined
      ? 'options.subAccountId is required: your CoinSwitch sub-account id, e.g. "491363048" (sub_account_id on every private payload)'
      : `options.subAccountId must be a sub-account id such as "491363048", got ${describe(raw)}`,
  );
  return undefined;
}

function parseAuthMode(raw: unknown, problems: string[]): CoinswitchAuthMode {
  if (raw === undefined) return 'request';
  const mode = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  const match = COINSWITCH_AUTH_MODES.find((m) => m === mode);
  if (match !== undefined) return match;
  problems.push(
    `options.authMode must be "request" (the auth message as a NATS request, the default) or "connect" (as the CONNECT token), got ${describe(raw)}`,
  );
  return 'request';
}

function parseAuthSubject(raw: unknown, problems: string[]): string {
  if (raw === undefined) return COINSWITCH_DEFAULT_AUTH_SUBJECT;
  const subject = typeof raw === 'string' ? raw.trim() : '';
  if (SUBJECT.test(subject)) return subject;
  problems.push(
    `options.authSubject must be a NATS subject such as "${COINSWITCH_DEFAULT_AUTH_SUBJECT}" (dot-separated, no spaces or wildcards), got ${describe(raw)}`,
  );
  return COINSWITCH_DEFAULT_AUTH_SUBJECT;
}

function parseTickerSymbols(raw: unknown, problems: string[]): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push(
      'options.tickerSymbols must be a list of markets such as ["BTC/USDT"] (leave it out for no public ticker)',
    );
    return [];
  }
  const markets: string[] = [];
  raw.forEach((entry: unknown, i) => {
    const market = typeof entry === 'string' ? entry.trim().toUpperCase() : '';
    if (!MARKET.test(market)) {
      problems.push(
        `options.tickerSymbols[${i}] must be a market written BASE/QUOTE as in the ticker subject, e.g. "BTC/USDT", got ${describe(entry)}`,
      );
    } else if (!markets.includes(market)) {
      markets.push(market);
    }
  });
  return markets;
}

/**
 * `{ apiKey, expires, signature }`, or a keyring reference (its shape checked: the credential is
 * fetched later), or both (what the session sees once the lifecycle has fetched the triple). The signature endpoint's own field name `api_key` is accepted for `apiKey`, so its
 * response can be pasted as is; a digit string is accepted for `expires`.
 */
export function parseCoinswitchAuth(auth: Record<string, unknown>): AuthResult {
  const problems: string[] = [];
  const keyring = auth.keyring !== undefined;
  if (keyring) {
    const ref = parseKeyringRef(auth);
    if (!ref.ok) problems.push(...ref.problems);
  }
  const apiKeyRaw = auth.apiKey ?? auth.api_key;
  const anyTriple = apiKeyRaw !== undefined || auth.expires !== undefined || auth.signature !== undefined;
  if (!anyTriple) {
    if (!keyring) {
      problems.push(
        'auth needs the socket credential { "apiKey", "expires", "signature" } from GET /dma/api/v1/socket/signature, or a keyring reference',
      );
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, auth: { keyring } };
  }
  const apiKey = credentialText(apiKeyRaw, 'auth.apiKey', 'the api_key of the signature response', problems);
  const signature = credentialText(
    auth.signature,
    'auth.signature',
    'the signature of the signature response (do not compute it yourself)',
    problems,
  );
  const expires = parseExpires(auth.expires, problems);
  if (problems.length > 0 || apiKey === undefined || signature === undefined || expires === undefined)
    return { ok: false, problems };
  return { ok: true, auth: { credential: { apiKey, expires, signature }, keyring } };
}

function credentialText(raw: unknown, name: string, what: string, problems: string[]): string | undefined {
  if (typeof raw !== 'string' || raw.trim().length === 0) {
    problems.push(`${name} is required: ${what}`);
    return undefined;
  }
  const value = raw.trim();
  if (/\s/.test(value)) {
    problems.push(`${name} contains spaces or line breaks; paste the value alone`);
    return undefined;
  }
  return value;
}

function parseExpires(raw: unknown, problems: string[]): number | undefined {
  const value =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && /^\d{1,16}$/.test(raw.trim())
        ? Number(raw.trim())
        : Number.NaN;
  if (!Number.isSafeInteger(value) || value <= 0) {
    problems.push(
      'auth.expires is required: the expires of the signature response (Unix milliseconds, e.g. 1756461000000)',
    );
    return undefined;
  }
  if (value < EARLIEST_MS) {
    problems.push(
      `auth.expires must be Unix milliseconds as the signature endpoint returns it (e.g. 1756461000000), got ${value}`,
    );
    return undefined;
  }
  return value;
}
