import { clip, scrubVenueText, sendNats, withDiagnostics } from '../shared/session-output';
import { NATS_REPLY_NO_RESPONDERS, NATS_REPLY_TIMEOUT, type NatsReply } from '../shared/nats-protocol';
import { emptyOutput, type SessionOutput } from '../types';
import { decodeAuthReply } from './codec';
import { parseCoinswitchAuth, type CoinswitchAuth, type CoinswitchCredential, type CoinswitchOptions } from './options';
import { utcClock } from './time';
import { coinswitchAuthText } from './wire';

/**
 * The socket credential `{ apiKey, expires, signature }` and the auth request that presents it
 * (docs/contract.md section 2): which credential is current (`config.auth`, or the latest from the
 * keyring relay), the request on this socket and what its reply means, expiry warnings, and the
 * scrubbing of venue text so that neither the key nor the signature is ever shown.
 *
 * Per socket: the request in flight, whether this socket is authenticated, why the last attempt got no
 * answer, and (keyring) the signature the venue refused. `resetSocket()` runs at every open.
 */

export const AUTH_REQUEST_TIMEOUT_MS = 5_000;
/** Warn this long before the credential expires (once per credential). */
export const EXPIRY_WARNING_MS = 60_000;

export const NO_CREDENTIAL =
  'CoinSwitch needs the socket credential: paste { apiKey, expires, signature } from GET /dma/api/v1/socket/signature into the connection';

/** Hex runs at least this long are redacted from venue text (see `scrub`). */
const LONG_HEX = /\b[0-9a-fA-F]{32,}\b/g;
const MAX_VENUE_TEXT = 160;

/** What a reply frame meant for the session. */
export type AuthReplyOutcome =
  /** Not this socket's request in flight (a late reply, another socket's): nothing to do. */
  | { kind: 'ignored' }
  /** The first success on this socket: subscribe the private subjects. */
  | { kind: 'accepted' }
  /** Anything else: this output, and `note` to record once per socket. */
  | { kind: 'output'; out: SessionOutput; note?: string };

export class CoinswitchAuthFlow {
  /** `config.auth`, or the latest credential from `updateAuth` / `reauthenticate`. */
  private authConfig: Record<string, unknown>;
  private seq = 0;
  private warnedExpiry: number | undefined;
  private notedExpired: number | undefined;
  private reportedExpiry: number | undefined;
  /** Id of the auth request in flight on this socket, and the signature it carried. */
  private pendingId: string | undefined;
  private pendingSignature: string | undefined;
  private socketAuthenticated = false;
  /** Why the last auth attempt on this socket got no answer (the retry hint). */
  private problem: string | undefined;
  /** Keyring: the signature the venue rejected; the next attempt waits for a renewed one. */
  private rejectedSignature: string | undefined;

  constructor(
    auth: Record<string, unknown>,
    private readonly options: CoinswitchOptions,
  ) {
    this.authConfig = auth;
  }

  /** The current credential (parsed on use: cheap, and never stale after `update`). */
  current(): CoinswitchAuth {
    const parsed = parseCoinswitchAuth(this.authConfig);
    return parsed.ok ? parsed.auth : { keyring: this.authConfig.keyring !== undefined };
  }

  update(auth: Record<string, unknown>): void {
    this.authConfig = auth;
  }

  resetSocket(): void {
    this.pendingId = undefined;
    this.pendingSignature = undefined;
    this.socketAuthenticated = false;
    this.problem = undefined;
    this.rejectedSignature = undefined;
  }

  get authenticated(): boolean {
    return this.socketAuthenticated;
  }

  /** The socket is authenticated without a request (connect mode: the CONNECT token was accepted). */
  markAuthenticated(): void {
    this.socketAuthenticated = true;
  }

  get inFlight(): boolean {
    return this.pendingId !== undefined;
  }

  /** Why this socket is still not authenticated, for a close's retry hint. */
  get unansweredProblem(): string | undefined {
    return this.socketAuthenticated ? undefined : this.problem;
  }

  /** Request mode, not authenticated, nothing in flight, and not the signature the venue refused. */
  shouldRetry(credential: CoinswitchCredential | undefined): credential is CoinswitchCredential {
    return (
      this.options.authMode === 'request' &&
      !this.socketAuthenticated &&
      this.pendingId === undefined &&
      credential !== undefined &&
      credential.signature !== this.rejectedSignature
    );
  }

  /** `credentialExpiresAt` for the lifecycle, when it is new (or always, with `force`). */
  reportExpiry(out: SessionOutput, credential: CoinswitchCredential, force = false): void {
    if (!force && credential.expires === this.reportedExpiry) return;
    out.credentialExpiresAt = credential.expires;
    this.reportedExpiry = credential.expires;
  }

  /** The auth request `{"op":"auth","args":[apiKey,expires,signature]}` on the auth subject. */
  sendRequest(out: SessionOutput, credential: CoinswitchCredential): void {
    const id = `auth-${++this.seq}`;
    this.pendingId = id;
    this.pendingSignature = credential.signature;
    const data = coinswitchAuthText(credential.apiKey, credential.expires, credential.signature);
    sendNats(out, { op: 'request', id, subject: this.options.authSubject, data, timeoutMs: AUTH_REQUEST_TIMEOUT_MS });
  }

