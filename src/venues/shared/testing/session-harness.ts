import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { validateEvents } from '../../../domain/conformance/validators';
import type { DomainEvent } from '../../../domain/events';
import type { Fill, Notification, OrderUpdate, Position, PriceMark } from '../../../domain/types';
import type { RecoveryReport, RestRequest, SessionDiagnostics, SessionOutput, VenueSession } from '../../types';
import type { NatsCommand } from '../nats-protocol';

/**
 * The session test harness every venue folder shares (imported by *.test.ts and a venue's
 * test-support.ts only). A venue's `Harness` extends `SessionHarness` with the steps its protocol has
 * (log in, reconnect, answer REST); what is the same for every venue lives here once: feeding frames,
 * checking every output (events conform to the domain validators; no secret leaks), and reading
 * events and diagnostics back.
 */

/** Asserts every event conforms to the domain validators. */
export function expectConformant(events: readonly DomainEvent[]): void {
  expect(validateEvents(events)).toEqual([]);
}

/** A structurally valid HS256 JWT with these claims (the signature is never checked by an adapter). */
export function makeJwt(claims: Record<string, unknown>): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.c2lnbmF0dXJl`;
}

/**
 * Readers for a venue's `fixtures/` folder: `fixtureText(name)` is the file's text (`name` without
 * `.json`, or with another extension such as `pong.txt`), `fixture(name)` the parsed JSON.
 * `folder` is the venue folder's URL: `new URL('.', import.meta.url)` in its test-support.ts.
 */
export function fixtureReader(folder: URL): {
  fixtureText(name: string): string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are edited freely in tests
  fixture(name: string): any;
} {
  const fixtureText = (name: string): string => {
    const file = /\.(txt|json)$/.test(name) ? name : `${name}.json`;
    return readFileSync(new URL(`fixtures/${file}`, folder), 'utf8');
  };
  return { fixtureText, fixture: (name) => JSON.parse(fixtureText(name)) };
}

/** An outgoing frame: text for a WebSocket venue, a typed command for a NATS one. */
export type OutgoingFrame = string | NatsCommand;

/**
 * `secrets` appear nowhere in `out`: not in events, reasons, errors or REST requests, and in an
 * outgoing frame only where `visible` blanks them (the one frame that presents the credential).
 * `visible` returns what of a frame must hold no secret: by default all of it.
 */
export function expectSecretsKept(
  out: SessionOutput,
  secrets: readonly unknown[],
  visible: (frame: OutgoingFrame) => string = (frame) => (typeof frame === 'string' ? frame : JSON.stringify(frame)),
): void {
  const kept = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  if (kept.length === 0) return;
  const { send, nats = [], ...rest } = out;
  const shown = [JSON.stringify(rest), ...[...send, ...nats].map(visible)];
  for (const text of shown) for (const secret of kept) expect(text).not.toContain(secret);
}

type Counter = Exclude<keyof SessionDiagnostics, 'error'>;

/**
 * Drives a session like the shared lifecycle would and keeps every output. `record` checks each one
 * (conformance, then the venue's `guard`, e.g. `expectSecretsKept`) before keeping it.
 */
export class SessionHarness<S extends VenueSession = VenueSession> {
  readonly outputs: SessionOutput[] = [];

  constructor(
    readonly session: S,
    public now: number,
    private readonly guard: (out: SessionOutput) => void = () => undefined,
  ) {}

  /** Checks and keeps one output; returns it. */
  record(out: SessionOutput): SessionOutput {
    expectConformant(out.events);
    this.guard(out);
    this.outputs.push(out);
    return out;
  }

  /** One text frame, a millisecond later: text as is, anything else JSON-encoded. */
  feed(frame: unknown): SessionOutput {
    this.now += 1;
    return this.record(this.session.message(typeof frame === 'string' ? frame : JSON.stringify(frame), this.now));
  }

  feedAll(frames: readonly unknown[]): SessionOutput[] {
    return frames.map((frame) => this.feed(frame));
  }

  heartbeat(at: number): SessionOutput {
    this.now = at;
    return this.record(this.session.heartbeat(at));
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

  positions(from = 0): Position[] {
    return this.events(from).flatMap((e) => (e.kind === 'position' ? [e.position] : []));
  }

  marks(from = 0): PriceMark[] {
    return this.events(from).flatMap((e) => (e.kind === 'mark' ? [e.mark] : []));
  }

  notifications(from = 0): Notification[] {
    return this.events(from).flatMap((e) => (e.kind === 'notification' ? [e.notification] : []));
  }

  /** Sum of a diagnostics counter over all outputs. */
  count(key: Counter): number {
    return this.outputs.reduce((n, o) => n + (o.diagnostics?.[key] ?? 0), 0);
  }

  /** Every diagnostics error (since output `from`). */
  errors(from = 0): string[] {
    return this.outputs.slice(from).flatMap((o) => (o.diagnostics?.error === undefined ? [] : [o.diagnostics.error]));
  }

  /** Every REST request asked for (since output `from`). */
  requests(from = 0): RestRequest[] {
    return this.outputs.slice(from).flatMap((o) => o.requests ?? []);
  }

  /** The recovery reports so far, oldest first. */
  recoveries(): RecoveryReport[] {
    return this.outputs.flatMap((o) => (o.recovery ? [o.recovery] : []));
  }
}
