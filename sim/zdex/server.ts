import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type {
  ZdexBalance,
  ZdexChannel,
  ZdexClientFrame,
  ZdexServerFrame,
  ZdexSubscribed,
  ZdexUnsubscribed,
} from '../../src/venues/zdex/wire';
import type { CoreEvent, PublicEvent } from '../core/events';
import type { ExchangeCore } from '../core/exchange';
import type {
  FrontEndContext,
  FrontEndDefinition,
  TokenVariant,
  VenueFrontEnd,
  VenueLedger,
} from '../shared/front-end';
import { givenTuning } from '../shared/front-end';
import type { FaultOutcome, FaultRequest } from '../shared/faults';
import { isPublicEvent } from '../core/exchange';
import { Prng } from '../core/prng';
import { WsHub } from '../shared/ws-hub';
import { closeServer } from '../shared/ws-server';
import { listenHttp } from '../shared/http';
import { restartHttpServer } from '../shared/restart';
import { accountFrames } from './account-stream';
import { ZdexAuth } from './auth';
import { parseClientFrame } from './client-frames';
import { connectedFrame, fullStateFrame, malformedFrame, notificationFrame, publicFrame } from './frames';
import { OrderIdMap, cuid } from './ids';
import { nextNotification } from './notifications';

export interface ZdexTuning {
  /** Announced in the `connected` frame. */
  pollIntervalMs: number;
  /** Fallback full state to every authenticated client (the venue: about every 60 s). */
  fullStateIntervalMs: number;
  /** An occasional notification; 0 turns them off. */
  notificationIntervalMs: number;
  /** Close a connection that has sent nothing for this long [assumption: 60 s]. */
  idleTimeoutMs: number;
  /** JWT signing secret; random per process when absent. */
  jwtSecret: Buffer;
  /**
   * Wallets the account holds beside USDT, sent as they are in every full state's `balances`. The
   * venue names assets (a DEX lists tokens others create), so a test can make it send any asset name,
   * e.g. one a spreadsheet would evaluate as a formula. Default none.
   */
  extraBalances: readonly ZdexBalance[];
}

const DEFAULT_TUNING: Omit<ZdexTuning, 'jwtSecret'> = {
  extraBalances: [],
  pollIntervalMs: 2000,
  fullStateIntervalMs: 60_000,
  notificationIntervalMs: 45_000,
  idleTimeoutMs: 60_000,
};

export const ZDEX_SUB_ACCOUNT_ID = '34696153';
export const ZDEX_AUTH_REJECTED_CLOSE_CODE = 4401;
export const ZDEX_IDLE_CLOSE_CODE = 4408;

export type ZdexCredential = { token: string };

interface ZdexClient {
  readonly socket: WebSocket;
  authenticated: boolean;
  /** Account frames go to authenticated clients until they unsubscribe from `account`. */
  accountFeed: boolean;
  /** markprice is the one public channel that needs a subscription. */
  readonly markprice: Set<string>;
  cancelIdle: () => void;
}

/** The ZDEX protocol (seed 004, docs/venues/zdex.md) on a real WebSocket server at /ws. */
class ZdexServer implements VenueFrontEnd<ZdexCredential> {
  readonly venue = 'zdex';
  readonly accountId: string;
  readonly url: string;
  private readonly core: ExchangeCore;
  private readonly tuning: ZdexTuning;
  private readonly auth: ZdexAuth;
  private readonly ids: OrderIdMap;
  private readonly symbols: string[];
  private readonly symbolSet: ReadonlySet<string>;
  private readonly hub: WsHub<ZdexClient>;
  /** Undo functions: core listener, timers. */
  private readonly cleanups: (() => void)[] = [];
  private readonly notificationRng: Prng;
  private notificationSequence = 0;