  onReply(frame: NatsReply, now: number): AuthReplyOutcome {
    // A late reply to an earlier attempt (or to another socket's) is not this socket's answer.
    if (frame.id !== this.pendingId) return { kind: 'ignored' };
    this.pendingId = undefined;
    const signature = this.pendingSignature;
    this.pendingSignature = undefined;
    if ('error' in frame) return this.unanswered(frame.error);
    const reply = decodeAuthReply(frame.data);
    if (!reply.ok) {
      const outcome = this.unanswered(`its reply was not understood (${reply.error.message})`);
      if (outcome.kind === 'output') withDiagnostics(outcome.out, { malformed: 1 });
      return outcome;
    }
    if (reply.value.success) {
      if (this.socketAuthenticated) return { kind: 'output', out: emptyOutput() };
      this.socketAuthenticated = true;
      this.problem = undefined;
      return { kind: 'accepted' };
    }
    return { kind: 'output', out: this.rejected(reply.value.error, signature, now) };
  }

  /**
   * When nothing will renew the credential: one warning within 60 s of its expiry, and one note once it
   * has expired. Neither stops the stream: the socket authenticated while the credential was valid.
   */
  warnIfExpiring(out: SessionOutput, credential: CoinswitchCredential, keyring: boolean, now: number): void {
    if (keyring) return;
    const left = credential.expires - now;
    if (left <= 0) {
      if (this.notedExpired === credential.expires) return;
      this.notedExpired = credential.expires;
      this.warnedExpiry = credential.expires;
      withDiagnostics(out, {
        error: `CoinSwitch socket credential expired at ${utcClock(credential.expires)}: this connection stays up, but a reconnect needs a new one (mint a new signature or use the keyring relay)`,
      });
      return;
    }
    if (left > EXPIRY_WARNING_MS || this.warnedExpiry === credential.expires) return;
    this.warnedExpiry = credential.expires;
    withDiagnostics(out, {
      error: `CoinSwitch socket credential expires in ${Math.ceil(left / 1000)} s: this connection stays up, but a reconnect after that needs a new one (mint one, or use the keyring relay)`,
    });
  }

  /**
   * Venue text for a reason or an error: one short line, without the credential. Beyond this
   * connection's own secrets (which `scrubVenueText` removes), any long hex run is redacted too:
   * CoinSwitch keys and signatures are hex, and a venue error may echo one that is not the current
   * credential (the triple before a renewal, another key), which no list of secrets can name.
   */
  scrub(text: string): string {
    const { credential } = this.current();
    const secrets = credential
      ? [
          coinswitchAuthText(credential.apiKey, credential.expires, credential.signature),
          credential.signature,
          credential.apiKey,
        ]
      : [];
    const clean = scrubVenueText(text, secrets, Number.POSITIVE_INFINITY);
    return clip(clean.replace(LONG_HEX, '[token]'), MAX_VENUE_TEXT);
  }

  private rejected(error: string, signature: string | undefined, now: number): SessionOutput {
    const out = emptyOutput();
    const why = this.scrub(error) || 'no reason given';
    if (this.socketAuthenticated) {
      return withDiagnostics(out, {
        error: `CoinSwitch rejected the renewed socket credential: ${why}; the connection keeps its earlier authentication`,
      });
    }
    const { credential, keyring } = this.current();
    if (!keyring) {
      out.fatal = rejectedReason(why);
      return out;
    }
    // The keyring relay renews the credential: ask again with the next one (not the refused one, which
    // may already have been replaced while the request was in flight).
    this.rejectedSignature = signature;
    const expired = credential !== undefined && now >= credential.expires ? ' (it has expired)' : '';
    const reason = `CoinSwitch rejected the socket credential: ${why}${expired}; waiting for the keyring relay to renew it`;
    out.status = { status: 'authenticating', reason };
    return withDiagnostics(out, { error: reason });
  }

  private unanswered(error: string): AuthReplyOutcome {
    const out = emptyOutput();
    if (this.socketAuthenticated) {
      withDiagnostics(out, {
        error: `CoinSwitch did not answer the re-authentication with the renewed credential (${clip(this.scrub(error), 120)}); the connection keeps its earlier authentication`,
      });
      return { kind: 'output', out };
    }
    const subject = this.options.authSubject;
    const problem =
      error === NATS_REPLY_NO_RESPONDERS
        ? `the auth request on "${subject}" had no responders: nothing on the server answers that subject (check options.authSubject, or set options.authMode to "connect")`
        : error === NATS_REPLY_TIMEOUT
          ? `the auth request on "${subject}" got no reply within ${AUTH_REQUEST_TIMEOUT_MS / 1000} s`
          : `the auth request on "${subject}" failed: ${clip(this.scrub(error), 120)}`;
    this.problem = problem;
    out.status = { status: 'authenticating', reason: `CoinSwitch: ${problem}; retrying` };
    return { kind: 'output', out, note: `CoinSwitch: ${problem}; retrying on every heartbeat` };
  }
}

export function rejectedReason(why: string): string {
  return `CoinSwitch rejected the socket credential: ${why} — mint a fresh signature (GET /dma/api/v1/socket/signature)`;
}

export function expiredReason(expires: number): string {
  return `CoinSwitch socket credential expired at ${utcClock(expires)} — mint a new signature or use the keyring relay`;
}
