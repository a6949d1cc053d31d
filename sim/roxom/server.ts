import { createServer, type IncomingMessage, type Server } from 'node:http';
import { restartHttpServer } from '../shared/restart';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ROXOM_ERROR_CODES, type RoxomErrorCode } from '../../src/venues/roxom/wire';
import type { CoreEvent, PublicEvent } from '../core/events';
import type { ExchangeCore } from '../core/exchange';
import type { FaultOutcome, FaultRequest } from '../shared/faults';
import type {
  FrontEndContext,
  FrontEndDefinition,
  TokenVariant,
  VenueFrontEnd,
  VenueLedger,
} from '../shared/front-end';
import { givenTuning } from '../shared/front-end';
import type { ChannelArg } from './client-frames';
import { DEFAULT_INITIAL_BALANCE, isPublicEvent } from '../core/exchange';
import { WsHub } from '../shared/ws-hub';
import { RoxomAccountStream } from './account-stream';
import { RoxomAuth, generateRsaKeyPair } from './auth';
import { parseClientFrame } from './client-frames';
import { accountNoticeFrame, ackFrame, errorFrame, malformedFrame } from './frames';
import { closeHttp, listenHttp, rejectUpgrade, requestHeader, sendJsonText } from '../shared/http';
import { RoxomIds } from './ids';
import { NanoClock } from './json';
import { roxomLedger } from './ledger';
import { marketMessages } from './market-frames';
import { isRoxomSymbol, marketOf } from './markets';
import { notice } from './notices';
import { positionData } from './position-data';
import { handleRest, isRestPath } from './rest';

export interface RoxomTuning {
  /** The demo account's API key; derived from the seed when absent. */
  apiKey: string;
  /** The account's RSA-2048 private key (PKCS#8 PEM); a fresh pair per process when absent. */
  privateKeyPem: string;
  /** Send a channel's current state when a client subscribes to it [guess]. Default true. */
  snapshotOnSubscribe: boolean;
  /** An `account` notice to its subscribers this often; 0 turns them off. Default 60 000. */
  noticeIntervalMs: number;
  /**
   * How a refused credential (or `reject-auth`) is answered: `frame` (default) accepts the upgrade,
   * sends 600010 and closes 1008; `http` refuses the upgrade itself with 401 [guess: the docs show the
   * error frame, not whether the upgrade fails; a relay must handle both].
   */
  authRejection: 'frame' | 'http';
}

/** What the relay needs to connect: the key, the PEM it signs "GET:/ws" with, and the URL. */
export type RoxomCredential = { apiKey: string; privateKeyPem: string; url: string };

/** Close code after an authentication failure [guess: policy violation]. */
export const ROXOM_AUTH_CLOSE_CODE = 1008;

interface RoxomClient {
  readonly socket: WebSocket;
  readonly connId: string;
  /** Private channels subscribed (account events reach every connection anyway). */
  readonly channels: Set<string>;
  /** Market topics subscribed, "level1.US500-BTC". */
  readonly topics: Set<string>;
}

