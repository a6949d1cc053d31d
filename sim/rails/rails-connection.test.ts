import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualScheduler } from '../core/clock';
import { RailsTestClient, loose, refusedUpgrade, startRails, type RailsUnderTest } from './test-support';

let sim: RailsUnderTest;
let clock: ManualScheduler;
let clients: RailsTestClient[] = [];

beforeEach(async () => {
  clock = new ManualScheduler();
  // Virtual time, core not running: nothing is pushed, so every frame answers a request.
  sim = await startRails({ scheduler: clock, run: false });
});

afterEach(async () => {
  for (const c of clients) c.close();
  clients = [];
  await sim.stop();
});

async function connect(
  market = 'BTC-USDT',
  subscriptions?: string[],
  token = sim.rails.credential('valid').token,
): Promise<RailsTestClient> {
  const client = await RailsTestClient.connect(sim.wsUrl(market, subscriptions), token);
  clients.push(client);
  return client;
}

const auth = (token: string) => [`authorization#${token}`];

describe('Rails WebSocket upgrade', () => {
  it.each(['/', '/ws'])('accepts a valid token on %s and echoes the authorization subprotocol', async (path) => {
    const token = sim.rails.credential('valid').token;
    const url = `${sim.rails.url}${path}?market=BTC-USDT&subscriptions=orders,trades`;
    const client = await RailsTestClient.connect(url, token);
    clients.push(client);
    expect(client.socket.protocol).toBe(`authorization#${token}`);
    expect(client.closed).toBeNull();
  });

  it('answers 401 to an upgrade without a token, with a bad signature, or with a foreign token', async () => {
    const url = sim.wsUrl('BTC-USDT');
    expect(await refusedUpgrade(url)).toEqual({ status: 401, body: 'invalid token' });
    expect(await refusedUpgrade(url, ['authorization#'])).toEqual({ status: 401, body: 'invalid token' });
    expect(await refusedUpgrade(url, ['something-else'])).toEqual({ status: 401, body: 'invalid token' });
    expect(await refusedUpgrade(url, auth(sim.rails.credential('invalid').token))).toEqual({
      status: 401,
      body: 'invalid token',
    });
    expect(await refusedUpgrade(url, auth('abc.def.ghi'))).toEqual({ status: 401, body: 'invalid token' });
  });

  it('answers 401 "token expired" to an expired token', async () => {
    expect(await refusedUpgrade(sim.wsUrl('BTC-USDT'), auth(sim.rails.credential('expired').token))).toEqual({
      status: 401,
      body: 'token expired',
    });
  });

  it('answers 400 to a missing or unknown market and an unknown subscription, 404 to another path', async () => {
    const token = auth(sim.rails.credential('valid').token);
    expect(await refusedUpgrade(`${sim.rails.url}/`, token)).toEqual({ status: 400, body: 'market is required' });
    expect(await refusedUpgrade(sim.wsUrl('DOGE-USDT'), token)).toEqual({
      status: 400,
      body: 'unknown market: DOGE-USDT',
    });
    expect(await refusedUpgrade(sim.wsUrl('BTC-USDT', ['orders', 'positions']), token)).toEqual({
      status: 400,
      body: 'unknown subscription: positions',
    });
    expect(await refusedUpgrade(`${sim.rails.url}/v2?market=BTC-USDT`, token)).toEqual({
      status: 404,
      body: 'not found',
    });
  });

  it('answers 403 to a third concurrent connection for the same account and market', async () => {
    const first = await connect('BTC-USDT');
    await connect('BTC-USDT', ['publicOrderBook']);
    const token = auth(sim.rails.credential('valid').token);
    expect(await refusedUpgrade(sim.wsUrl('BTC-USDT'), token)).toEqual({
      status: 403,
      body: 'at most 2 connections per market',
    });
    // Other markets (ALL counts as one) have their own allowance.
    await connect('ETH-USDT');
    await connect('ALL');
    await connect('ALL');
    expect(await refusedUpgrade(sim.wsUrl('ALL'), token)).toEqual({
      status: 403,
      body: 'at most 2 connections per market',
    });
    // A closed connection frees its place.
    first.close();
    await first.waitForClose();
    await connect('BTC-USDT');
  });

  it('closes the socket with 4001 "token expired" when the token expires mid-connection [guess]', async () => {
    const client = await connect('BTC-USDT');
    clock.advance(1_799_000);
    await client.flush();
    expect(client.closed).toBeNull();
    clock.advance(1_000);
    expect(await client.waitForClose()).toEqual({ code: 4001, reason: 'token expired' });
  });
});

