import type { CoinswitchAuthRequest } from '../../src/venues/coinswitch/wire';
import { AUTH_ERRORS, type SocketTriples, type TripleCheck } from './triples';

/**
 * Parse the auth text `{"op":"auth","args":[api_key, expires, signature]}` (docs/contract.md section 2):
 * `expires` must be a JSON integer (Unix ms), the other two strings [guess: the venue's strictness is
 * unknown; being strict catches a client that sends `expires` as text].
 */
export function parseAuthText(text: string): CoinswitchAuthRequest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { op, args } = value as Record<string, unknown>;
  if (op !== 'auth' || !Array.isArray(args) || args.length !== 3) return undefined;
  const [apiKey, expires, signature] = args as unknown[];
  if (typeof apiKey !== 'string' || typeof signature !== 'string') return undefined;
  if (typeof expires !== 'number' || !Number.isSafeInteger(expires)) return undefined;
  return { op: 'auth', args: [apiKey, expires, signature] };
}

/** Check an auth text against the minted triples. */
export function checkAuthText(text: string, triples: SocketTriples): TripleCheck {
  const message = parseAuthText(text);
  if (!message) return { ok: false, error: AUTH_ERRORS.badMessage };
  const [apiKey, expires, signature] = message.args;
  return triples.check(apiKey, expires, signature);
}
