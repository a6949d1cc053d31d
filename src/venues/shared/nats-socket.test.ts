import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { NATS_CLOSE_ABNORMAL, NATS_CLOSE_AUTH, type NatsCommand, type NatsFrame } from './nats-protocol';
import { natsCloseOf, natsSocketFactory, natsSocketFactoryFor, type NatsSocketFactory } from './nats-socket';
import { SOCKET_CLOSED, SOCKET_CLOSING, SOCKET_CONNECTING, SOCKET_OPEN, type SocketLike } from './socket';
import { NatsServerProcess, freePort } from './testing/nats-server';

/**
 * nats-socket.ts against REAL nats-server processes (the Debian package), each with a WebSocket
 * listener on a free loopback port. nats.ws needs a global WebSocket: Node 20 has none, so this file
 * (only) installs the `ws` package's.
 */

(globalThis as { WebSocket?: unknown }).WebSocket = NodeWebSocket;

/** Polls until `check` holds (real sockets, real timers). */
async function until(what: string, check: () => boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A NATS socket and everything it reported. */
class Client {
  readonly socket: SocketLike;
  readonly frames: NatsFrame[] = [];
  readonly errors: string[] = [];
  opened = 0;
  closes: { code: number; reason: string }[] = [];

  constructor(url: string, token?: string, factory: NatsSocketFactory = natsSocketFactory) {
    this.socket = factory(url, undefined, token === undefined ? {} : { token });
    this.socket.onOpen = () => this.opened++;
    this.socket.onText = (text) => this.errors.push(`unexpected text frame: ${text}`);
    this.socket.onNats = (frame) => this.frames.push(frame);
    this.socket.onClose = (code, reason) => this.closes.push({ code, reason });
    this.socket.onError = (message) => this.errors.push(message);
  }

  static async open(url: string, token?: string): Promise<Client> {
    const client = new Client(url, token);
    await until('open', () => client.opened > 0 || client.closes.length > 0);
    if (client.opened === 0) throw new Error(`did not open: ${JSON.stringify(client.closes)}`);
    return client;
  }

  send(command: NatsCommand): void {
    this.socket.sendNats!(command);
  }

  framesOf<K extends NatsFrame['op']>(op: K): Extract<NatsFrame, { op: K }>[] {
    return this.frames.filter((f): f is Extract<NatsFrame, { op: K }> => f.op === op);
  }

  async closed(): Promise<{ code: number; reason: string }> {
    await until('close', () => this.closes.length > 0);
    return this.closes[0]!;
  }

  /** Round trip through the server: everything sent before has been processed by it. */
  async sync(): Promise<void> {
    const before = this.framesOf('status').filter((f) => f.type === 'pong').length;
    this.send({ op: 'ping' });
    await until('pong', () => this.framesOf('status').filter((f) => f.type === 'pong').length > before);
  }
}

describe('natsSocketFactory against a real nats-server', () => {
  let server: NatsServerProcess;
  let tokenServer: NatsServerProcess;
  const clients: Client[] = [];
  const track = (client: Client): Client => {
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    [server, tokenServer] = await Promise.all([
      NatsServerProcess.start(),
      NatsServerProcess.start('authorization { token: "x" }'),
    ]);
  });

  afterAll(async () => {
    for (const client of clients) if (client.socket.readyState === SOCKET_OPEN) client.socket.close(1000, 'test over');
    await Promise.all([server?.stop(), tokenServer?.stop()]);
  });

  it('opens (readyState 0 then 1), subscribes and delivers messages as msg frames with their sid and subject', async () => {
    const client = track(new Client(server.url));
    expect(client.socket.readyState).toBe(SOCKET_CONNECTING);
    await until('open', () => client.opened === 1);
    expect(client.socket.readyState).toBe(SOCKET_OPEN);

    client.send({ op: 'sub', sid: 'o', subject: 'v1.f.ex1.private.subAccountId.491363048.order' });
    client.send({ op: 'sub', sid: 't', subject: 'v1.f.ex1.public.futures.ticker.>' });
    await client.sync();
    const publisher = track(await Client.open(server.url));
    publisher.send({
      op: 'pub',
      subject: 'v1.f.ex1.private.subAccountId.491363048.order',
      data: '{"e":"COINSWITCHX","ünïcode":"✓"}',
    });
    publisher.send({ op: 'pub', subject: 'v1.f.ex1.public.futures.ticker.BTC/USDT', data: 'tick' });
    publisher.send({ op: 'pub', subject: 'somewhere.else', data: 'ignored' });

    await until('two messages', () => client.framesOf('msg').length === 2);
    expect(client.framesOf('msg')).toEqual([
      {
        op: 'msg',
        sid: 'o',
        subject: 'v1.f.ex1.private.subAccountId.491363048.order',
        data: '{"e":"COINSWITCHX","ünïcode":"✓"}',
      },
      { op: 'msg', sid: 't', subject: 'v1.f.ex1.public.futures.ticker.BTC/USDT', data: 'tick' },
    ]);
  });

  it('headers travel both ways: a published message carries them to the subscriber, a reply to the requester', async () => {
    const client = track(await Client.open(server.url));
    const responder = track(await Client.open(server.url));
    client.send({ op: 'sub', sid: 'h', subject: 'with.headers' });
    responder.send({ op: 'sub', sid: 'svc', subject: 'service.headers' });
    await Promise.all([client.sync(), responder.sync()]);
    const publisher = track(await Client.open(server.url));
    publisher.send({
      op: 'pub',
      subject: 'with.headers',
      data: 'x',
      headers: { 'Nats-Msg-Id': ['m-1'], Tag: ['a', 'b'] },
    });
    await until('message', () => client.framesOf('msg').length === 1);
    expect(client.framesOf('msg')[0]).toEqual({
      op: 'msg',
      sid: 'h',
      subject: 'with.headers',
      data: 'x',
      headers: { 'Nats-Msg-Id': ['m-1'], Tag: ['a', 'b'] },
    });

    client.send({ op: 'request', id: 'r', subject: 'service.headers', data: 'q', headers: { Ask: ['1'] } });
    await until('request seen', () => responder.framesOf('msg').length === 1);
    const request = responder.framesOf('msg')[0]!;
    expect(request.headers).toEqual({ Ask: ['1'] });
    responder.send({ op: 'pub', subject: request.reply!, data: 'a', headers: { Answer: ['2'] } });
    await until('reply', () => client.framesOf('reply').length === 1);
    expect(client.framesOf('reply')).toEqual([{ op: 'reply', id: 'r', data: 'a', headers: { Answer: ['2'] } }]);
  });

  it('unsub stops delivery; re-using a sid replaces the subscription', async () => {
    const client = track(await Client.open(server.url));
    const publisher = track(await Client.open(server.url));
    client.send({ op: 'sub', sid: 'a', subject: 'u.one' });
    client.send({ op: 'sub', sid: 'a', subject: 'u.two' });
    client.send({ op: 'sub', sid: 'b', subject: 'u.three' });
    client.send({ op: 'unsub', sid: 'b' });
    await client.sync();
    for (const subject of ['u.one', 'u.two', 'u.three']) publisher.send({ op: 'pub', subject, data: subject });
    await publisher.sync();
    await client.sync();
    expect(client.framesOf('msg').map((f) => `${f.sid}:${f.data}`)).toEqual(['a:u.two']);
  });

  it('request/reply: the reply frame carries the request id; a responder sees the reply subject', async () => {
    const responder = track(await Client.open(server.url));
    responder.send({ op: 'sub', sid: 'auth', subject: 'v1.f.ex1.private.auth' });
    await responder.sync();
    const client = track(await Client.open(server.url));
    const auth = '{"op":"auth","args":["key",1756461000000,"sig"]}';
    client.send({ op: 'request', id: 'r1', subject: 'v1.f.ex1.private.auth', data: auth, timeoutMs: 2_000 });

    await until('request seen', () => responder.framesOf('msg').length === 1);
    const request = responder.framesOf('msg')[0]!;
    expect(request.data).toBe(auth);
    expect(request.reply).toMatch(/^_INBOX\./);
    responder.send({ op: 'pub', subject: request.reply!, data: '{"success":true}' });

    await until('reply', () => client.framesOf('reply').length === 1);
    expect(client.framesOf('reply')).toEqual([{ op: 'reply', id: 'r1', data: '{"success":true}' }]);
  });

  it('a request nobody answers: "no responders" when nobody listens, "timeout" when a listener stays silent', async () => {
    const client = track(await Client.open(server.url));
    client.send({ op: 'request', id: 'nobody', subject: 'no.one.here', data: 'x', timeoutMs: 2_000 });
    const silent = track(await Client.open(server.url));
    silent.send({ op: 'sub', sid: 's', subject: 'silent.service' });
    await silent.sync();
    client.send({ op: 'request', id: 'quiet', subject: 'silent.service', data: 'x', timeoutMs: 200 });
    await until('two replies', () => client.framesOf('reply').length === 2);
    expect(client.framesOf('reply')).toEqual(
      expect.arrayContaining([
        { op: 'reply', id: 'nobody', error: 'no responders' },
        { op: 'reply', id: 'quiet', error: 'timeout' },
      ]),
    );
  });

  it('ping is answered by a pong status frame with the round-trip time', async () => {
    const client = track(await Client.open(server.url));
    client.send({ op: 'ping' });
    await until('pong', () => client.frames.length === 1);
    expect(client.frames[0]).toMatchObject({ op: 'status', type: 'pong' });
    expect((client.frames[0] as { rttMs: number }).rttMs).toBeGreaterThanOrEqual(0);
  });

  it('a command it cannot carry out comes back as a status error frame; a malformed one throws', async () => {
    const client = track(await Client.open(server.url));
    // The server answers -ERR 'Invalid Subject' and keeps the connection.
    client.send({ op: 'sub', sid: 'bad', subject: 'a..b' });
    await until('error frame', () => client.frames.length === 1);
    expect(client.frames[0]).toMatchObject({ op: 'status', type: 'error' });
    expect(() => client.send({ op: 'sub', sid: '', subject: 'x' })).toThrow(TypeError);
    // "SUB has space 1" would mean subject "has" in queue group "space": refused before it reaches the wire.
    expect(() => client.send({ op: 'sub', sid: 'x', subject: 'has space' })).toThrow(/without spaces/);
    expect(() => client.send({ op: 'jump' } as unknown as NatsCommand)).toThrow(/not a NATS transport command/);
    // Text is not a NATS command at all.
    expect(() => client.socket.send('{"op":"ping"}')).toThrow(/typed commands/);
    // Still usable.
    await client.sync();
  });

  it('token auth: the right token opens; a wrong or missing token is open-then-close 4401 "Authorization Violation"', async () => {
    const good = track(await Client.open(tokenServer.url, 'x'));
    await good.sync();

    const wrong = track(new Client(tokenServer.url, 'not-the-token'));
    const close = await wrong.closed();
    expect(close.code).toBe(NATS_CLOSE_AUTH);
    expect(close.reason).toBe('Authorization Violation');
    expect(close.reason).not.toContain('not-the-token');
    expect(wrong.opened).toBe(1);
    expect(wrong.socket.readyState).toBe(SOCKET_CLOSED);
    expect(wrong.frames).toEqual([]);
    expect(() => wrong.send({ op: 'ping' })).toThrow(/not open/);

    const missing = track(new Client(tokenServer.url));
    expect((await missing.closed()).code).toBe(NATS_CLOSE_AUTH);
  });

  it('nothing listening: closes 1006 without ever opening (the lifecycle then calls handshakeFailed)', async () => {
    const client = track(new Client(`ws://127.0.0.1:${await freePort()}`));
    const close = await client.closed();
    expect(close.code).toBe(NATS_CLOSE_ABNORMAL);
    expect(client.opened).toBe(0);
    expect(client.socket.readyState).toBe(SOCKET_CLOSED);
  });

  it('a client close(code, reason) reports that code and reason, once; nothing is delivered after it', async () => {
    const client = track(await Client.open(server.url));
    client.send({ op: 'sub', sid: 's', subject: 'after.close' });
    await client.sync();
    const count = client.frames.length;
    client.socket.close(4000, 'silent');
    expect(client.socket.readyState).toBe(SOCKET_CLOSING);
    client.socket.close(1000, 'again');
    const publisher = track(await Client.open(server.url));
    publisher.send({ op: 'pub', subject: 'after.close', data: 'late' });
    await publisher.sync();
    expect(await client.closed()).toEqual({ code: 4000, reason: 'silent' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.closes).toHaveLength(1);
    expect(client.frames).toHaveLength(count);
  });

  it('close() while still connecting: no open, one close with the requested code, and the connection is dropped', async () => {
    const client = track(new Client(server.url));
    client.socket.close(1000, 'connect timeout');
    expect(await client.closed()).toEqual({ code: 1000, reason: 'connect timeout' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.opened).toBe(0);
    expect(client.closes).toHaveLength(1);
  });

  it('natsSocketFactoryFor reads the CONNECT token from the endpoint for every new socket', async () => {
    let token = 'wrong';
    const factory = natsSocketFactoryFor(() => ({ url: tokenServer.url, natsToken: token }));
    const first = track(new Client(tokenServer.url, undefined, (url) => factory(url)));
    expect((await first.closed()).code).toBe(NATS_CLOSE_AUTH);
    token = 'x';
    const second = track(new Client(tokenServer.url, undefined, (url) => factory(url)));
    await until('open', () => second.opened === 1);
    await second.sync();
  });
});

describe('server shutdown', () => {
  let server: NatsServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it('an open connection whose server goes away closes with 1006', async () => {
    server = await NatsServerProcess.start();
    const client = await Client.open(server.url);
    client.send({ op: 'sub', sid: 's', subject: 'x' });
    await client.sync();
    await server.stop();
    const close = await client.closed();
    expect(close.code).toBe(NATS_CLOSE_ABNORMAL);
    expect(close.reason.length).toBeGreaterThan(0);
    expect(client.socket.readyState).toBe(SOCKET_CLOSED);
    expect(client.closes).toHaveLength(1);
  });
});

describe('natsCloseOf', () => {
  it('maps refused credentials to 4401 and everything else to 1006', () => {
    expect(natsCloseOf({ code: 'AUTHORIZATION_VIOLATION', message: "'Authorization Violation'" })).toEqual({
      code: 4401,
      reason: 'Authorization Violation',
    });
    expect(natsCloseOf(Object.assign(new Error('Authentication Expired'), { code: 'AUTHENTICATION_EXPIRED' }))).toEqual(
      { code: 4401, reason: 'Authentication Expired' },
    );
    expect(natsCloseOf(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toEqual({
      code: 1006,
      reason: 'connect ECONNREFUSED 127.0.0.1:1',
    });
    expect(natsCloseOf(Object.assign(new Error(''), { code: 'CONNECTION_TIMEOUT' }))).toEqual({
      code: 1006,
      reason: 'CONNECTION_TIMEOUT',
    });
    expect(natsCloseOf(undefined)).toEqual({ code: 1006, reason: 'NATS connection closed by the server' });
  });
});
