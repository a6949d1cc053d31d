import type { ConnectionConfig } from '../../domain/connection-config';
import type { NatsCommand, NatsFrame } from '../shared/nats-protocol';
import { expectSecretsKept, fixtureReader, SessionHarness } from '../shared/testing/session-harness';
import type { GapWindow, RestResult, SessionOutput } from '../types';
import { coinswitchAdapter } from './adapter';
import { CoinswitchSession, SID_ORDER, SID_TRADE } from './session';
import { coinswitchAuthText, coinswitchOrderSubject, coinswitchTradeSubject } from './wire';

/** Test helpers for the CoinSwitch folder (imported by *.test.ts only). */

export { expectConformant } from '../shared/testing/session-harness';

export const T0 = 1756478180000;
/** One hour after T0. */
export const EXPIRES = T0 + 3_600_000;
export const API_KEY = 'csk_live_8f2b61d0c9a74e55';
/** 128 hex characters, like an Ed25519 signature in hex. */
export const SIGNATURE = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'.repeat(2);
export const SUB_ACCOUNT = '491363048';
export const AUTH_SUBJECT = 'v1.f.ex1.private.auth';
export const ORDER_SUBJECT = coinswitchOrderSubject(SUB_ACCOUNT);
export const TRADE_SUBJECT = coinswitchTradeSubject(SUB_ACCOUNT);
export const AUTH_TEXT = coinswitchAuthText(API_KEY, EXPIRES, SIGNATURE);

export const { fixtureText, fixture } = fixtureReader(new URL('.', import.meta.url));

export function credential(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiKey: API_KEY, expires: EXPIRES, signature: SIGNATURE, ...overrides };
}

export const KEYRING = { url: 'http://127.0.0.1:8787', id: 'cs-main', token: 'pairing-token-0123456789' };

export function config(
  overrides: Partial<ConnectionConfig> = {},
  options: Record<string, unknown> = {},
): ConnectionConfig {
  return {
    id: 'cs-main',
    label: 'CoinSwitch PRO',
    venue: 'coinswitch',
    url: 'wss://pc-nats-prod.coinswitch.co',
    auth: credential(),
    options: { subAccountId: SUB_ACCOUNT, tickerSymbols: ['BTC/USDT'], ...options },
    ...overrides,
  };
}

/** The NATS commands an output asks the transport to carry out. */
export function sent(out: SessionOutput): NatsCommand[] {
  return out.nats ?? [];
}

/** The auth request among the commands sent, if any. */
export function authRequest(out: SessionOutput): Extract<NatsCommand, { op: 'request' }> | undefined {
  return sent(out).find((c): c is Extract<NatsCommand, { op: 'request' }> => c.op === 'request');
}

/** The subjects subscribed by some output, in order. */
export function subscribed(out: SessionOutput): string[] {
  return sent(out).flatMap((c) => (c.op === 'sub' ? [c.subject] : []));
}

/**
 * Drives a session like the shared lifecycle over the NATS transport would
 * (../shared/testing/session-harness.ts), checking every output on the way: events conform to the
 * validators, and neither the api key nor the signature appears anywhere but in the auth request's data.
 */
export class Harness extends SessionHarness<CoinswitchSession> {
  constructor(readonly cfg: ConnectionConfig = config()) {
    const parsed = coinswitchAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error(`bad test config: ${parsed.problems.join('; ')}`);
    super(new CoinswitchSession(cfg, parsed.options), T0, (out) => expectNoSecrets(out, cfg));
  }

  open(at = this.now): SessionOutput {
    this.now = at;
    return this.record(this.session.open(this.now));
  }

  /** A typed transport frame (`natsFrame`), or text (`message`: what a NATS session must refuse). */
  frame(frame: NatsFrame | string): SessionOutput {
    this.now += 1;
    return this.record(
      typeof frame === 'string' ? this.session.message(frame, this.now) : this.session.natsFrame(frame, this.now),
    );
  }

  /** The reply to an auth request (`data` text, or an `error`). */
  reply(id: string, reply: { data: string } | { error: string }): SessionOutput {
    return this.frame({ op: 'reply', id, ...reply } as NatsFrame);
  }

  /** Open, accept the auth request, and answer the PING that confirms the private SUBs: live. */
  openAndAuth(at = this.now): SessionOutput {
    const out = this.open(at);
    const request = authRequest(out);
    if (!request) throw new Error('no auth request at open');
    this.reply(request.id, { data: '{"success":true}' });
    const confirmed = this.pong();
    if (confirmed.status?.status !== 'live') throw new Error('not live after the confirming pong');
    return confirmed;
  }

  pong(): SessionOutput {
    return this.frame({ op: 'status', type: 'pong', rttMs: 1 });
  }

  msg(sid: string, subject: string, data: unknown): SessionOutput {
    return this.frame({ op: 'msg', sid, subject, data: typeof data === 'string' ? data : JSON.stringify(data) });
  }

  order(data: unknown): SessionOutput {
    return this.msg(SID_ORDER, ORDER_SUBJECT, data);
  }

  trades(data: unknown): SessionOutput {
    return this.msg(SID_TRADE, TRADE_SUBJECT, data);
  }

  closed(code: number, reason = '', at = this.now): SessionOutput {
    this.now = at;
    return this.record(this.session.closed(code, reason, this.now));
  }

  /** The lifecycle's call once live again after a gap. */
  recover(gap: GapWindow, at = this.now): SessionOutput {
    this.now = at;
    return this.record(this.session.recover(gap, this.now));
  }

  /** The answer to one of the session's REST requests. */
  respond(id: string, result: RestResult, at = this.now + 1): SessionOutput {
    this.now = at;
    return this.record(this.session.response(id, result, this.now));
  }

  handshakeFailed(at: number): SessionOutput {
    this.now = at;
    return this.record(this.session.handshakeFailed(at));
  }
}

/** The api key and the signature appear only inside an auth request's data, never in events, reasons or errors. */
export function expectNoSecrets(out: SessionOutput, cfg: ConnectionConfig): void {
  expectSecretsKept(out, [cfg.auth.apiKey, cfg.auth.signature], (frame) =>
    JSON.stringify(typeof frame !== 'string' && frame.op === 'request' ? { ...frame, data: '' } : frame),
  );
}
