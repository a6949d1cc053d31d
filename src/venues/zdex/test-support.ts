import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import { validateEvents } from '../../domain/conformance/validators';
import type { DomainEvent } from '../../domain/events';
import type { Fill, OrderUpdate } from '../../domain/types';
import type { GapWindow, SessionOutput, VenueSession } from '../types';
import { HOLD_MS } from './account';
import { zdexAdapter } from './adapter';

/** Test helpers for the ZDEX folder (imported by *.test.ts only). */

export const T0 = 1711756800000;
/** exp 2030-07-31T..., a structurally valid JWT (the signature is never checked by the adapter). */
export const TOKEN_EXP_MS = 1911756800000;
export const TOKEN = makeJwt({ sub: 'clx-user', exp: TOKEN_EXP_MS / 1000 });

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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function sequence(name: string): any[] {
  return fixture(name) as unknown[];
}

export function config(overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    id: 'zdex-main',
    label: 'ZDEX main',
    venue: 'zdex',
    url: 'wss://api.zdex.world/ws',
    auth: { token: TOKEN },
    options: { symbols: ['BTCUSDT', 'ETHUSDT'] },
    ...overrides,
  };
}

/** Asserts every event conforms to the domain validators. */
export function expectConformant(events: readonly DomainEvent[]): void {
  expect(validateEvents(events)).toEqual([]);
}

/**
 * Drives a session like the shared lifecycle would, checking every output on the way: events conform,
 * and no token appears anywhere but in the auth frame sent.
 */
export class Harness {
  readonly session: VenueSession;
  readonly outputs: SessionOutput[] = [];
  now = T0;
  private readonly token: string;

  constructor(cfg: ConnectionConfig = config()) {
    const parsed = zdexAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error(`bad test config: ${parsed.problems.join('; ')}`);
    this.session = zdexAdapter.createSession(cfg, parsed.options);
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

  /** The lifecycle: live again after `gap` (the session must implement `recover`). */
  recover(gap: GapWindow): SessionOutput {
    if (!this.session.recover) throw new Error('the session has no recover()');
    return this.check(this.session.recover(gap, this.now));
  }

  /** Time passes with no full state: what was held for one is released with its guess. */
  release(): SessionOutput {
    return this.heartbeat(this.now + HOLD_MS);
  }

  closed(code: number, reason = ''): SessionOutput {
    return this.check(this.session.closed(code, reason, this.now));
  }

  /** open -> connected -> authenticated (no full state yet). */
  authenticate(): SessionOutput[] {
    return [this.open(), this.feed(fixtureText('connected')), this.feed(fixtureText('authenticated'))];
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

  /** Sum of a diagnostics counter over all outputs. */
  count(key: 'malformed' | 'unknown' | 'filtered' | 'duplicates'): number {
    return this.outputs.reduce((n, o) => n + (o.diagnostics?.[key] ?? 0), 0);
  }

  private check(out: SessionOutput): SessionOutput {
    expectConformant(out.events);
    if (this.token.length > 0) {
      const { send: _send, ...rest } = out;
      expect(JSON.stringify(rest)).not.toContain(this.token);
      for (const text of out.send) if (!text.includes('"action":"auth"')) expect(text).not.toContain(this.token);
    }
    this.outputs.push(out);
    return out;
  }
}
