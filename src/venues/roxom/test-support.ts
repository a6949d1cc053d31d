import { expect } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import { expectSecretsKept, fixtureReader, SessionHarness } from '../shared/testing/session-harness';
import type { RestRequest, RestResult, SessionOutput } from '../types';
import { roxomAdapter } from './adapter';
import { RoxomSession } from './session';
import { stringifyRoxomFrame } from './wire';

/** Test helpers for the Roxom folder (imported by *.test.ts only). */

export { expectConformant } from '../shared/testing/session-harness';

export const T0 = 1756478180000;
export const PAIRING_TOKEN = 'pairing-7Hq2xV9sLk3mN8pR';
/** The relay's bridge; the pairing token travels in the keyring reference (the subprotocol), never here. */
export const RELAY_URL = 'ws://127.0.0.1:8787/ws/roxom-main';
export const KEYRING = { url: 'http://127.0.0.1:8787', id: 'roxom-main', token: PAIRING_TOKEN };

/** Fixture text exactly as stored: nanosecond timestamps stay bare integers (never through JSON.parse). */
export const { fixtureText } = fixtureReader(new URL('.', import.meta.url));

export function config(overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    id: 'roxom-main',
    label: 'Roxom main',
    venue: 'roxom',
    url: RELAY_URL,
    auth: { keyring: KEYRING },
    options: { channels: ['orders', 'positions', 'balance', 'account'] },
    ...overrides,
  };
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
export class Harness extends SessionHarness<RoxomSession> {
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

  constructor(cfg: ConnectionConfig = config()) {
    const parsed = roxomAdapter.parseOptions(cfg);
    if (!parsed.ok) throw new Error(`bad test config: ${parsed.problems.join('; ')}`);
    super(new RoxomSession(cfg, parsed.options), T0, (out) => {
      expectSecretsKept(out, [PAIRING_TOKEN]);
      expect(JSON.stringify(out)).not.toContain('token=');
    });
  }

  open(): SessionOutput {
    return this.record(this.session.open(this.now));
  }

  closed(code: number, reason = ''): SessionOutput {
    return this.record(this.session.closed(code, reason));
  }

  recover(from: number, to = this.now): SessionOutput {
    return this.record(this.session.recover({ from, to }, this.now));
  }

  /** Answers every waiting read with `rest` (and the reads those answers ask for), until none is left. */
  flushRest(): void {
    for (let guard = 0; guard < 1_000 && this.waiting.length > 0; guard++) {
      const request = this.waiting.shift() as RestRequest;
      const result = this.rest(request);
      if (result) this.record(this.session.response(request.id, result, this.now));
    }
  }

  /** Answers a read left unanswered by `rest`. */
  answer(request: RestRequest, result: RestResult): SessionOutput {
    return this.record(this.session.response(request.id, result, this.now));
  }

  /** A reconnect as the lifecycle does it: the socket closes, a new one opens (same session object). */
  reconnect(): SessionOutput {
    this.closed(1006);
    return this.open();
  }

  /** Checks and keeps an output, then answers (or queues) the REST reads it asks for. */
  override record(out: SessionOutput): SessionOutput {
    super.record(out);
    for (const request of out.requests ?? []) {
      this.asked.push(request);
      if (!this.answerAtOnce) {
        this.waiting.push(request);
        continue;
      }
      const result = this.rest(request);
      if (result) this.record(this.session.response(request.id, result, this.now));
    }
    return out;
  }
}
