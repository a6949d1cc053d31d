import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ROXOM_AUTH_CLOSE_CODE } from './server';
import { RoxomTestClient, loose, signedHeaders, startRoxom, type RoxomUnderTest } from './test-support';

let sim: RoxomUnderTest | undefined;
const clients: RoxomTestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim?.stop();
  sim = undefined;
});

async function started(): Promise<RoxomUnderTest> {
  sim = await startRoxom({ run: false });
  return sim;
}

async function open(headers?: Record<string, string>): Promise<RoxomTestClient> {
  const s = sim ?? (await started());
  const client = await RoxomTestClient.connect(s.roxom.url, headers ?? signedHeaders(s.roxom.credential('valid')));
  clients.push(client);
  return client;
}

async function expectAuthFailure(client: RoxomTestClient): Promise<void> {
  const closed = await client.waitForClose();
  expect(closed.code).toBe(ROXOM_AUTH_CLOSE_CODE);
  expect(client.frames).toHaveLength(1);
  const error = loose(client.frames[0] ?? { seq: 0, text: '', json: undefined });
  expect(error).toEqual({ event: 'error', code: '600010', msg: 'Authentication failed', connId: expect.any(String) });
  // The documented frame, key order included.
  expect(client.frames[0]?.text).toMatch(
    /^\{"event":"error","code":"600010","msg":"Authentication failed","connId":"[0-9a-f-]{36}"\}$/,
  );
}

describe('Roxom upgrade authentication (X-API-Key, X-API-Signature over "GET:/ws")', () => {
  it('accepts the account key with a valid RSA PKCS#1 v1.5 SHA-256 signature', async () => {
    const s = await started();
    const credential = s.roxom.credential('valid');
    expect(credential.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    expect(credential.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const client = await open();
    client.send({ op: 'subscribe', args: [{ channel: 'orders' }] });
    await client.waitFor((f) => f.event === 'subscribe');
    await client.flush();
    expect(client.closed).toBeNull();
    expect(client.frames.some((f) => loose(f).event === 'error')).toBe(false);
  });

  it('the invalid and expired credentials sign with another key: 600010, then close 1008', async () => {
    const s = await started();
    for (const variant of ['invalid', 'expired'] as const) {
      const credential = s.roxom.credential(variant);
      expect(credential.apiKey).toBe(s.roxom.credential('valid').apiKey);
      await expectAuthFailure(await open(signedHeaders(credential)));
    }
  });

  it('an unknown key, missing headers, a signature over another payload or garbage: 600010', async () => {
    const s = await started();
    const valid = s.roxom.credential('valid');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = { ...valid, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    const cases: Record<string, string>[] = [
      { ...signedHeaders(valid), 'X-API-Key': 'rx-not-a-key' },
      {},
      { 'X-API-Key': valid.apiKey },
      signedHeaders(valid, 'GET:/ws/'),
      { 'X-API-Key': valid.apiKey, 'X-API-Signature': 'bm90IGEgc2lnbmF0dXJl' },
      signedHeaders(other),
    ];
    for (const headers of cases) await expectAuthFailure(await open(headers));
  });

  it('each connection gets its own connId', async () => {
    const a = await open();
    const b = await open();
    for (const c of [a, b]) c.send({ op: 'subscribe', args: [{ channel: 'balance' }] });
    const [fa, fb] = await Promise.all([
      a.waitFor((f) => f.event === 'subscribe'),
      b.waitFor((f) => f.event === 'subscribe'),
    ]);
    expect(loose(fa).connId).not.toBe(loose(fb).connId);
  });

  it('answers WS control pings (the heartbeat)', async () => {
    const client = await open();
    await client.flush();
    await client.flush();
  });
});

describe('Roxom subscriptions and errors', () => {
  it('acknowledges subscribe and unsubscribe with the args and the connId', async () => {
    const client = await open();
    const args = [{ channel: 'orders' }, { channel: 'positions' }, { channel: 'balance' }, { channel: 'account' }];
    client.send({ op: 'subscribe', args });
    const ack = await client.waitFor((f) => f.event === 'subscribe');
    expect(loose(ack)).toEqual({ event: 'subscribe', args, connId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const from = client.frames.length;
    client.send({ op: 'unsubscribe', args: [{ channel: 'orders' }] });
    const unack = await client.waitFor((f) => f.event === 'unsubscribe', from);
    expect(loose(unack)).toEqual({ event: 'unsubscribe', args: [{ channel: 'orders' }], connId: loose(ack).connId });
  });

  it('an unknown channel is 60014, an unknown symbol 60015; nothing is acknowledged', async () => {
    const client = await open();
    client.send({ op: 'subscribe', args: [{ channel: 'orders' }, { channel: 'fills' }] });
    const e1 = await client.waitFor((f) => f.event === 'error');
    expect(loose(e1)).toMatchObject({ event: 'error', code: '60014' });
    const from = client.frames.length;
    client.send({ channel: 'ticker', symbol: 'BTCUSDT' });
    const e2 = await client.waitFor((f) => f.event === 'error', from);
    expect(loose(e2)).toMatchObject({ event: 'error', code: '60015' });
    await client.flush();
    expect(client.frames.some((f) => loose(f).event === 'subscribe')).toBe(false);
    expect(client.closed).toBeNull();
  });

  it('invalid JSON and unknown requests are 60017, a binary frame 60018; the socket stays open', async () => {
    const client = await open();
    client.socket.send('{"op":"subscribe","args":[');
    client.send({ op: 'login' });
    client.send([1, 2]);
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    await client.until(() => client.frames.length >= 4);
    expect(client.frames.map((f) => loose(f).code)).toEqual(['60017', '60017', '60017', '60018']);
    for (const f of client.frames)
      expect(loose(f)).toEqual({
        event: 'error',
        code: expect.any(String),
        msg: expect.any(String),
        connId: expect.any(String),
      });
    await client.flush();
    expect(client.closed).toBeNull();
  });

  it('market channels take a Roxom symbol and push {topic, type, createdTime, data}', async () => {
    sim = await startRoxom({ core: { publicRateScale: 1 } });
    const client = await open();
    client.send({ channel: 'level1', symbol: 'US500-BTC' });
    client.send({ op: 'subscribe', args: [{ channel: 'trade', symbol: 'GOLD-BTC' }] });
    const level1 = await client.waitFor((f) => f.topic === 'level1.US500-BTC');
    expect(loose(level1)).toMatchObject({
      type: 'snapshot',
      data: { symbol: 'US500-BTC', bidPx: expect.any(String), askPx: expect.any(String) },
    });
    expect(level1.text).toMatch(/"createdTime":\d{19}[,}]/);
    const trade = await client.waitFor((f) => f.topic === 'trade.GOLD-BTC');
    expect(loose(trade)).toMatchObject({
      type: 'delta',
      data: { symbol: 'GOLD-BTC', px: expect.any(String), qty: expect.any(String) },
    });
  });
});
