import type { ConnectionConfig } from '../../domain/connection-config';
import type { OptionsResult } from '../types';
import { withAuthChecked } from '../shared/options-result';
import { describeOptionValue, parsePastedToken, unknownOptionProblems } from '../shared/option-checks';

/**
 * A ScaleTrade connection's profile entry (docs/contract.md section 2):
 *   "auth":    { "token": "<JWT>" }                              the Client REST sign-in JWT
 *   "options": { "login": 2000009, "symbols": ["eurusd"], "currency": "USD", "restUrl": "https://broker.example" }
 * `login` is the trading account to switch to (account.switch); `symbols` the quote channels to
 * subscribe, spelled exactly as the server names them; `currency` the account currency, which no
 * ScaleTrade frame carries (default "USD"); `restUrl` (optional) the broker's Client REST base URL
 * (`https://{broker_domain}`), where the trade history is read after a gap (history.ts). Problems
 * never quote the token.
 */
export interface ScaletradeOptions {
  login: number;
  /** Server symbol names, as given (trimmed), without duplicates. Empty: account data only. */
  symbols: readonly string[];
  /** The account currency: the asset of balances, PnL and fees. */
  currency: string;
  /** The Client REST base URL without a trailing slash; undefined: no trade history to recover from. */
  restUrl?: string;
}

export interface ScaletradeAuth {
  token: string;
}

export type AuthResult = { ok: true; auth: ScaletradeAuth } | { ok: false; problems: string[] };

export const DEFAULT_CURRENCY = 'USD';

const KNOWN_OPTIONS = ['login', 'symbols', 'currency', 'restUrl'];
/** Server symbols ("eurusd", "EURUSD.m", "#AAPL", "btcusd"); quotes, spaces or backslashes are never part of one. */
const SYMBOL = /^[A-Za-z0-9#][A-Za-z0-9_.#+-]{0,39}$/;
const CURRENCY = /^[A-Z]{3,6}$/;

/** Validates `options` and the shape of `auth`; all problems at once. */
export function parseScaletradeConfig(config: ConnectionConfig): OptionsResult<ScaletradeOptions> {
  const options = parseScaletradeOptions(config.options);
  const auth = parseScaletradeAuth(config.auth);
  return withAuthChecked(options, auth);
}

export function parseScaletradeOptions(options: Record<string, unknown>): OptionsResult<ScaletradeOptions> {
  const problems: string[] = [];
  problems.push(...unknownOptionProblems('ScaleTrade', options, KNOWN_OPTIONS));
  const login = parseLogin(options.login, problems);
  const symbols = parseSymbols(options.symbols, problems);
  const currency = parseCurrency(options.currency, problems);
  const restUrl = parseRestUrl(options.restUrl, problems);
  if (problems.length > 0 || login === undefined || symbols === undefined || currency === undefined)
    return { ok: false, problems };
  return { ok: true, options: { login, symbols, currency, ...(restUrl === undefined ? {} : { restUrl }) } };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The Client REST base URL: https (plain http only on loopback, e.g. the simulator), no user info,
 * query or fragment, since the session JWT is sent to it. A trailing slash is dropped.
 */
function parseRestUrl(raw: unknown, problems: string[]): string | undefined {
  if (raw === undefined) return undefined;
  const problem = 'options.restUrl must be the broker\'s Client REST base URL, e.g. "https://broker.example"';
  let url: URL | undefined;
  try {
    url = typeof raw === 'string' ? new URL(raw.trim()) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    problems.push(`${problem}, got ${describe(raw)}`);
    return undefined;
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    problems.push(`${problem}: plain http is allowed on loopback only (the session token is sent to it)`);
    return undefined;
  }
  if (url.username || url.password || url.search || url.hash) {
    problems.push(`${problem}, without a user, query or fragment`);
    return undefined;
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** A positive integer; digits as text are accepted too ("2000009"). */
function parseLogin(raw: unknown, problems: string[]): number | undefined {
  const login = typeof raw === 'string' && /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (typeof login === 'number' && Number.isSafeInteger(login) && login > 0) return login;
  problems.push(`options.login must be the trading account number, e.g. 2000009, got ${describe(raw)}`);
  return undefined;
}

function parseSymbols(raw: unknown, problems: string[]): string[] | undefined {
  if (!Array.isArray(raw)) {
    problems.push(
      'options.symbols must be a list of ScaleTrade symbols as the server names them, e.g. ["eurusd"] (use [] for account data only)',
    );
    return undefined;
  }
  const symbols: string[] = [];
  let ok = true;
  raw.forEach((entry: unknown, i) => {
    const symbol = typeof entry === 'string' ? entry.trim() : '';
    if (!SYMBOL.test(symbol)) {
      ok = false;
      problems.push(`options.symbols[${i}] must be a symbol such as "eurusd", got ${describe(entry)}`);
    } else if (!symbols.includes(symbol)) {
      symbols.push(symbol);
    }
  });
  return ok ? symbols : undefined;
}

function parseCurrency(raw: unknown, problems: string[]): string | undefined {
  if (raw === undefined) return DEFAULT_CURRENCY;
  const currency = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (CURRENCY.test(currency)) return currency;
  problems.push(`options.currency must be the account currency code, e.g. "USD", got ${describe(raw)}`);
  return undefined;
}

/** `{ token }`. A pasted "Bearer " prefix and surrounding whitespace are removed. */
export function parseScaletradeAuth(auth: Record<string, unknown>): AuthResult {
  const pasted = parsePastedToken(
    auth.token,
    'auth.token is required: sign in to the ScaleTrade Client API and paste the JWT',
  );
  return pasted.ok ? { ok: true, auth: { token: pasted.token } } : pasted;
}

/** As every venue quotes a value, but a number as written (a login) and an absent one as "nothing". */
function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return value === undefined ? 'nothing' : describeOptionValue(value);
}
