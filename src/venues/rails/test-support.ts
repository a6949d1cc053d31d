import type { ConnectionConfig } from '../../domain/connection-config';
import { expectSecretsKept, fixtureReader, makeJwt, SessionHarness } from '../shared/testing/session-harness';
import type { GapWindow, RestResult, SessionOutput } from '../types';
import { railsAdapter } from './adapter';
import { RailsSession } from './session';

/** Test helpers for the Rails folder (imported by *.test.ts only). */

export { expectConformant, makeJwt } from '../shared/testing/session-harness';

export const { fixtureText, fixture } = fixtureReader(new URL('.', import.meta.url));

export const T0 = 1756478180000;
/** exp 2030-07-31, a structurally valid JWT (the signature is never checked by the adapter). */
export const TOKEN_EXP_MS = 1911756800000;
export const TOKEN = makeJwt({ iss: 'staging.fungible.xyz', sub: 'd13b530f', exp: TOKEN_EXP_MS / 1000 });

/** The seed's example token (overview, Authorizations): exp 1703305740 = 2023-12-23 04:29:00 UTC. */
export const SEED_TOKEN = String(fixture('example-token.documented').subprotocol).replace(/^authorization#/, '');
export const SEED_TOKEN_EXP_MS = 1703305740000;

export function config(overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    id: 'rails-btc',
    label: 'Rails BTC-USDT',
    venue: 'rails',
    url: 'wss://ws.trade.rails.xyz',
    auth: { token: TOKEN },
    options: { market: 'BTC-USDT', subscriptions: ['orders', 'trades', 'publicTrades', 'publicOrderBook'] },
    ...overrides,
  };
}

/** Deterministic client request ids: req-1, req-2, ... */
export function counterIds(): () => string {
  let n = 0;
  return () => `req-${++n}`;
}

/** The frames sent, parsed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function sent(out: SessionOutput): any[] {
  return out.send.map((text) => JSON.parse(text) as unknown);
}

/**
 * Drives a session like the shared lifecycle would (../shared/testing/session-harness.ts), checking
 * every output on the way: events conform to the validators, and the token appears nowhere (Rails
 * sends it only in the subprotocol).
 */
export class Harness extends SessionHarness<RailsSession> {
  constructor(cfg: ConnectionConfig = config()) {
    const parsed = railsAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error(`bad test config: ${parsed.problems.join('; ')}`);
    super(new RailsSession(cfg, parsed.options, counterIds()), T0, (out) => expectSecretsKept(out, [cfg.auth.token]));
  }

  open(): SessionOutput {
    return this.record(this.session.open(this.now));
  }

  closed(code: number, reason = ''): SessionOutput {
    return this.record(this.session.closed(code, reason, this.now));
  }

  recover(gap: GapWindow, at = this.now): SessionOutput {
    this.now = at;
    return this.record(this.session.recover(gap, at));
  }

  /** Answers a REST request like the lifecycle would (`body` JSON-encoded unless text). */
  respond(id: string, result: RestResult | { status: number; body: unknown }): SessionOutput {
    this.now += 1;
    const given: RestResult =
      'ok' in result
        ? result
        : {
            ok: true,
            status: result.status,
            body: typeof result.body === 'string' ? result.body : JSON.stringify(result.body),
          };
    return this.record(this.session.response(id, given, this.now));
  }

  handshakeFailed(at: number): SessionOutput {
    this.now = at;
    return this.record(this.session.handshakeFailed(at));
  }
}
