import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import { coinSwitchSignature } from '../../relay/credentials';
import type {
  CoinswitchExecution,
  CoinswitchOrder,
  CoinswitchRestEnvelope,
  CoinswitchTradeMessage,
} from '../../src/venues/coinswitch/wire';
import { waitUntil } from '../testing/wait';
import { ed25519FromSecretHex, signRequest } from './ed25519';
import { privateTradeSubject } from './subjects';
import {
  Recorder,
  authText,
  callSignature,
  requestAuth,
  startCoinswitch,
  type CoinswitchUnderTest,
} from './test-support';

/**
 * The HFT REST reads served from the account's record (rest.ts, history.ts), checked against the
 * ledger: paging by cursor, time windows, limits, the Bybit envelope, and the request signature
 * verified exactly like the signature endpoint's. Nobody is subscribed to NATS here: the account's
 * activity happens with no client, and REST still has all of it.
 */

let sim: CoinswitchUnderTest;

beforeAll(async () => {
  sim = await startCoinswitch({ core: { publicRateScale: 0.05 } });
  await waitUntil(() => sim.cs.ledger().fills.length >= 25, 20_000, '25 fills');
  sim.core.pause();
  await sim.cs.flush();
});

afterAll(async () => {
  await sim.stop();
});

type Envelope<T> = CoinswitchRestEnvelope<T> & {
  result: { category: string; list: T[]; nextPageCursor: string };
};

async function get<T>(path: string): Promise<{ status: number; body: Envelope<T> }> {
  const { status, body } = await callSignature(sim.cs.credential('valid'), { path });
  return { status, body: body as Envelope<T> };
}

