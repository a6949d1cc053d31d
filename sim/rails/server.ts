import { randomBytes } from 'node:crypto';
import { restartHttpServer } from '../shared/restart';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RailsServerFrame, RailsSubscription } from '../../src/venues/rails/wire';
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
import type { RailsRequest } from './requests';
import type { UpgradeRequest } from './upgrade';
import { isPublicEvent } from '../core/exchange';
import { WsHub } from '../shared/ws-hub';
import { RailsAccountStream } from './account-stream';
import { RailsAuth } from './auth';
import { MarketBook } from './book';
import {
  bookDeltaFrame,
  bookSnapshotFrame,
  errorFrame,
  malformedFrame,
  orderRequestRefusedFrame,
  pongFrame,
  publicTradesDeltaFrame,
  publicTradesSnapshotFrame,
  subscriptionFrame,
} from './frames';
import { closeHttp, listenHttp } from '../shared/http';
import { TOKEN_PATH, handleHttp, rejectUpgrade, type HttpDeps } from './http';
import { RailsIds, uuidFrom } from './ids';
import { railsLedger } from './ledger';
import { marketOf, symbolOf } from './markets';
import {
  CLOSE_TOKEN_EXPIRED,
  CLOSE_TOKEN_EXPIRED_REASON,
  RAILS_ALL,
  RAILS_AUTH_PREFIX,
  inDocumentedOrder,
} from './protocol';
import { MarketTrades } from './public-trades';
import { SlidingWindowLimiter } from './rate-limit';
import { parseRequest } from './requests';
import { parseUpgrade } from './upgrade';

export interface RailsTuning {
  /** JWT signing secret; random per process when absent. */
  jwtSecret: Buffer;
  /** The demo key pair of the token endpoint. Key: derived from the seed; secret: random per process. */
  apiKey: string;
  apiSecret: string;
  /** Token lifetime (the venue: 1800 s). */
  tokenLifetimeS: number;
  /** Token requests per key per minute (the venue: 20, then 429). */
  tokenRequestsPerMinute: number;
  /** Concurrent connections per account and market (the venue: 2, then 403). */
  maxConnectionsPerMarket: number;
  /** Trades kept per market for the `publicCompletedOrders` snapshot [guess: the docs give no count]. */
  publicTradesSnapshotSize: number;
  /** Items per page of the account REST (the venue: up to 100); tests page with a few. */
  restPageSize: number;
}

const DEFAULT_TUNING: Omit<RailsTuning, 'jwtSecret' | 'apiKey' | 'apiSecret'> = {
  tokenLifetimeS: 1800,
  tokenRequestsPerMinute: 20,
  maxConnectionsPerMarket: 2,
  publicTradesSnapshotSize: 50,
  restPageSize: 100,
};

/** What a client needs: a JWT for the WebSocket, or the key pair and URL to mint one. */
export type RailsCredential = { token: string; apiKey: string; apiSecret: string; tokenUrl: string };

interface RailsClient {
  readonly socket: WebSocket;
  /** A market ("BTC-USDT") or "ALL". */
  readonly market: string;
  /** Account and market: at most `maxConnectionsPerMarket` sockets share one. */
  readonly slot: string;
  readonly subscriptions: Set<RailsSubscription>;
  cancelExpiry: () => void;
}

/**
 * The Rails protocol (seed 002, docs/venues/rails.md) on one HTTP server: the token endpoint
 * (`POST /api/v1/token`) and the WebSocket (path `/` or `/ws`, `?market=…&subscriptions=…`, JWT in
 * `Sec-WebSocket-Protocol: authorization#<JWT>`).
 */
