import type { ConnectionConfig } from '../../domain/connection-config';
import type { OptionsResult } from '../types';
import { withAuthChecked } from '../shared/options-result';
import { describeOptionValue as describe, parsePastedToken, unknownOptionProblems } from '../shared/option-checks';

/**
 * A ZDEX connection's profile entry (docs/contract.md section 2):
 *   "auth":    { "token": "<JWT>" }          the web-app session JWT (API keys cannot log in to the WS)
 *   "options": { "symbols": ["BTCUSDT"] }    public data to keep; everything else auto-pushed is dropped
 * Problems never quote the token.
 */
export interface ZdexOptions {
  /** Upper-case venue symbols, without duplicates. Empty: account data only. */
  symbols: readonly string[];
}

export interface ZdexAuth {
  token: string;
}

export type AuthResult = { ok: true; auth: ZdexAuth } | { ok: false; problems: string[] };

const KNOWN_OPTIONS = ['symbols'];
/** Venue symbols are letters and digits ("BTCUSDT", "1000PEPEUSDT"); quotes or backslashes would defeat the pre-filter. */
const SYMBOL = /^[A-Z0-9][A-Z0-9_.-]{0,39}$/;

/** Validates `options` and the shape of `auth`; all problems at once. */
export function parseZdexConfig(config: ConnectionConfig): OptionsResult<ZdexOptions> {
  const options = parseZdexOptions(config.options);
  const auth = parseZdexAuth(config.auth);
  return withAuthChecked(options, auth);
}

export function parseZdexOptions(options: Record<string, unknown>): OptionsResult<ZdexOptions> {
  const problems: string[] = [];
  problems.push(...unknownOptionProblems('ZDEX', options, KNOWN_OPTIONS));
  const raw = options.symbols;
  if (!Array.isArray(raw)) {
    problems.push('options.symbols must be a list of ZDEX symbols, e.g. ["BTCUSDT"] (use [] for account data only)');
    return { ok: false, problems };
  }
  const symbols: string[] = [];
  raw.forEach((entry: unknown, i) => {
    const symbol = typeof entry === 'string' ? entry.trim().toUpperCase() : '';
    if (!SYMBOL.test(symbol)) {
      problems.push(`options.symbols[${i}] must be a symbol such as "BTCUSDT", got ${describe(entry)}`);
    } else if (!symbols.includes(symbol)) {
      symbols.push(symbol);
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, options: { symbols } };
}

/** `{ token }`. A pasted "Bearer " prefix and surrounding whitespace are removed. */
export function parseZdexAuth(auth: Record<string, unknown>): AuthResult {
  const pasted = parsePastedToken(
    auth.token,
    'auth.token is required: paste the ZDEX web session JWT (API keys cannot log in to the WebSocket)',
  );
  return pasted.ok ? { ok: true, auth: { token: pasted.token } } : pasted;
}
