import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coinSwitchSignature } from '../../../relay/credentials';
import { ed25519FromSecretHex } from '../../../sim/coinswitch/ed25519';
import { startCoinswitch, type CoinswitchUnderTest } from '../../../sim/coinswitch/test-support';
import { waitUntil } from '../../../sim/testing/wait';
import type { Fill } from '../../domain/types';
import type { RestRequest, RestResult, SessionOutput } from '../types';
import { Harness, KEYRING, config, credential } from './test-support';

/**
 * The session's recovery against the CoinSwitch simulator's REST, with this test in the relay's place:
 * each request the session asks for is signed exactly as relay/credentials.ts signs it (Ed25519 over
 * GET + decoded path with query + epoch) and sent to the simulator's `restUrl`; the answers go back to
 * `response()`. The account trades while no client is subscribed (NATS replays nothing), so REST is the
 * only way back to those fills; they must equal the ledger's, each once, across real cursor pages.
 */

let sim: CoinswitchUnderTest;

beforeAll(async () => {
  sim = await startCoinswitch({ core: { activityMs: 8, publicRateScale: 0.05 } });
});

afterAll(async () => {
  await sim.stop();
});

/** What the relay does for `GET /rest/<id><path>?<query>`: sign and forward to restUrl. */
async function relay(request: RestRequest): Promise<RestResult> {
  const cred = sim.cs.credential('valid');
  const url = new URL(`${cred.restUrl}${request.path}?${new URLSearchParams(request.query).toString()}`);
  const epoch = String(Date.now());
  const secretKey = ed25519FromSecretHex(cred.secretKeyHex).privateKey;
  const signature = coinSwitchSignature({ secretKey } as Parameters<typeof coinSwitchSignature>[0], 'GET', url, epoch);
  const res = await fetch(url, {
    headers: { 'X-AUTH-APIKEY': cred.apiKey, 'X-AUTH-EPOCH': epoch, 'X-AUTH-SIGNATURE': signature },
  });
  return { ok: true, status: res.status, body: await res.text() };
}

/** Performs the session's requests (as the lifecycle would) until it reports; returns the report's output. */
async function runRecovery(h: Harness, first: SessionOutput): Promise<{ report: SessionOutput; requests: number }> {
  const pending = [...(first.requests ?? [])];
  let requests = 0;
  for (let i = 0; i < 500 && pending.length > 0; i++) {
    const request = pending.shift()!;
    requests++;
    const out = h.respond(request.id, await relay(request), Date.now());
    pending.push(...(out.requests ?? []));
    if (out.recovery) return { report: out, requests };
  }
  throw new Error('the recovery never reported');
}

const key = (f: Pick<Fill, 'fillId' | 'symbol' | 'side' | 'price' | 'quantity' | 'time'>) =>
  [f.fillId, f.symbol, f.side, new Decimal(f.price).toFixed(), new Decimal(f.quantity).toFixed(), f.time].join(' ');

describe('CoinSwitch recovery against the simulator REST (the test signs like the relay)', () => {
  it('fills traded while nobody listened come back from REST, each once, over several pages; full', async () => {
    const h = new Harness(config({ auth: { keyring: KEYRING, ...credential({ expires: Date.now() + 3_600_000 }) } }));
    h.openAndAuth(Date.now());
    const from = Date.now();
    const before = sim.cs.ledger().fills.length;
    // More than one page of executions (limit 100) while the session is away.
    await waitUntil(() => sim.cs.ledger().fills.length >= before + 130, 30_000, '130 fills');
    const to = Date.now();
    const { report, requests } = await runRecovery(h, h.recover({ from, to }, to));
    expect(report.recovery?.recovered).toBe('full');
    expect(requests).toBeGreaterThanOrEqual(3);
    const ledger = sim.cs.ledger().fills.filter((f) => f.time >= from - 5_000);
    const recovered = h.fills();
    expect(new Set(recovered.map((f) => f.fillId)).size).toBe(recovered.length);
    // Everything of the window is there; what traded after `to` (the recovery took a moment) may be too.
    const got = new Set(recovered.map(key));
    expect(ledger.filter((f) => f.time <= to).filter((f) => !got.has(key(f)))).toEqual([]);
    const truth = new Set(ledger.map(key));
    expect(recovered.filter((f) => !truth.has(key(f)))).toEqual([]);

    // A second recovery over the same window finds nothing new: every execId is remembered.
    const again = await runRecovery(h, h.recover({ from, to }, Date.now()));
    expect(again.report.recovery?.recovered).toBe('full');
    const newer = h.fills().slice(recovered.length);
    expect(newer.every((f) => f.time > to)).toBe(true);
  });
});