  private constructor(
    context: FrontEndContext<ZdexTuning>,
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    port: number,
  ) {
    this.core = context.core;
    this.tuning = { ...DEFAULT_TUNING, jwtSecret: randomBytes(32), ...givenTuning(context.tuning) };
    this.accountId = cuid(Prng.derive(context.seed, 'zdex-account'));
    this.url = `ws://${context.host}:${port}/ws`;
    this.auth = new ZdexAuth(this.tuning.jwtSecret, this.accountId, () => this.core.now());
    this.ids = new OrderIdMap(Prng.derive(context.seed, 'zdex-order-ids'));
    this.notificationRng = Prng.derive(context.seed, 'zdex-notifications');
    this.symbols = this.core.instruments.map((i) => i.symbol);
    this.symbolSet = new Set(this.symbols);
    this.hub = new WsHub(this.core.scheduler, (i) => malformedFrame(i, this.core.now()));
    this.core.addAccount(this.accountId);
    this.cleanups.push(this.core.on((event) => this.onCoreEvent(event)));
    this.cleanups.push(
      this.core.scheduler.every(this.tuning.fullStateIntervalMs, () => this.sendFullState(this.accountRecipients())),
    );
    if (this.tuning.notificationIntervalMs > 0) {
      this.cleanups.push(this.core.scheduler.every(this.tuning.notificationIntervalMs, () => this.sendNotification()));
    }
    wss.on('connection', (socket) => this.onConnection(socket));
  }

  static async start(context: FrontEndContext<ZdexTuning>): Promise<ZdexServer> {
    // Its own HTTP server, so a restart can stop and start listening on the same port.
    const http = createServer();
    const wss = new WebSocketServer({ server: http, path: '/ws' });
    const port = await listenHttp(http, context.host, context.port);
    return new ZdexServer(context, http, wss, port);
  }

  ledger(): VenueLedger {
    // Core order ids are already numeric text, which is what ZDEX's order_new carries.
    return { venue: this.venue, ...this.core.ledger(this.accountId) };
  }

  fault(request: FaultRequest): FaultOutcome {
    return this.hub.applyFault(request);
  }

  credential(variant: TokenVariant): ZdexCredential {
    return { token: this.auth.issue(variant) };
  }