describe('Rails requests', () => {
  it('answers ping with pong, echoing clientRequestId when given', async () => {
    const client = await connect();
    client.send({ message: 'ping', content: { clientRequestId: 'c0ffee' } });
    client.send({ message: 'ping' });
    await client.until(() => client.of('pong').length === 2);
    expect(client.of('pong').map((f) => f.json)).toEqual([
      { resultType: 'pong', data: { statusCode: 200, clientRequestId: 'c0ffee' } },
      { resultType: 'pong', data: { statusCode: 200 } },
    ]);
  });

  it('subscribes and unsubscribes at run time, idempotently', async () => {
    const client = await connect('BTC-USDT', ['orders']);
    client.send({
      message: 'subscribe',
      content: { clientRequestId: 's1', subscriptions: ['publicOrderBook', 'trades'] },
    });
    client.send({ message: 'subscribe', content: { clientRequestId: 's2', subscriptions: ['trades'] } });
    client.send({
      message: 'unsubscribe',
      content: { clientRequestId: 'u1', subscriptions: ['orders', 'publicTrades'] },
    });
    await client.until(() => client.frames.length === 3);
    expect(client.frames.map((f) => f.json)).toEqual([
      {
        resultType: 'subscribed',
        data: {
          activeSubscriptions: ['orders', 'trades', 'publicOrderBook'],
          requestedSubscriptions: ['publicOrderBook', 'trades'],
          clientRequestId: 's1',
        },
      },
      {
        resultType: 'subscribed',
        data: {
          activeSubscriptions: ['orders', 'trades', 'publicOrderBook'],
          requestedSubscriptions: ['trades'],
          clientRequestId: 's2',
        },
      },
      {
        resultType: 'unsubscribed',
        data: {
          activeSubscriptions: ['trades', 'publicOrderBook'],
          requestedSubscriptions: ['orders', 'publicTrades'],
          clientRequestId: 'u1',
        },
      },
    ]);
  });

  it('with market=ALL, answers 400 to a request that needs a market and names none', async () => {
    const client = await connect('ALL', ['publicOrderBook', 'publicTrades']);
    client.send({ message: 'emitPublicOrderBook', content: { clientRequestId: 'b1' } });
    client.send({ message: 'emitPublicCompletedOrders', content: { clientRequestId: 't1' } });
    client.send({ message: 'emitPublicOrderBook', content: { clientRequestId: 'b2', market: 'XRP-USDT' } });
    client.send({ message: 'emitPublicOrderBook', content: { clientRequestId: 'b3', market: 'ETH-USDT' } });
    client.send({ message: 'ping', content: { clientRequestId: 'p1' } });
    await client.until(() => client.frames.length === 5);
    const [b1, t1, b2, b3, p1] = client.frames.map((f) => f.json);
    expect(b1).toEqual({
      resultType: 'error',
      data: { statusCode: 400, body: 'market is required when connected with market=ALL', clientRequestId: 'b1' },
    });
    expect(t1).toEqual({
      resultType: 'error',
      data: { statusCode: 400, body: 'market is required when connected with market=ALL', clientRequestId: 't1' },
    });
    expect(b2).toEqual({
      resultType: 'error',
      data: { statusCode: 400, body: 'unknown market: XRP-USDT', clientRequestId: 'b2' },
    });
    expect(b3).toMatchObject({
      resultType: 'publicOrderBook',
      market: 'ETH-USDT',
      data: { statusCode: 200, orders: [], clientRequestId: 'b3' },
    });
    // ping needs no market.
    expect(p1).toEqual({ resultType: 'pong', data: { statusCode: 200, clientRequestId: 'p1' } });
  });

  it('on a one-market connection, takes requests without a market and refuses another market [guess]', async () => {
    const client = await connect('BTC-USDT', ['publicTrades']);
    client.send({ message: 'emitPublicCompletedOrders', content: { clientRequestId: 'a' } });
    client.send({ message: 'emitPublicCompletedOrders', content: { clientRequestId: 'b', market: 'BTC-USDT' } });
    client.send({ message: 'emitPublicCompletedOrders', content: { clientRequestId: 'c', market: 'ETH-USDT' } });
    client.send({ message: 'emitPublicOrderBook', content: { clientRequestId: 'd' } });
    await client.until(() => client.frames.length === 4);
    const [a, b, c, d] = client.frames.map((f) => f.json);
    expect(a).toEqual({
      resultType: 'publicCompletedOrders',
      market: 'BTC-USDT',
      data: { orders: [], statusCode: 200, clientRequestId: 'a' },
    });
    expect(b).toEqual({
      resultType: 'publicCompletedOrders',
      market: 'BTC-USDT',
      data: { orders: [], statusCode: 200, clientRequestId: 'b' },
    });
    expect(c).toEqual({
      resultType: 'error',
      data: {
        statusCode: 400,
        body: "market ETH-USDT does not match the connection's market BTC-USDT",
        clientRequestId: 'c',
      },
    });
    // Snapshot requests belong to their stream [guess].
    expect(d).toEqual({
      resultType: 'error',
      market: 'BTC-USDT',
      data: { statusCode: 400, body: 'not subscribed to publicOrderBook', clientRequestId: 'd' },
    });
  });

  it('answers bad JSON, unknown messages and bad subscriptions with a 400 error and keeps the socket open', async () => {
    const client = await connect();
    client.socket.send('{not json');
    client.send(['ping']);
    client.send({ message: 'dance', content: { clientRequestId: 'x' } });
    client.send({ message: 'subscribe', content: { subscriptions: ['positions'] } });
    client.send({ message: 'subscribe', content: { subscriptions: [] } });
    client.send({ message: 'ping', content: 'hello' });
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    await client.until(() => client.frames.length === 7);
    expect(client.frames.map((f) => loose(f).resultType)).toEqual(Array(7).fill('error'));
    expect(client.frames.map((f) => (loose(f).data as { body: string }).body)).toEqual([
      'invalid JSON',
      'a request must be a JSON object',
      'unknown message: dance',
      'unknown subscription: positions',
      'subscriptions must be a non-empty array',
      'content must be an object',
      'binary frames are not supported',
    ]);
    expect((client.frames[2]?.json as { data: { clientRequestId?: string } }).data.clientRequestId).toBe('x');
    expect(client.frames.every((f) => (loose(f).data as { statusCode: number }).statusCode === 400)).toBe(true);
    expect(client.closed).toBeNull();
  });

  it('answers order requests with their own resultType and 501: the simulator does not take orders', async () => {
    const client = await connect('ALL');
    client.send({
      message: 'createOrder',
      content: {
        clientRequestId: 'o1',
        market: 'BTC-USDT',
        orderType: 'buy',
        tradeType: 'limit',
        price: '1',
        quantity: '1',
      },
    });
    client.send({
      message: 'cancelOrder',
      content: { clientRequestId: 'o2', cancelBy: 'orderId', orderId: '01HH0X2VD6R0CJE4X0P0D1NQ11' },
    });
    await client.until(() => client.frames.length === 2);
    expect(client.frames[0]?.json).toEqual({
      resultType: 'createOrder',
      market: 'BTC-USDT',
      data: { statusCode: 501, body: 'order requests are not supported by the simulator', clientRequestId: 'o1' },
    });
    expect(client.frames[1]?.json).toEqual({
      resultType: 'error',
      data: { statusCode: 400, body: 'market is required when connected with market=ALL', clientRequestId: 'o2' },
    });
  });
});
