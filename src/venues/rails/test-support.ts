import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import { validateEvents } from '../../domain/conformance/validators';
import type { DomainEvent } from '../../domain/events';
import type { Fill, OrderUpdate, PriceMark } from '../../domain/types';
import type { GapWindow, RestResult, SessionOutput } from '../types';
import { railsAdapter } from './adapter';
import { RailsSession } from './session';

/** Test helpers for the Rails folder (imported by *.test.ts only). */

export const T0 = 1756478180000;
/** exp 2030-07-31, a structurally valid JWT (the signature is never checked by the adapter). */
export const TOKEN_EXP_MS = 1911756800000;
export const TOKEN = makeJwt({ iss: 'staging.fungible.xyz', sub: 'd13b530f', exp: TOKEN_EXP_MS / 1000 });

/** The seed's example token (overview, Authorizations): exp 1703305740 = 2023-12-23 04:29:00 UTC. */
export const SEED_TOKEN = String(fixture('example-token.documented').subprotocol).replace(/^authorization#/, '');
export const SEED_TOKEN_EXP_MS = 1703305740000;

export function makeJwt(claims: Record<string, unknown>): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.c2lnbmF0dXJl`;
}

export function fixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are edited freely in tests
export function fixture(name: string): any {
  return JSON.parse(fixtureText(name));
}

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

/** Asserts every event conforms to the domain validators. */
export function expectConformant(events: readonly DomainEvent[]): void {
  expect(validateEvents(events)).toEqual([]);
}

/** The frames sent, parsed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function sent(out: SessionOutput): any[] {
  return out.send.map((text) => JSON.parse(text) as unknown);
}

/**
 * Drives a session like the shared lifecycle would, checking every output on the way: events conform
 * to the validators, and the token appears nowhere (Rails sends it only in the subprotocol).
 */
export class Harness {
  readonly session: RailsSession;
  readonly outputs: SessionOutput[] = [];
  now = T0;
  private readonly token: string;

  constructor(cfg: ConnectionConfig = config()) {
    const parsed = railsAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error(`bad test config: ${parsed.problems.join('; ')}`);
    this.session = new RailsSession(cfg, parsed.options, counterIds());
    this.token = String(cfg.auth.token ?? '');
  }

  open(): SessionOutput {
    return this.check(this.session.open(this.now));
  }

  /** One frame: text as is, anything else JSON-encoded. */
  feed(frame: unknown): SessionOutput {
    this.now += 1;
    return this.check(this.session.message(typeof frame === 'string' ? frame : JSON.stringify(frame), this.now));
  }

  feedAll(frames: readonly unknown[]): SessionOutput[] {
    return frames.map((f) => this.feed(f));
  }

  heartbeat(at: number): SessionOutput {
    this.now = at;
    return this.check(this.session.heartbeat(at));
  }

  closed(code: number, reason = ''): SessionOutput {
    return this.check(this.session.closed(code, reason, this.now));
  }

  recover(gap: GapWindow, at = this.now): SessionOutput {
    this.now = at;
    return this.check(this.session.recover(gap, at));
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
    return this.check(this.session.response(id, given, this.now));
  }

  handshakeFailed(at: number): SessionOutput {
    this.now = at;
    return this.check(this.session.handshakeFailed(at));
  }

  events(from = 0): DomainEvent[] {
    return this.outputs.slice(from).flatMap((o) => o.events);
  }

  fills(from = 0): Fill[] {
    return this.events(from).flatMap((e) => (e.kind === 'fill' ? [e.fill] : []));
  }

  orders(from = 0): OrderUpdate[] {
    return this.events(from).flatMap((e) => (e.kind === 'order' ? [e.order] : []));
  }

  marks(from = 0): PriceMark[] {
    return this.events(from).flatMap((e) => (e.kind === 'mark' ? [e.mark] : []));
  }

  /** Sum of a diagnostics counter over all outputs. */
  count(key: 'malformed' | 'unknown' | 'filtered' | 'duplicates'): number {
    return this.outputs.reduce((n, o) => n + (o.diagnostics?.[key] ?? 0), 0);
  }

  private check(out: SessionOutput): SessionOutput {
    expectConformant(out.events);
    if (this.token.length > 0) expect(JSON.stringify(out)).not.toContain(this.token);
    this.outputs.push(out);
    return out;
  }
}
