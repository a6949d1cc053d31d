import type { ConnectionConfig } from '../../domain/connection-config';
import { expectSecretsKept, fixtureReader, makeJwt, SessionHarness } from '../shared/testing/session-harness';
import type { GapWindow, RestResult, SessionOutput } from '../types';
import { scaletradeAdapter } from './adapter';
import { TRADE, TRADE_CMD, TRADE_CODE, TRADE_LENGTH, TRADE_STATE } from './wire';

/** Test helpers for the ScaleTrade folder (imported by *.test.ts only). */

export { expectConformant, makeJwt } from '../shared/testing/session-harness';

export const LOGIN = 2000009;
/** 2026-04-06T13:10:00Z in seconds: the ctm of the Client API example (docs/venues/scaletrade.md). */
export const CTM_S = 1775481000;
export const T0 = CTM_S * 1000 + 60_000;
/** exp 2030-07-31, a structurally valid JWT (the signature is never checked by the adapter). */
export const TOKEN_EXP_MS = 1911756800000;
export const TOKEN = makeJwt({ sub: 'scaletrade-user', exp: TOKEN_EXP_MS / 1000 });

/** A fixture's text (`.json` is added unless the name has an extension: `pong.txt`), or its parsed JSON. */
export const { fixtureText, fixture } = fixtureReader(new URL('.', import.meta.url));

export function config(overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    id: 'scaletrade-main',
    label: 'ScaleTrade main',
    venue: 'scaletrade',
    url: 'wss://ws.broker.example:8443',
    auth: { token: TOKEN },
    options: { login: LOGIN, symbols: ['eurusd', 'btcusd'] },
    ...overrides,
  };
}

export interface TicketSpec {
  order: number;
  symbol?: string;
  cmd?: number;
  volume?: number;
  openPrice?: number | string;
  closePrice?: number | string;
  openTime?: number;
  closeTime?: number;
  state?: number;
  storage?: number;
  commission?: number;
  profit?: number;
  code?: number;
  login?: number;
}

/** An `o` array built by position from the wire.ts index constants. Defaults: an open 0.1 lot BUY eurusd. */
export function trade(spec: TicketSpec): unknown[] {
  const arr: unknown[] = new Array(TRADE_LENGTH).fill(0);
  arr[TRADE.MARKER] = 'o';
  arr[TRADE.ORDER] = spec.order;
  arr[TRADE.LOGIN] = spec.login ?? LOGIN;
  arr[TRADE.SYMBOL] = spec.symbol ?? 'eurusd';
  arr[TRADE.CMD] = spec.cmd ?? TRADE_CMD.BUY;
  arr[TRADE.VOLUME] = spec.volume ?? 10;
  arr[TRADE.OPEN_PRICE] = spec.openPrice ?? 1.0851;
  arr[TRADE.CLOSE_PRICE] = spec.closePrice ?? 0;
  arr[TRADE.OPEN_TIME] = spec.openTime ?? CTM_S;
  arr[TRADE.CLOSE_TIME] = spec.closeTime ?? 0;
  arr[TRADE.STATE] = spec.state ?? TRADE_STATE.OPEN;
  arr[TRADE.STORAGE] = spec.storage ?? 0;
  arr[TRADE.COMMISSION] = spec.commission ?? 0;
  arr[TRADE.PROFIT] = spec.profit ?? 0;
  arr[TRADE.COMMENT] = '';
  arr[TRADE.CODE] = spec.code ?? TRADE_CODE.NEW;
  return arr;
}

export const marker = (tickets: number, login = LOGIN) => ({ event: 'account.state', login, tickets });

/**
 * Drives a session like the shared lifecycle would (../shared/testing/session-harness.ts), checking
 * every output on the way: events conform, and no token appears anywhere but in the authorization frame sent.
 */
export class Harness extends SessionHarness {
  constructor(cfg: ConnectionConfig = config()) {
    const parsed = scaletradeAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error(`bad test config: ${parsed.problems.join('; ')}`);
    super(scaletradeAdapter.createSession(cfg, parsed.options), T0, (out) =>
      expectSecretsKept(out, [cfg.auth.token], (frame) =>
        typeof frame === 'string' && frame.startsWith('{"authorization":') ? '' : String(frame),
      ),
    );
  }

  open(): SessionOutput {
    this.now += 1;
    return this.record(this.session.open(this.now));
  }

  closed(code = 1006, reason = ''): SessionOutput {
    return this.record(this.session.closed(code, reason, this.now));
  }

  /** The lifecycle's call once the connection is live again after a gap. */
  recover(gap: GapWindow): SessionOutput {
    this.now += 1;
    const recover = this.session.recover;
    if (!recover) throw new Error('the session has no recover');
    return this.record(recover.call(this.session, gap, this.now));
  }

  /** The answer to one of the session's REST requests. */
  respond(id: string, result: RestResult): SessionOutput {
    this.now += 1;
    const response = this.session.response;
    if (!response) throw new Error('the session has no response');
    return this.record(response.call(this.session, id, result, this.now));
  }

  /** The last recovery report, if any. */
  recovery(): SessionOutput['recovery'] {
    return this.recoveries().at(-1);
  }

  /** open -> authorization success -> account.switch success (the initial state begins). */
  authenticate(): SessionOutput[] {
    return [
      this.open(),
      this.feed(fixtureText('authorization-success')),
      this.feed(fixtureText('account-switch-reply.constructed')),
    ];
  }

  /** authenticate, then the initial state (`b` and the given tickets) and the marker. */
  login(tickets: readonly unknown[] = [], balance: unknown = fixture('balance.constructed')): SessionOutput[] {
    return [...this.authenticate(), this.feed(balance), ...this.feedAll(tickets), this.feed(marker(tickets.length))];
  }

  /** The socket drops and a new one logs in with the given initial state. */
  reconnect(tickets: readonly unknown[] = [], balance?: unknown): SessionOutput[] {
    this.closed(1006);
    return this.login(tickets, balance);
  }
}
