import { randomBytes } from 'node:crypto';
import type { CoinswitchIds } from './ids';

export interface CoinswitchTuning {
  /** The nats-server binary; default: `nats-server` on PATH or in /usr/sbin (Debian). */
  natsServerPath: string;
  /** nats-server's own websocket listener (the gate's upstream); 0: a free port. */
  natsWebsocketPort: number;
  /** The auth subject of authMode request (docs/contract.md section 2). */
  authSubject: string;
  /** The REST key pair the signature endpoint checks: api key (default: derived from the seed) and */
  restApiKey: string;
  /** the Ed25519 secret key, 32 bytes as 64 hex digits (default: random per process). */
  secretKeyHex: string;
  /** The socket `api_key` the endpoint hands out (default: derived from the seed). */
  socketApiKey: string;
  /** HMAC secret behind the socket signatures (default: random per process). */
  tripleSecret: Buffer;
  /** X-AUTH-EPOCH further than this from the server's time is refused with 401 [guess: 30 s]. */
  maxEpochSkewMs: number;
  /** Largest `expires_in_seconds` [guess: one day]. */
  maxExpiresInS: number;
  /** An auth whose `expires` is less than this far ahead counts as expired ("or close to it") [guess: 1 s]. */
  authMinRemainingMs: number;
  /** Executions of one symbol at one instant go out in one trade message (`o` has several elements). */
  batchExecutions: boolean;
  /** Publish the public ticker subjects. */
  tickers: boolean;
  /** A market order's protection price: last ± this fraction [guess]. */
  marketSlippage: string;
}

export const DEFAULT_TUNING = {
  natsWebsocketPort: 0,
  authSubject: 'v1.f.ex1.private.auth',
  maxEpochSkewMs: 30_000,
  maxExpiresInS: 86_400,
  authMinRemainingMs: 1_000,
  batchExecutions: true,
  tickers: true,
  marketSlippage: '0.05',
} satisfies Partial<CoinswitchTuning>;

/** Defaults, seed-derived keys and per-process secrets under the given options (an explicit `undefined` keeps the default). */
export function resolveTuning(
  given: Partial<CoinswitchTuning>,
  ids: CoinswitchIds,
): Omit<CoinswitchTuning, 'natsServerPath'> & { natsServerPath?: string } {
  const defined = Object.fromEntries(
    Object.entries(given).filter(([, v]) => v !== undefined),
  ) as Partial<CoinswitchTuning>;
  return {
    ...DEFAULT_TUNING,
    restApiKey: ids.restApiKey(),
    secretKeyHex: randomBytes(32).toString('hex'),
    socketApiKey: ids.socketApiKey(),
    tripleSecret: randomBytes(32),
    ...defined,
  };
}
