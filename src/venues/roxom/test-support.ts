import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import { validateEvents } from '../../domain/conformance/validators';
import type { DomainEvent } from '../../domain/events';
import type { Fill, OrderUpdate } from '../../domain/types';
import type { RestRequest, RestResult, SessionOutput } from '../types';
import { roxomAdapter } from './adapter';
import { RoxomSession } from './session';
import { stringifyRoxomFrame } from './wire';

/** Test helpers for the Roxom folder (imported by *.test.ts only). */

export const T0 = 1756478180000;
export const PAIRING_TOKEN = 'pairing-7Hq2xV9sLk3mN8pR';
export const RELAY_URL = `ws://127.0.0.1:8787/ws/roxom-main?token=${PAIRING_TOKEN}`;

/** Fixture text exactly as stored: nanosecond timestamps stay bare integers (never through JSON.parse). */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8');
}

export function config(overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    id: 'roxom-main',
    label: 'Roxom main',
    venue: 'roxom',
    url: RELAY_URL,
    auth: {},
    options: { channels: ['orders', 'positions', 'balance', 'account'] },
    ...overrides,
  };
}

/** Asserts every event conforms to the domain validators. */
export function expectConformant(events: readonly DomainEvent[]): void {
  expect(validateEvents(events)).toEqual([]);
}

/** An order frame's `data` as the tests build it: bigint timestamps, decimal strings. */
export interface OrderData {
  orderId: string;
  symbol?: string;
  side?: string;
  orderType?: string;
  orderSize?: string;
  limitPrice?: string;
  clientOrderId?: string;
  status: string;
  remainingQty?: string;
  executedQty: string;
  avgPx?: string;
  fillPx?: string;
  filledFees?: string;
  timestamp: bigint;
}

/** `{"type":"order","data":{…}}` text with the documented fields (defaults for the ones not given). */
export function orderFrame(d: OrderData): string {
  return stringifyRoxomFrame({
    type: 'order',
    data: {
      accountId: 'acc-4f1d9b2e',
      symbol: 'US500-BTC',
      side: 'buy',
      orderType: 'limit',
      orderSize: '2',
      limitPrice: '0.0593',
      clientOrderId: '',
      remainingQty: '0',
      avgPx: '0',
      fillPx: '0',
      filledFees: '0',
      entryPositionId: '',
      exitPositionId: '',
      reason: '',
      ...d,
    },
  });
}

/** What a relay without `restUrl` answers for every REST read: 404 (no retry helps). */
export const NO_REST = (): RestResult => ({ ok: true, status: 404, body: '{"error":"no restUrl configured"}' });

/**
 * Drives a session like the shared lifecycle would, checking every output on the way: events conform to
 * the validators, and the relay's pairing token appears nowhere (not in events, reasons or frames sent).
 * REST reads the session asks for are answered by `rest` at once (undefined: left unanswered, for the
 * test to answer with `answer`); by default as by a relay without REST (404).
 */
export class Harness {
  readonly session: RoxomSession;
  readonly outputs: SessionOutput[] = [];
  /** Every REST read asked for, in order. */
  readonly asked: RestRequest[] = [];
  rest: (request: RestRequest) => RestResult | undefined = NO_REST;
  /**
   * true: each read is answered as soon as it is asked (inside the output that asked). false: reads wait
   * in `waiting` until `flushRest()`, as with the real lifecycle, whose answers come asynchronously (after
   * `recover()`, which it calls in the same turn as the output that made the stream live).
   */
  answerAtOnce = true;
  readonly waiting: RestRequest[] = [];
  now = T0;

  constructor(cfg: ConnectionConfig = config()) {
    const parsed = roxomAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error(`bad test config: ${parsed.problems.join('; ')}`);
    this.session = new RoxomSession(cfg, parsed.options);
  }

  open(): SessionOutput {
    return this.check(this.session.open(this.now));
  }

  /** One frame, as text (tests build frames with `stringifyRoxomFrame` or read fixtures as text). */
  feed(text: string): SessionOutput {
    this.now += 1;
    return this.check(this.session.message(text, this.now));
  }

  feedAll(texts: readonly string[]): SessionOutput[] {
    return texts.map((t) => this.feed(t));
  }

  heartbeat(at: number): SessionOutput {
    this.now = at;
    return this.check(this.session.heartbeat(at));
  }

  closed(code: number, reason = ''): SessionOutput {
    return this.check(this.session.closed(code, reason));
  }

  recover(from: number, to = this.now): SessionOutput {
    return this.check(this.session.recover({ from, to }, this.now));
  }

  /** Answers every waiting read with `rest` (and the reads those answers ask for), until none is left. */
  flushRest(): void {
    for (let guard = 0; guard < 1_000 && this.waiting.length > 0; guard++) {
      const request = this.waiting.shift() as RestRequest;
      const result = this.rest(request);
      if (result) this.check(this.session.response(request.id, result, this.now));
    }
  }

  /** Answers a read left unanswered by `rest`. */
  answer(request: RestRequest, result: RestResult): SessionOutput {
    return this.check(this.session.response(request.id, result, this.now));
  }

  /** The recovery reports so far. */
  recoveries(): NonNullable<SessionOutput['recovery']>[] {
    return this.outputs.flatMap((o) => (o.recovery ? [o.recovery] : []));
  }

  /** A reconnect as the lifecycle does it: the socket closes, a new one opens (same session object). */
  reconnect(): SessionOutput {
    this.closed(1006);
    return this.open();
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

  errors(): string[] {
    return this.outputs.flatMap((o) => (o.diagnostics?.error === undefined ? [] : [o.diagnostics.error]));
  }

  private check(out: SessionOutput): SessionOutput {
    expectConformant(out.events);
    expect(JSON.stringify(out)).not.toContain(PAIRING_TOKEN);
    expect(JSON.stringify(out)).not.toContain('token=');
    this.outputs.push(out);
    for (const request of out.requests ?? []) {
      this.asked.push(request);
      if (!this.answerAtOnce) {
        this.waiting.push(request);
        continue;
      }
      const result = this.rest(request);
      if (result) this.check(this.session.response(request.id, result, this.now));
    }
    return out;
  }
}