/** Every page of a list from `cursor` on, following nextPageCursor. */
async function all<T>(path: string, from = ''): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor = from;
  let pages = 0;
  do {
    const { status, body } = await get<T>(`${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(status).toBe(200);
    expect(body.retCode).toBe(0);
    items.push(...body.result.list);
    cursor = body.result.nextPageCursor;
    pages++;
  } while (cursor !== '' && pages < 200);
  return { items, pages };
}

const d = (v: string) => new Decimal(v).toFixed();
const BYBIT_STATUS: Record<string, string> = {
  open: 'New',
  partially_filled: 'PartiallyFilled',
  filled: 'Filled',
  canceled: 'Cancelled',
};

describe('GET /v5/execution/list', () => {
  it('pages through every execution of the window, newest first, exactly the ledger fills', async () => {
    const ledger = sim.cs.ledger();
    const start = Math.min(...ledger.fills.map((f) => f.time));
    const end = Math.max(...ledger.fills.map((f) => f.time));
    const { items, pages } = await all<CoinswitchExecution>(
      `/v5/execution/list?category=linear&startTime=${start}&endTime=${end}&limit=7`,
    );
    expect(pages).toBe(Math.ceil(ledger.fills.length / 7));
    expect(items.map((e) => e.execId)).toEqual([...ledger.fills].reverse().map((f) => f.fillId));
    for (const e of items) {
      const fill = ledger.fills.find((f) => f.fillId === e.execId)!;
      expect([e.symbol, e.side, d(e.execPrice), d(e.execQty), d(e.execFee), e.execTime, e.orderId]).toEqual([
        fill.symbol,
        fill.side === 'buy' ? 'Buy' : 'Sell',
        d(fill.price),
        d(fill.quantity),
        d(fill.fee),
        String(fill.time),
        fill.orderId,
      ]);
      expect(e.isMaker).toBe(fill.liquidity === 'maker');
    }
    // seq strictly decreasing along the pages: nothing repeated, nothing skipped.
    expect(items.every((e, i) => i === 0 || e.seq < items[i - 1]!.seq)).toBe(true);
  });

  it('filters by startTime and endTime (inclusive); without times the last 7 days', async () => {
    const fills = sim.cs.ledger().fills;
    const from = fills[5]!.time;
    const to = fills[15]!.time;
    const { items } = await all<CoinswitchExecution>(
      `/v5/execution/list?category=linear&startTime=${from}&endTime=${to}&limit=100`,
    );
    expect(items.map((e) => e.execId).sort()).toEqual(
      fills
        .filter((f) => f.time >= from && f.time <= to)
        .map((f) => f.fillId)
        .sort(),
    );
    const recent = await all<CoinswitchExecution>('/v5/execution/list?category=linear&limit=100');
    expect(recent.items).toHaveLength(fills.length);
  });

  it('the Bybit envelope; a page in the middle has a cursor, the last one ""', async () => {
    const { status, body } = await get<CoinswitchExecution>('/v5/execution/list?category=linear&limit=2');
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['retCode', 'retMsg', 'result', 'retExtInfo', 'time']);
    expect(body).toMatchObject({ retCode: 0, retMsg: 'OK', result: { category: 'linear' }, retExtInfo: {} });
    expect(body.result.list).toHaveLength(2);
    expect(body.result.nextPageCursor).not.toBe('');
    const { body: last } = await get<CoinswitchExecution>('/v5/execution/list?category=linear&limit=100');
    expect(last.result.nextPageCursor).toBe('');
  });

  it('a page stays put while the account trades on: the next page starts after the last item seen', async () => {
    const { body: first } = await get<CoinswitchExecution>('/v5/execution/list?category=linear&limit=5');
    const seen = first.result.list.map((e) => e.execId);
    sim.core.resume();
    const before = sim.cs.ledger().fills.length;
    await waitUntil(() => sim.cs.ledger().fills.length >= before + 3, 10_000, 'more fills');
    sim.core.pause();
    await sim.cs.flush();
    const rest = await all<CoinswitchExecution>(
      '/v5/execution/list?category=linear&limit=5',
      first.result.nextPageCursor,
    );
    const older = sim.cs
      .ledger()
      .fills.slice(0, before - 5)
      .map((f) => f.fillId)
      .reverse();
    expect(rest.items.map((e) => e.execId)).toEqual(older);
    expect(rest.items.some((e) => seen.includes(e.execId))).toBe(false);
  });

  it('refuses a limit outside 1-100, a window over 7 days, an end before the start, another category, a foreign cursor', async () => {
    const day = 86_400_000;
    const now = Date.now();
    for (const query of [
      'category=linear&limit=0',
      'category=linear&limit=101',
      'category=linear&limit=x',
      `category=linear&startTime=${now - 7 * day - 1}&endTime=${now}`,
      `category=linear&startTime=${now}&endTime=${now - 1}`,
      'category=spot',
      'limit=10',
      'category=linear&cursor=bm9wZQ',
    ]) {
      const { status, body } = await get<CoinswitchExecution>(`/v5/execution/list?${query}`);
      expect([query, status, body.retCode]).toEqual([query, 200, 10001]);
      expect(body.retMsg).toMatch(/^params error: /);
      expect(body.result).toEqual({});
    }
    for (const limit of [1, 100]) {
      const { body } = await get<CoinswitchExecution>(`/v5/execution/list?category=linear&limit=${limit}`);
      expect(body.retCode).toBe(0);
      expect(body.result.list.length).toBeLessThanOrEqual(limit);
    }
  });
});

describe('GET /v5/order/realtime', () => {
  it('pages through every order (open and recently closed), as the ledger has them', async () => {
    const ledger = sim.cs.ledger();
    const { items, pages } = await all<CoinswitchOrder>('/v5/order/realtime?category=linear&openOnly=0&limit=4');
    expect(pages).toBe(Math.ceil(ledger.orders.length / 4));
    expect(items.map((o) => o.orderId).sort()).toEqual(ledger.orders.map((o) => o.orderId).sort());
    expect(new Set(items.map((o) => o.orderId)).size).toBe(items.length);
    for (const o of items) {
      const l = ledger.orders.find((x) => x.orderId === o.orderId)!;
      expect([o.orderStatus, d(o.cumExecQty), d(o.qty), o.symbol]).toEqual([
        BYBIT_STATUS[l.status],
        d(l.filledQuantity),
        d(l.quantity),
        l.symbol,
      ]);
    }
  });

  it('refuses openOnly other than 0, a limit outside 1-50, another category', async () => {
    for (const query of [
      'category=linear&openOnly=1',
      'category=linear&limit=51',
      'category=linear&limit=0',
      'openOnly=0',
    ]) {
      const { body } = await get<CoinswitchOrder>(`/v5/order/realtime?${query}`);
      expect([query, body.retCode]).toEqual([query, 10001]);
    }
    const { body } = await get<CoinswitchOrder>('/v5/order/realtime?category=linear');
    expect(body.result.list.length).toBeLessThanOrEqual(20);
  });
});

describe('the request signature, exactly like the signature endpoint', () => {
  const path = '/v5/execution/list?category=linear&startTime=1&endTime=2&limit=100';

  it("accepts the relay's own signer (relay/credentials.ts), query and cursor included", async () => {
    const cred = sim.cs.credential('valid');
    const url = new URL(`${cred.restUrl}/v5/execution/list?category=linear&limit=3&cursor=c2VxOjk5OTk5OTk5OTk5OTk5`);
    const epoch = String(Date.now());
    const signature = coinSwitchSignature(
      { secretKey: ed25519FromSecretHex(cred.secretKeyHex).privateKey } as Parameters<typeof coinSwitchSignature>[0],
      'GET',
      url,
      epoch,
    );
    const res = await fetch(url, {
      headers: { 'X-AUTH-APIKEY': cred.apiKey, 'X-AUTH-EPOCH': epoch, 'X-AUTH-SIGNATURE': signature },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Envelope<CoinswitchExecution>).retCode).toBe(0);
  });

  it('refuses a signature made for another query (an attacker changing the window), another key, no epoch, a skewed epoch', async () => {
    const cred = sim.cs.credential('valid');
    const epoch = String(Date.now());
    const signedForOther = signRequest(cred.secretKeyHex, 'GET', '/v5/execution/list?category=linear', epoch);
    const tampered = await callSignature(cred, { path, epoch, signature: signedForOther });
    expect([tampered.status, (tampered.body as Envelope<unknown>).retCode]).toEqual([401, 10004]);
    const wrongKey = await callSignature(cred, { path, apiKey: 'someone-else' });
    expect([wrongKey.status, (wrongKey.body as Envelope<unknown>).retCode]).toEqual([401, 10003]);
    const noEpoch = await callSignature(cred, { path, epoch: null });
    expect(noEpoch.status).toBe(400);
    expect(noEpoch.body).toMatchObject({ retCode: 10001, retMsg: 'X-AUTH-EPOCH header is required', result: {} });
    const skewed = await callSignature(cred, { path, epoch: String(Date.now() - 60_000) });
    expect([skewed.status, (skewed.body as Envelope<unknown>).retCode]).toEqual([401, 10002]);
    const unsigned = await fetch(`${cred.restUrl}${path}`);
    expect(unsigned.status).toBe(400);
  });
});

describe('activity while a client is away', () => {
  it('goes on; NATS gives the client that comes back none of it, REST has all of it', async () => {
    const subscribe = async () => {
      const nc = await sim.connect();
      expect(await requestAuth(nc, sim.cs.authSubject, authText(sim.cs.credential('valid').triple))).toEqual({
        success: true,
      });
      const recorder = new Recorder(nc, privateTradeSubject(sim.cs.subAccountId));
      await nc.flush();
      return { nc, recorder };
    };
    const execIds = (r: Recorder) =>
      r.messages.flatMap((m) => (m.json as CoinswitchTradeMessage).o.map((e) => e.execId));
    const first = await subscribe();
    sim.core.resume();
    await first.recorder.waitFor((m) => m.length >= 2, 'trade messages while connected');
    sim.cs.fault({ venue: 'coinswitch', fault: 'drop' });
    await first.nc.closed();
    const away = sim.cs.ledger().fills.length;
    const awayFrom = Date.now();
    // The account trades on with the client gone.
    await waitUntil(() => sim.cs.ledger().fills.length >= away + 5, 10_000, 'fills while away');
    const back = await subscribe();
    const awayTo = Date.now();
    await back.recorder.waitFor((m) => m.length >= 2, 'trade messages after coming back');
    sim.core.pause();
    await sim.cs.flush();
    // The five fills the account made before the client even started to come back (its ledger order).
    const missed = sim.cs
      .ledger()
      .fills.slice(away, away + 5)
      .map((f) => f.fillId);
    expect(missed).toHaveLength(5);
    // Nothing of the absence is replayed on the stream ...
    expect(execIds(back.recorder).filter((id) => missed.includes(id))).toEqual([]);
    expect(execIds(first.recorder).filter((id) => missed.includes(id))).toEqual([]);
    // ... and REST has every one of them.
    const { items } = await all<CoinswitchExecution>(
      `/v5/execution/list?category=linear&startTime=${awayFrom}&endTime=${awayTo}&limit=100`,
    );
    expect(missed.filter((id) => !items.some((e) => e.execId === id))).toEqual([]);
    await sim.closeClients();
  });
});