  async stop(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    for (const client of this.hub.clients) client.cancelIdle();
    this.hub.closeAll(1001, 'server shutting down');
    await closeServer(this.wss);
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** The server process restarting: every socket closed, connections refused for a moment, then back. */
  restart(): Promise<void> {
    return restartHttpServer(this.http, () => this.hub.clients);
  }

  private onConnection(socket: WebSocket): void {
    const client: ZdexClient = {
      socket,
      authenticated: false,
      accountFeed: false,
      markprice: new Set(),
      cancelIdle: () => undefined,
    };
    this.hub.clients.add(client);
    this.armIdleTimer(client);
    socket.on('message', (data, isBinary) => {
      this.armIdleTimer(client);
      if (isBinary) return this.sendError(client, 'Binary frames are not supported');
      this.onClientText(client, data.toString());
    });
    socket.on('close', () => {
      client.cancelIdle();
      this.hub.clients.delete(client);
    });
    socket.on('error', () => socket.terminate());
    this.sendControl(client, connectedFrame(this.symbols, this.tuning.pollIntervalMs));
  }

  private armIdleTimer(client: ZdexClient): void {
    client.cancelIdle();
    client.cancelIdle = this.core.scheduler.after(this.tuning.idleTimeoutMs, () =>
      client.socket.close(ZDEX_IDLE_CLOSE_CODE, 'Idle timeout'),
    );
  }

  private onClientText(client: ZdexClient, text: string): void {
    const parsed = parseClientFrame(text);
    if (!parsed.ok) return this.sendError(client, parsed.message);
    const frame: ZdexClientFrame = parsed.frame;
    switch (frame.action) {
      case 'ping':
        return this.sendControl(client, { event: 'pong', ts: this.core.now() });
      case 'auth':
        return this.authenticate(client, frame.token);
      case 'subscribe':
      case 'unsubscribe':
        return this.subscription(client, frame.action, frame.channel, frame.symbol);
    }
  }

  private authenticate(client: ZdexClient, token: string): void {
    const check = this.hub.faults.takeAuthRejection()
      ? { ok: false as const, message: 'Authentication failed: invalid token' }
      : this.auth.check(token);
    if (!check.ok) {
      client.authenticated = false;
      client.accountFeed = false;
      this.sendError(client, check.message);
      client.socket.close(ZDEX_AUTH_REJECTED_CLOSE_CODE, check.message);
      return;
    }
    client.authenticated = true;
    client.accountFeed = true;
    this.sendControl(client, { event: 'authenticated', accountId: this.accountId, subAccountId: ZDEX_SUB_ACCOUNT_ID });
    this.sendFullState([client]);
  }

  private subscription(
    client: ZdexClient,
    action: 'subscribe' | 'unsubscribe',
    channel: ZdexChannel,
    symbol: string | undefined,
  ): void {
    const subscribe = action === 'subscribe';
    if (channel === 'account') {
      // The account channel needs auth [guess: the error wording]; it is delivered after auth anyway.
      if (!client.authenticated) return this.sendError(client, 'Authentication required');
      client.accountFeed = subscribe;
      this.sendAck(client, subscribe, channel, symbol);
      if (subscribe) this.sendFullState([client]);
      return;
    }
    if (symbol !== undefined && !this.symbolSet.has(symbol)) return this.sendError(client, `Unknown symbol: ${symbol}`);
    if (channel === 'markprice') {
      if (symbol === undefined) return this.sendError(client, 'markprice needs a symbol');
      if (subscribe) client.markprice.add(symbol);
      else client.markprice.delete(symbol);
    }
    // ticker, orderbook, trades and kline are auto-pushed for every symbol: acknowledged, no effect.
    this.sendAck(client, subscribe, channel, symbol);
  }

  private sendAck(client: ZdexClient, subscribe: boolean, channel: ZdexChannel, symbol: string | undefined): void {
    const frame: ZdexSubscribed | ZdexUnsubscribed = subscribe
      ? { event: 'subscribed', channel }
      : { event: 'unsubscribed', channel };
    if (symbol !== undefined) frame.symbol = symbol;
    this.sendControl(client, frame);
  }

  private onCoreEvent(event: CoreEvent): void {
    if (isPublicEvent(event)) return this.onPublicEvent(event);
    if (event.accountId !== this.accountId) return;
    // Always translate, even with nobody listening, so the order id mapping stays complete.
    const { frames, fullState } = accountFrames(event, this.ids);
    const recipients = this.accountRecipients();
    if (recipients.length === 0) return;
    for (const frame of frames) this.hub.sendPrivate(JSON.stringify(frame), recipients);
    // Stamped with the change's time, not the clock's: a step that fills several orders stamps them
    // all with its start, and a state stamped later would make the next fill look older than it.
    if (fullState) this.sendFullState(recipients, event.time);
  }

  private onPublicEvent(event: PublicEvent): void {
    if (this.hub.clients.size === 0) return;
    // Everything is auto-pushed to every client except markprice, which needs a subscription.
    const recipients =
      event.type === 'mark' ? [...this.hub.clients].filter((c) => c.markprice.has(event.symbol)) : this.hub.clients;
    if (Array.isArray(recipients) && recipients.length === 0) return;
    this.hub.sendPublic(JSON.stringify(publicFrame(event)), recipients);
  }

  private accountRecipients(): ZdexClient[] {
    return [...this.hub.clients].filter((c) => c.authenticated && c.accountFeed);
  }

  private sendFullState(recipients: ZdexClient[], ts = this.core.now()): void {
    if (recipients.length === 0) return;
    const frame = fullStateFrame(this.core.accountView(this.accountId), ts, this.tuning.extraBalances);
    this.hub.sendPrivate(JSON.stringify(frame), recipients);
  }

  private sendNotification(): void {
    const recipients = this.accountRecipients();
    if (recipients.length === 0) return;
    this.notificationSequence += 1;
    const notification = nextNotification(this.notificationRng, this.notificationSequence);
    this.hub.sendPrivate(JSON.stringify(notificationFrame(notification, this.core.now())), recipients);
  }

  private sendControl(client: ZdexClient, frame: ZdexServerFrame): void {
    this.hub.send(client, JSON.stringify(frame));
  }

  private sendError(client: ZdexClient, message: string): void {
    this.sendControl(client, { event: 'error', message });
  }
}

export const zdexFrontEnd: FrontEndDefinition<ZdexCredential, ZdexTuning> = {
  venue: 'zdex',
  defaultPort: 7104,
  start: (context) => ZdexServer.start(context),
};