/** The Roxom private WebSocket (seed 000, docs/venues/roxom.md) at ws://host:port/ws, on the shared core. */
class RoxomServer implements VenueFrontEnd<RoxomCredential> {
  readonly venue = 'roxom';
  readonly accountId: string;
  readonly url: string;
  /** The account REST on the same port (rest.ts). */
  readonly restUrl: string;
  private readonly core: ExchangeCore;
  private readonly tuning: RoxomTuning;
  private readonly ids: RoxomIds;
  private readonly auth: RoxomAuth;
  private readonly clock = new NanoClock();
  private readonly stream: RoxomAccountStream;
  private readonly hub: WsHub<RoxomClient>;
  private readonly cleanups: (() => void)[] = [];
  private connections = 0;
  private notices = 0;
  // autoPong off: pongs go out by hand so that the stall switch silences them too.
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false });

  private constructor(
    context: FrontEndContext<RoxomTuning>,
    private readonly http: Server,
    port: number,
  ) {
    this.core = context.core;
    this.ids = new RoxomIds(context.seed);
    const given = givenTuning(context.tuning);
    this.tuning = {
      apiKey: this.ids.apiKey(),
      privateKeyPem: given.privateKeyPem ?? generateRsaKeyPair().privateKeyPem,
      snapshotOnSubscribe: true,
      noticeIntervalMs: 60_000,
      authRejection: 'frame',
      ...given,
    };
    this.accountId = this.ids.accountId();
    this.url = `ws://${context.host}:${port}/ws`;
    this.restUrl = `http://${context.host}:${port}`;
    this.auth = new RoxomAuth(this.tuning.apiKey, this.tuning.privateKeyPem);
    this.stream = new RoxomAccountStream(this.ids, this.accountId, DEFAULT_INITIAL_BALANCE, this.clock);
    this.hub = new WsHub(this.core.scheduler, (i) => malformedFrame(i, this.clock.stamp(this.core.now())));
    this.core.addAccount(this.accountId);
    this.cleanups.push(this.core.on((event) => this.onCoreEvent(event)));
    if (this.tuning.noticeIntervalMs > 0)
      this.cleanups.push(this.core.scheduler.every(this.tuning.noticeIntervalMs, () => this.sendNotice()));
    http.on('request', (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (isRestPath(path)) return handleRest(req, res, this.restSource());
      req.resume();
      if (path === '/ws')
        return sendJsonText(res, 426, '{"error":"WebSocket upgrade required"}', { Upgrade: 'websocket' });
      sendJsonText(res, 404, '{"error":"not found"}');
    });
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
  }

  static async start(context: FrontEndContext<RoxomTuning>): Promise<RoxomServer> {
    const http = createServer();
    const port = await listenHttp(http, context.host, context.port);
    return new RoxomServer(context, http, port);
  }

  ledger(): VenueLedger {
    return roxomLedger(this.venue, this.core.ledger(this.accountId), this.ids, this.stream.tracker);
  }

  fault(request: FaultRequest): FaultOutcome {
    return this.hub.applyFault(request);
  }

  /** valid: the account's key; invalid and expired: another pair's key (Roxom keys do not expire). */
  credential(variant: TokenVariant): RoxomCredential {
    const privateKeyPem = variant === 'valid' ? this.tuning.privateKeyPem : this.auth.foreignPrivateKeyPem();
    return { apiKey: this.tuning.apiKey, privateKeyPem, url: this.url };
  }

  /** The server process restarting: every socket closed, connections refused for a moment, then back. */
  restart(): Promise<void> {
    return restartHttpServer(this.http, () => this.hub.clients);
  }

  async stop(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.hub.closeAll(1001, 'server shutting down');
    await closeHttp(this.http, () => {
      for (const client of this.hub.clients) client.socket.terminate();
    });
  }

  /** What the REST answers come from: the ledger, the tracked positions, the venue's clock. */
  private restSource() {
    return {
      auth: this.auth,
      accountId: this.accountId,
      ledger: () => this.ledger(),
      positions: () => {
        const view = this.core.accountView(this.accountId);
        for (const p of view.positions) if (marketOf(p.symbol)) this.stream.tracker.onView(p.symbol, p);
        const stamp = this.clock.stamp(this.core.now());
        return this.stream.tracker.all().map((p) => positionData(p, this.accountId, stamp));
      },
      stamp: () => this.clock.stamp(this.core.now()),
    };
  }

  // ---- connections ------------------------------------------------------------------------------

  /**
   * Only `/ws` upgrades (400 otherwise). A failed check (or `reject-auth`) is refused with 401 when
   * `authRejection` is `http`; by default the upgrade is accepted and the 600010 frame sent.
   */
  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    if ((req.url ?? '').split('?')[0] !== '/ws') return rejectUpgrade(socket, 400, 'Bad Request');
    const rejected =
      this.hub.faults.takeAuthRejection() ||
      !this.auth.check(requestHeader(req, 'x-api-key'), requestHeader(req, 'x-api-signature')).ok;
    if (rejected && this.tuning.authRejection === 'http') return rejectUpgrade(socket, 401, 'Unauthorized');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, rejected));
  }

  /**
   * A refused credential on an accepted upgrade gets the documented 600010 error frame, then a close
   * with 1008 [guess: the docs show the frame, not whether the upgrade itself fails].
   */
  private onConnection(socket: WebSocket, rejected: boolean): void {
    this.connections += 1;
    const client: RoxomClient = {
      socket,
      connId: this.ids.connId(this.connections),
      channels: new Set(),
      topics: new Set(),
    };
    socket.on('error', () => socket.terminate());
    socket.on('ping', (data) => {
      if (!this.hub.faults.isStalled(this.core.now())) socket.pong(data);
    });
    if (rejected) {
      this.hub.send(client, errorFrame(ROXOM_ERROR_CODES.authenticationFailed, 'Authentication failed', client.connId));
      socket.close(ROXOM_AUTH_CLOSE_CODE, 'Authentication failed');
      return;
    }
    this.hub.clients.add(client);
    socket.on('message', (data, isBinary) => {
      if (isBinary)
        return this.sendError(client, ROXOM_ERROR_CODES.binaryNotSupported, 'Binary messages are not supported');
      this.onClientText(client, data.toString());
    });
    socket.on('close', () => this.hub.clients.delete(client));
  }

  /**
   * A repeated subscription is idempotent: acknowledged again, its channels' state not re-sent
   * [guess] (the dashboard repeats its subscription to prove a quiet stream alive).
   */
  private onClientText(client: RoxomClient, text: string): void {
    const request = parseClientFrame(text, isRoxomSymbol);
    if (!request.ok) return this.sendError(client, request.code, request.msg);
    const subscribe = request.op === 'subscribe';
    const added: ChannelArg[] = [];
    for (const arg of request.args) {
      const set = arg.symbol === undefined ? client.channels : client.topics;
      const key = arg.symbol === undefined ? arg.channel : `${arg.channel}.${arg.symbol}`;
      if (subscribe && !set.has(key)) added.push(arg);
      if (subscribe) set.add(key);
      else set.delete(key);
    }
    this.hub.send(client, ackFrame(request.op, request.args, client.connId));
    if (subscribe && this.tuning.snapshotOnSubscribe) this.sendSnapshots(client, added);
  }

  private sendSnapshots(client: RoxomClient, args: ChannelArg[]): void {
    const view = this.core.accountView(this.accountId);
    for (const { channel } of args) {
      if (channel !== 'orders' && channel !== 'positions' && channel !== 'balance') continue;
      for (const frame of this.stream.snapshot(channel, view, this.core.now())) this.hub.sendPrivate(frame, [client]);
    }
  }

  // ---- streams ----------------------------------------------------------------------------------

  private onCoreEvent(event: CoreEvent): void {
    if (isPublicEvent(event)) return this.onPublicEvent(event);
    if (event.accountId !== this.accountId) return;
    // Always translate, even with nobody connected, so orders, positions and the wallet stay complete.
    const frames = this.stream.translate(event);
    // Account events reach EVERY authenticated connection, subscribed or not (the docs' warning).
    const recipients = [...this.hub.clients];
    for (const frame of frames) this.hub.sendPrivate(frame, recipients);
  }

  private onPublicEvent(event: PublicEvent): void {
    const listening = [...this.hub.clients].filter((c) => c.topics.size > 0);
    if (listening.length === 0) return;
    for (const message of marketMessages(event, this.clock.stamp(event.time))) {
      const recipients = listening.filter((c) => c.topics.has(message.topic));
      if (recipients.length > 0) this.hub.sendPublic(message.text, recipients);
    }
  }

  private sendNotice(): void {
    const recipients = [...this.hub.clients].filter((c) => c.channels.has('account'));
    if (recipients.length === 0) return;
    this.notices += 1;
    this.hub.sendPrivate(
      accountNoticeFrame(notice(this.notices - 1, this.accountId, this.clock.stamp(this.core.now()))),
      recipients,
    );
  }

  private sendError(client: RoxomClient, code: RoxomErrorCode, msg: string): void {
    this.hub.send(client, errorFrame(code, msg, client.connId));
  }
}

export const roxomFrontEnd: FrontEndDefinition<RoxomCredential, RoxomTuning> = {
  venue: 'roxom',
  defaultPort: 7105,
  start: (context) => RoxomServer.start(context),
};
