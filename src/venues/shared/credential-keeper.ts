import type { Clock, TimerHandle } from './clock';
import { fetchKeyringCredential, KeyringError, type FetchFn, type KeyringCredential, type KeyringRef } from './keyring';
import { displayUrl, secretStrings } from './redact';

/**
 * The short-lived credential of one keyring connection (docs/contract.md sections 2 and 4): fetched from
 * the relay, held in memory only, judged usable or due for renewal, and fetched again. It knows nothing
 * of sockets: the lifecycle (managed-connection.ts) decides when to fetch and what an answer means for
 * the socket (open one, re-authenticate on it, or replace it).
 *
 * - One fetch at a time; a newer fetch (or `cancel()`) fences off the answer of an older one.
 * - A fetch that has not answered after `timeoutMs` fails as `unreachable`.
 * - Every string of every credential joins `secrets()` (the current one and a few before it), so the
 *   lifecycle can redact them from reasons; the pairing token is the caller's to redact.
 * - The credential must be for the connection's own WebSocket endpoint: a relay answer whose `url`
 *   names another endpoint is refused (`endpoint` check), so a relay credential never travels elsewhere.
 */

/** A credential from the keyring relay, held in memory only. */
export interface HeldCredential {
  auth: Record<string, unknown>;
  expiresAt?: number;
  fetchedAt: number;
}

/** Renewal margin: at most this long before expiry... */
export const RENEW_MARGIN_MAX_MS = 60_000;
/** ...and at most this share of the credential's life (short-lived test credentials). */
export const RENEW_MARGIN_SHARE = 0.25;
/** Credential secrets remembered for redaction (the current one and a few before it). */
const REMEMBERED_CREDENTIAL_SECRETS = 12;

export interface CredentialAnswer {
  arrived(credential: HeldCredential): void;
  failed(error: unknown): void;
}

export class CredentialKeeper {
  private credential: HeldCredential | undefined;
  private generation = 0;
  private abort: AbortController | undefined;
  private timer: TimerHandle | undefined;
  private remembered: string[] = [];

  constructor(
    readonly ref: KeyringRef,
    private readonly clock: Clock,
    private readonly fetchFn: FetchFn | undefined,
    private readonly timeoutMs: number,
    /** Whether a credential for `url` may be sent on this connection's socket (it names our endpoint). */
    private readonly forEndpoint: (url: string) => boolean,
  ) {}

  /** The credential held now (undefined before the first answer, after `drop()`). */
  get held(): HeldCredential | undefined {
    return this.credential;
  }

  /** Credential strings seen so far (newest first), for redaction. */
  secrets(): string[] {
    return this.remembered;
  }

  /** Whether the held credential may open another socket: known expiry, more than the margin left. */
  usable(now: number): boolean {
    const held = this.credential;
    // Without an expiry there is no telling how fresh it is: fetch one per socket.
    if (held?.expiresAt === undefined) return false;
    return held.expiresAt - now > renewalMargin(held);
  }

  /** When the held credential is due for renewal (its expiry minus the margin), if it has an expiry. */
  renewAt(): number | undefined {
    const held = this.credential;
    if (held?.expiresAt === undefined) return undefined;
    return held.expiresAt - renewalMargin(held);
  }

  /** After a failed renewal: when to try again (a third of the time left, 1 to 30 s). */
  retryDelay(now: number): number {
    const left = (this.credential?.expiresAt ?? now) - now;
    return Math.min(30_000, Math.max(1_000, left / 3));
  }

  /** Forgets the held credential (a refused handshake may have refused it; a reconnect starts fresh). */
  drop(): void {
    this.credential = undefined;
  }

  /** Fetches a credential; `answer` hears of it unless `cancel()` or another `fetch()` came first. */
  fetch(answer: CredentialAnswer): void {
    const fetchFn = this.fetchFn;
    if (!fetchFn) {
      answer.failed(
        new KeyringError(
          'bad-response',
          'this connection uses a keyring reference, but nothing here can reach the relay (no fetch)',
        ),
      );
      return;
    }
    this.cancel();
    const generation = ++this.generation;
    const abort = typeof AbortController === 'function' ? new AbortController() : undefined;
    this.abort = abort;
    const settle = (then: () => void) => {
      if (generation !== this.generation) return;
      this.clearTimer();
      this.abort = undefined;
      then();
    };
    this.timer = this.clock.setTimeout(() => {
      if (generation !== this.generation) return;
      this.cancel();
      const limit = `${Math.round(this.timeoutMs / 1000)} s`;
      answer.failed(
        new KeyringError('unreachable', `keyring relay at ${displayUrl(this.ref.url)} did not answer within ${limit}`),
      );
    }, this.timeoutMs);
    fetchKeyringCredential(this.ref, fetchFn, abort?.signal).then(
      (result) => settle(() => this.accept(result, answer)),
      (error: unknown) => settle(() => answer.failed(error)),
    );
  }

  /** Fences off the fetch under way, if any. */
  cancel(): void {
    this.generation++;
    this.clearTimer();
    const abort = this.abort;
    this.abort = undefined;
    abort?.abort();
  }

  private accept(result: KeyringCredential, answer: CredentialAnswer): void {
    const now = this.clock.now();
    this.remembered = [...secretStrings(result.credential), ...this.remembered].slice(0, REMEMBERED_CREDENTIAL_SECRETS);
    if (result.endpoint === undefined || !this.forEndpoint(result.endpoint)) {
      const said =
        result.endpoint === undefined ? 'did not say which endpoint' : `says it is for ${displayUrl(result.endpoint)}`;
      return answer.failed(
        new KeyringError(
          'endpoint',
          `the keyring relay's credential for "${this.ref.id}" ${said}, not this connection's URL: refusing to send it (check the relay's wsUrl for "${this.ref.id}" against the connection's URL)`,
        ),
      );
    }
    if (result.expiresAt !== undefined && result.expiresAt <= now) {
      return answer.failed(
        new KeyringError(
          'bad-response',
          "the keyring relay handed out a credential that has already expired (is this computer's clock right?)",
        ),
      );
    }
    this.credential = { auth: result.credential, expiresAt: result.expiresAt, fetchedAt: now };
    answer.arrived(this.credential);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** How long before expiry a credential is renewed: 60 s, or a quarter of its life when that is shorter. */
export function renewalMargin(held: HeldCredential): number {
  const life = (held.expiresAt ?? held.fetchedAt) - held.fetchedAt;
  return Math.max(0, Math.min(RENEW_MARGIN_MAX_MS, life * RENEW_MARGIN_SHARE));
}