class RailsServer implements VenueFrontEnd<RailsCredential> {
  readonly venue = 'rails';
  readonly accountId: string;
  readonly url: string;
  readonly tokenUrl: string;
  /** Base URL of the account REST (rest.ts), on the same server: `http://host:port`. */
  readonly restUrl: string;
  private readonly core: ExchangeCore;
  private readonly tuning: RailsTuning;
  private readonly ids: RailsIds;
  private readonly auth: RailsAuth;
  private readonly limiter: SlidingWindowLimiter;
  private readonly hub: WsHub<RailsClient>;
  private readonly stream: RailsAccountStream;
  private readonly wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    handleProtocols: (offered) => authProtocol(offered),
  });
  private readonly slots = new Map<string, number>();
  private readonly books = new Map<string, MarketBook>();
  private readonly trades = new Map<string, MarketTrades>();
  private readonly cleanups: (() => void)[] = [];

  private constructor(
    context: FrontEndContext<RailsTuning>,
    private readonly http: Server,
    port: number,
  ) {
    this.core = context.core;
    this.ids = new RailsIds(context.seed);
    this.tuning = {
      ...DEFAULT_TUNING,
      jwtSecret: randomBytes(32),
      apiKey: uuidFrom(`rails-api-key:${context.seed}`),
      apiSecret: randomBytes(24).toString('base64url'),
      ...givenTuning(context.tuning),
    };
    this.accountId = this.ids.accountId();
    this.url = `ws://${context.host}:${port}`;
    this.tokenUrl = `http://${context.host}:${port}${TOKEN_PATH}`;
    this.restUrl = `http://${context.host}:${port}`;
    const now = () => this.core.now();
    this.auth = new RailsAuth(this.tuning.jwtSecret, this.accountId, this.tuning.tokenLifetimeS, now);
    this.limiter = new SlidingWindowLimiter(this.tuning.tokenRequestsPerMinute, 60_000, now);
    this.hub = new WsHub(this.core.scheduler, (i) => malformedFrame(i, this.core.now()));
    const leverage = new Map(this.core.instruments.map((i) => [i.symbol, i.leverage]));
    this.stream = new RailsAccountStream(this.ids, (symbol) => leverage.get(symbol) ?? 1);
    for (const instrument of this.core.instruments) {
      const market = marketOf(instrument.symbol);
      if (market === undefined) continue;
      this.books.set(market, new MarketBook());
      this.trades.set(market, new MarketTrades(instrument.symbol, this.ids, this.tuning.publicTradesSnapshotSize));
    }
    this.core.addAccount(this.accountId);
    this.cleanups.push(this.core.on((event) => this.onCoreEvent(event)));
    const deps: HttpDeps = {
      apiKey: this.tuning.apiKey,
      apiSecret: this.tuning.apiSecret,
      auth: this.auth,
      limiter: this.limiter,
      rest: {
        auth: this.auth,
        ledger: () => this.ledger(),
        leverageOf: (market) => leverage.get(symbolOf(market) ?? '') ?? 1,
        pageSize: this.tuning.restPageSize,
      },
    };
    http.on('request', (req, res) => handleHttp(req, res, deps));
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
  }

  static async start(context: FrontEndContext<RailsTuning>): Promise<RailsServer> {
    const http = createServer();
    const port = await listenHttp(http, context.host, context.port);
    return new RailsServer(context, http, port);
  }

  ledger(): VenueLedger {
    return railsLedger(this.venue, this.core.ledger(this.accountId), this.ids);
  }

  fault(request: FaultRequest): FaultOutcome {
    return this.hub.applyFault(request);
  }

  credential(variant: TokenVariant): RailsCredential {
    return {
      token: this.auth.issue(variant),
      apiKey: this.tuning.apiKey,
      apiSecret: this.tuning.apiSecret,
      tokenUrl: this.tokenUrl,
    };
  }

  /** The server process restarting: every socket closed, connections refused for a moment, then back. */
  restart(): Promise<void> {
    return restartHttpServer(this.http, () => this.hub.clients);
  }

  async stop(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    for (const client of this.hub.clients) client.cancelExpiry();
    this.hub.closeAll(1001, 'server shutting down');
    await closeHttp(this.http, () => {
      for (const client of this.hub.clients) client.socket.terminate();
    });
  }

  // ---- connections ------------------------------------------------------------------------------

  /** Every refusal happens here, as a plain HTTP answer to the upgrade request. */
  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const parsed = parseUpgrade(req);
    if (!parsed.ok) return rejectUpgrade(socket, parsed.status, parsed.body);
    const { request } = parsed;
    if (this.hub.faults.takeAuthRejection() || request.token === undefined)
      return rejectUpgrade(socket, 401, 'invalid token');
    const check = this.auth.check(request.token);
    if (!check.ok) return rejectUpgrade(socket, 401, check.reason);
    const slot = `${check.accountId}|${request.market}`;
    if ((this.slots.get(slot) ?? 0) >= this.tuning.maxConnectionsPerMarket) {
      return rejectUpgrade(socket, 403, `at most ${this.tuning.maxConnectionsPerMarket} connections per market`);
    }
    // handleUpgrade answers 101 (echoing the authorization subprotocol) and calls back synchronously.
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, request, slot, check.expiresAtMs));
  }

  private onConnection(socket: WebSocket, request: UpgradeRequest, slot: string, expiresAtMs: number): void {
    this.slots.set(slot, (this.slots.get(slot) ?? 0) + 1);
    const client: RailsClient = {
      socket,
      market: request.market,
      slot,
      subscriptions: new Set(request.subscriptions),
      cancelExpiry: () => undefined,
    };
    this.hub.clients.add(client);
    // [guess] the docs do not say what happens when the token expires on an open socket.
    client.cancelExpiry = this.core.scheduler.after(Math.max(0, expiresAtMs - this.core.now()), () =>
      socket.close(CLOSE_TOKEN_EXPIRED, CLOSE_TOKEN_EXPIRED_REASON),
    );
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.send(client, errorFrame(400, 'binary frames are not supported', undefined));
      this.onRequest(client, data.toString());
    });
    socket.on('close', () => {
      client.cancelExpiry();
      if (this.hub.clients.delete(client)) this.slots.set(slot, Math.max(0, (this.slots.get(slot) ?? 1) - 1));
    });
    socket.on('error', () => socket.terminate());
  }

  // ---- requests ---------------------------------------------------------------------------------

  private onRequest(client: RailsClient, text: string): void {
    const parsed = parseRequest(text);
    if (!parsed.ok) return this.send(client, errorFrame(400, parsed.body, parsed.clientRequestId));
    const r = parsed.request;
    switch (r.message) {
      case 'ping':
        return this.send(client, pongFrame(r.clientRequestId));
      case 'subscribe':
      case 'unsubscribe':
        return this.changeSubscriptions(client, r.message === 'subscribe', r);
      case 'emitPublicOrderBook':
      case 'emitPublicCompletedOrders':
        return this.snapshot(client, r.message === 'emitPublicOrderBook' ? 'publicOrderBook' : 'publicTrades', r);
      case 'createOrder':
      case 'cancelOrder':
      case 'modifyOrder': {
        const market = this.requestMarket(client, r);
        if (market !== undefined) this.send(client, orderRequestRefusedFrame(r.message, market, r.clientRequestId));
        return;
      }
    }
  }

  /** Idempotent: subscribing twice, or unsubscribing what is not active, changes nothing. */
  private changeSubscriptions(client: RailsClient, subscribe: boolean, r: RailsRequest): void {
    const requested = r.subscriptions ?? [];
    for (const s of requested) {
      if (subscribe) client.subscriptions.add(s);
      else client.subscriptions.delete(s);
    }
    const active = inDocumentedOrder(client.subscriptions);
    this.send(
      client,
      subscriptionFrame(subscribe ? 'subscribed' : 'unsubscribed', active, requested, r.clientRequestId),
    );
  }

  private snapshot(client: RailsClient, stream: 'publicOrderBook' | 'publicTrades', r: RailsRequest): void {
    const market = this.requestMarket(client, r);
    if (market === undefined) return;
    // [guess] snapshot requests belong to their stream, like every request but ping.
    if (!client.subscriptions.has(stream))
      return this.send(client, errorFrame(400, `not subscribed to ${stream}`, r.clientRequestId, market));
    if (stream === 'publicOrderBook') {
      const book = this.books.get(market);
      const ts = book !== undefined && book.ts > 0 ? book.ts : this.core.now();
      this.send(client, bookSnapshotFrame(market, book?.snapshot() ?? [], ts, r.clientRequestId));
    } else {
      this.send(
        client,
        publicTradesSnapshotFrame(market, this.trades.get(market)?.snapshot() ?? [], r.clientRequestId),
      );
    }
  }

  /**
   * The market a request is about: `content.market`, required with market=ALL; on a one-market
   * connection it may be left out and must otherwise name that market [guess]. Answers 400 itself.
   */
  private requestMarket(client: RailsClient, r: RailsRequest): string | undefined {
    let problem: string | undefined;
    if (client.market === RAILS_ALL) {
      if (r.market === undefined) problem = 'market is required when connected with market=ALL';
      else if (symbolOf(r.market) === undefined) problem = `unknown market: ${r.market}`;
    } else if (r.market !== undefined && r.market !== client.market) {
      problem = `market ${r.market} does not match the connection's market ${client.market}`;
    }
    if (problem === undefined) return r.market ?? client.market;
    this.send(client, errorFrame(400, problem, r.clientRequestId));
    return undefined;
  }

  // ---- streams ----------------------------------------------------------------------------------

  private onCoreEvent(event: CoreEvent): void {
    if (isPublicEvent(event)) return this.onPublicEvent(event);
    if (event.accountId !== this.accountId) return;
    // Always translate, even with nobody listening, so the stream's order state stays complete.
    const { trade, order } = this.stream.translate(event);
    if (trade) this.hub.sendPrivate(JSON.stringify(trade), this.recipients('trades'));
    if (order) this.hub.sendPrivate(JSON.stringify(order.frame), this.recipients('orders', order.market));
  }

  private onPublicEvent(event: PublicEvent): void {
    if (event.type !== 'orderbook' && event.type !== 'publicTrades') return;
    const market = marketOf(event.symbol);
    if (market === undefined) return;
    // Books and recent trades are kept even with nobody listening, for the snapshot requests.
    if (event.type === 'orderbook') {
      const delta = this.books.get(market)?.update(event.book, event.time) ?? [];
      const recipients = this.recipients('publicOrderBook', market);
      if (delta.length > 0 && recipients.length > 0)
        this.hub.sendPublic(JSON.stringify(bookDeltaFrame(market, delta, event.time)), recipients);
    } else {
      const rows = this.trades.get(market)?.add(event.trades) ?? [];
      const recipients = this.recipients('publicTrades', market);
      if (rows.length > 0 && recipients.length > 0)
        this.hub.sendPublic(JSON.stringify(publicTradesDeltaFrame(market, rows)), recipients);
    }
  }

  /** Subscribers of a stream; with a market, only connections on that market or on ALL. */
  private recipients(stream: RailsSubscription, market?: string): RailsClient[] {
    const out: RailsClient[] = [];
    for (const c of this.hub.clients) {
      if (!c.subscriptions.has(stream)) continue;
      if (market !== undefined && c.market !== RAILS_ALL && c.market !== market) continue;
      out.push(c);
    }
    return out;
  }

  private send(client: RailsClient, frame: RailsServerFrame): void {
    this.hub.send(client, JSON.stringify(frame));
  }
}

/** The offered `authorization#<JWT>` subprotocol, echoed back (Chrome fails the handshake otherwise). */
function authProtocol(offered: Set<string>): string | false {
  for (const p of offered) if (p.startsWith(RAILS_AUTH_PREFIX)) return p;
  return false;
}

export const railsFrontEnd: FrontEndDefinition<RailsCredential, RailsTuning> = {
  venue: 'rails',
  defaultPort: 7101,
  start: (context) => RailsServer.start(context),
};
