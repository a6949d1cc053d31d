import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { restartHttpServer } from '../shared/restart';
import { createServer, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { SCALETRADE_PONG, type ScaletradeControlFrame } from '../../src/venues/scaletrade/wire';
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
import { num, type Num } from '../core/num';
import { Prng } from '../core/prng';
import { WsHub } from '../shared/ws-hub';
import { listenHttp } from '../shared/http';
import { closeServer } from '../shared/ws-server';
import { ScaletradeAuth } from './auth';
import { parseClientMessage, type ClientMessage } from './client-frames';
import { nextNotice, triggeredAlert } from './extras';
import { alertFrame, balanceFrame, malformedFrame, notificationFrame, quoteFrame, tradeFrame } from './frames';
import { balanceFigures, scaletradeLedger, type BalanceFigures } from './ledger';
import { QuoteBoard } from './quotes';
import { route } from './http';
import { restRoutes } from './rest';
import { signInRoutes } from './sign-in';
import { CONTRACT_SIZES, scaletradeSymbol } from './symbols';
import { TicketBook } from './tickets';
import type { Ticket } from './ticket';

export interface ScaletradeTuning {
  /** The demo trading account. */
  login: number;
  /** Its password at the sign-in endpoint. */
  password: string;
  /** JWT signing secret; random per process when absent. */
  jwtSecret: Buffer;
  /** Unit of a quote's ctm: seconds as in the Client API example, or ms as in the TCP doc. */
  ctmUnit: 's' | 'ms';
  /** Recalculated-profit `o` updates of open tickets (and a `b`) this often. */
  profitIntervalMs: number;
  /** An occasional triggered price alert; 0 turns them off. */
  alertIntervalMs: number;
  /** An occasional notification; 0 turns them off. */
  notificationIntervalMs: number;
}

export const SCALETRADE_DEMO_LOGIN = 2000009;
export const SCALETRADE_DEMO_PASSWORD = 'demo-2000009';
/** [guess] Close code after a refused authorization. */
export const SCALETRADE_AUTH_REJECTED_CLOSE_CODE = 4401;

const DEFAULT_TUNING: Omit<ScaletradeTuning, 'jwtSecret'> = {
  login: SCALETRADE_DEMO_LOGIN,
  password: SCALETRADE_DEMO_PASSWORD,
  ctmUnit: 's',
  profitIntervalMs: 2000,
  alertIntervalMs: 30_000,
  notificationIntervalMs: 45_000,
};

export type ScaletradeCredential = { token: string; login: number };

interface ScaletradeClient {
  readonly socket: WebSocket;
  /** Logins the authorized token may switch to (empty before authorization). */
  logins: number[];
  /** Account events flow only after account.switch. */
  activeLogin: number | null;
  readonly quotes: Set<string>;
}

/** A control reply the docs do not define: `{"event":"error","success":false,"error":"..."}` [guess]. */
interface ErrorReply {
  event: 'error';
  success: false;
  error: string;
}

/** The ScaleTrade Client API (seed 003, docs/venues/scaletrade.md): sign-in over HTTP and the WebSocket, one port. */
class ScaletradeServer implements VenueFrontEnd<ScaletradeCredential> {
  readonly venue = 'scaletrade';
  readonly accountId: string;
  readonly url: string;
  /** http://host:port/client-api/auth/sign-in */
  readonly signInUrl: string;
  /** The Client REST base URL (http://host:port): sign-in and the trade history (rest.ts). */
  readonly restUrl: string;
  private readonly core: ExchangeCore;
  private readonly tuning: ScaletradeTuning;
  private readonly login: number;
  private readonly auth: ScaletradeAuth;
  private readonly book: TicketBook;
  private readonly quotes: QuoteBoard;
  private readonly hub: WsHub<ScaletradeClient>;
  private readonly traded: { coreSymbol: string; leverage: number; tick: Num }[];
  private readonly leverage: ReadonlyMap<string, number>;
  private readonly extrasRng: Prng;
  private readonly cleanups: (() => void)[] = [];
  private alertSequence = 0;
  private noticeSequence = 0;

  private constructor(
    context: FrontEndContext<ScaletradeTuning>,
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    port: number,
  ) {
    this.core = context.core;
    this.tuning = { ...DEFAULT_TUNING, jwtSecret: randomBytes(32), ...givenTuning(context.tuning) };
    this.login = this.tuning.login;
    this.accountId = `scaletrade-${this.login}`;
    this.url = `ws://${context.host}:${port}`;
    this.restUrl = `http://${context.host}:${port}`;
    this.signInUrl = `${this.restUrl}/client-api/auth/sign-in`;
    this.auth = new ScaletradeAuth(this.tuning.jwtSecret, this.login, () => this.core.now());
    this.traded = this.core.instruments
      .filter((i) => i.traded && CONTRACT_SIZES[i.symbol])
      .map((i) => ({ coreSymbol: i.symbol, leverage: i.leverage, tick: i.tick }));
    this.leverage = new Map(this.traded.map((s) => [s.coreSymbol, s.leverage]));
    this.quotes = new QuoteBoard(this.core.instruments);
    this.hub = new WsHub(this.core.scheduler, (i) => malformedFrame(i, this.login));
    this.extrasRng = Prng.derive(context.seed, 'scaletrade-extras');

    this.core.addAccount(this.accountId);
    const tickets = Prng.derive(context.seed, 'scaletrade-tickets');
    let nextTicket = 10_000_000 + tickets.int(0, 9_999_999);
    const marks = this.core.ledger(this.accountId).marks;
    this.book = new TicketBook(num(this.core.accountView(this.accountId).balance.wallet), () => nextTicket++, marks);

    this.cleanups.push(this.core.on((event) => this.onCoreEvent(event)));
    this.cleanups.push(this.core.scheduler.every(this.tuning.profitIntervalMs, () => this.sendProfits()));
    if (this.tuning.alertIntervalMs > 0)
      this.cleanups.push(this.core.scheduler.every(this.tuning.alertIntervalMs, () => this.sendAlert()));
    if (this.tuning.notificationIntervalMs > 0) {
      this.cleanups.push(this.core.scheduler.every(this.tuning.notificationIntervalMs, () => this.sendNotification()));
    }
    wss.on('connection', (socket) => this.onConnection(socket));
    const digits = new Map(this.traded.map((s) => [s.coreSymbol, s.tick.decimalPlaces()]));
    const routes = [
      ...signInRoutes({ signIn: (login, password) => this.signIn(login, password), currency: 'USD' }),
      ...restRoutes({
        history: this.book.history,
        login: this.login,
        check: (token) => this.auth.check(token),
        digits: (coreSymbol) => digits.get(coreSymbol) ?? 2,
      }),
    ];
    http.on('request', (req, res) => {
      route(req, res, routes).catch(() => res.destroy());
    });
  }

  static async start(context: FrontEndContext<ScaletradeTuning>): Promise<ScaletradeServer> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    const port = await listenHttp(http, context.host, context.port);
    return new ScaletradeServer(context, http, wss, port);
  }

  ledger(): VenueLedger {
    return scaletradeLedger(this.book, this.accountId, this.traded, this.core.accountView(this.accountId).positions);
  }

  fault(request: FaultRequest): FaultOutcome {
    return this.hub.applyFault(request);
  }

  credential(variant: TokenVariant): ScaletradeCredential {
    return { token: this.auth.issue(variant), login: this.login };
  }

  /** A valid token of a session type the WebSocket refuses (tests of UNSUPPORTED_SESSION). */
  unsupportedSessionToken(): string {
    return this.auth.issue('valid', 'SESSION_MANAGER');
  }

  /** The server process restarting: every socket closed, connections refused for a moment, then back. */
  restart(): Promise<void> {
    return restartHttpServer(this.http, () => this.hub.clients);
  }

  async stop(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.hub.closeAll(1001, 'server shutting down');
    await closeServer(this.wss);
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private signIn(login: unknown, password: unknown): string | null {
    const loginOk = login === this.login || login === String(this.login);
    if (!loginOk || typeof password !== 'string' || !sameSecret(password, this.tuning.password)) return null;
    return this.auth.issue('valid');
  }

  private onConnection(socket: WebSocket): void {
    const client: ScaletradeClient = { socket, logins: [], activeLogin: null, quotes: new Set() };
    this.hub.clients.add(client);
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.sendControl(client, { event: 'error', success: false, error: 'INVALID_JSON' });
      this.onMessage(client, parseClientMessage(data.toString()));
    });
    socket.on('close', () => this.hub.clients.delete(client));
    socket.on('error', () => socket.terminate());
  }

  private onMessage(client: ScaletradeClient, message: ClientMessage): void {
    switch (message.kind) {
      case 'ping':
        return this.hub.send(client, SCALETRADE_PONG);
      case 'authorization':
        return this.authorize(client, message.token);
      case 'account.switch':
        return this.switchAccount(client, message.login);
      case 'subscribe':
      case 'unsubscribe':
        return this.subscription(client, message.kind, message.symbols);
      case 'invalid':
        return this.sendControl(client, { event: 'error', success: false, error: message.error });
    }
  }

  private authorize(client: ScaletradeClient, token: unknown): void {
    const check = this.hub.faults.takeAuthRejection()
      ? ({ ok: false, error: 'INVALID_TOKEN' } as const)
      : this.auth.check(token);
    if (!check.ok) {
      client.logins = [];
      client.activeLogin = null;
      this.sendControl(client, { event: 'authorization', success: false, error: check.error });
      client.socket.close(SCALETRADE_AUTH_REJECTED_CLOSE_CODE, check.error);
      return;
    }
    client.logins = check.logins;
    client.activeLogin = null;
    this.sendControl(client, { event: 'authorization', success: true });
  }

  private switchAccount(client: ScaletradeClient, requested: number | undefined): void {
    if (client.logins.length === 0)
      return this.sendControl(client, { event: 'account.switch', success: false, error: 'UNAUTHORIZED' });
    // A SESSION_USER may omit the login: its (only) account.
    const login = requested ?? client.logins[0];
    if (login === undefined || !client.logins.includes(login) || login !== this.login) {
      return this.sendControl(client, { event: 'account.switch', success: false, error: 'LOGIN_NOT_ALLOWED' });
    }
    client.activeLogin = login;
    this.sendControl(client, { event: 'account.switch', success: true, active_login: login });
    this.sendAccountState(client);
  }

  /** One `b`, one `o` per open ticket (each as last sent), then the marker [guess, agreed with the adapter]. */
  private sendAccountState(client: ScaletradeClient): void {
    const tickets = this.book.openTickets();
    this.hub.sendPrivate(JSON.stringify(balanceFrame(this.figures(), this.login)), [client]);
    for (const t of tickets) this.hub.sendPrivate(JSON.stringify(tradeFrame(t, this.login)), [client]);
    const marker: ScaletradeControlFrame = { event: 'account.state', login: this.login, tickets: tickets.length };
    this.hub.sendPrivate(JSON.stringify(marker), [client]);
  }

  private subscription(client: ScaletradeClient, event: 'subscribe' | 'unsubscribe', symbols: string[] | null): void {
    if (client.logins.length === 0) return this.sendControl(client, { event, success: false, error: 'UNAUTHORIZED' });
    if (symbols === null) return this.sendControl(client, { event, success: false, error: 'INVALID_DATA' });
    // Channels are names: any name is accepted, only the simulator's symbols ever quote.
    for (const s of symbols) {
      if (event === 'subscribe') client.quotes.add(s);
      else client.quotes.delete(s);
    }
    this.sendControl(client, { event, success: true, data: symbols });
  }

  private onCoreEvent(event: CoreEvent): void {
    if (isPublicEvent(event)) return this.onPublicEvent(event);
    if (event.accountId !== this.accountId) return;
    // Always book, even with nobody listening, so the tickets stay complete.
    const frames = this.book.apply(event);
    const recipients = this.accountRecipients();
    if (recipients.length === 0) return;
    this.sendTickets(frames, recipients);
    if (event.type === 'accountSettled')
      this.hub.sendPrivate(JSON.stringify(balanceFrame(this.figures(), this.login)), recipients);
  }

  private onPublicEvent(event: PublicEvent): void {
    if (event.type === 'mark' && CONTRACT_SIZES[event.symbol])
      this.book.setMark(event.symbol, num(event.mark.markPrice));
    if (event.type !== 'orderbook' && event.type !== 'mark') return;
    let recipients: ScaletradeClient[] = [];
    const quote = this.quotes.onPublicEvent(event, (name) => {
      recipients = [...this.hub.clients].filter((c) => c.quotes.has(name));
      return recipients.length > 0;
    });
    if (quote)
      this.hub.sendPublic(
        JSON.stringify(quoteFrame(quote.symbol, quote.bid, quote.ask, quote.time, this.tuning.ctmUnit)),
        recipients,
      );
  }

  private sendProfits(): void {
    const frames = this.book.refreshProfits();
    const recipients = this.accountRecipients();
    if (frames.length === 0 || recipients.length === 0) return;
    this.sendTickets(frames, recipients);
    this.hub.sendPrivate(JSON.stringify(balanceFrame(this.figures(), this.login)), recipients);
  }

  private sendAlert(): void {
    const recipients = this.accountRecipients();
    if (recipients.length === 0 || this.traded.length === 0) return;
    const { coreSymbol, tick } = this.extrasRng.pick(this.traded);
    const name = scaletradeSymbol(coreSymbol);
    const price = this.quotes.quote(name)?.bid ?? this.book.mark(coreSymbol);
    if (!price) return;
    this.alertSequence += 1;
    const alert = triggeredAlert(this.extrasRng, 7_000 + this.alertSequence, name, price, tick, this.core.now());
    this.hub.sendPrivate(JSON.stringify(alertFrame(alert, this.login)), recipients);
  }

  private sendNotification(): void {
    const recipients = this.accountRecipients();
    if (recipients.length === 0) return;
    this.noticeSequence += 1;
    const notice = nextNotice(this.extrasRng, this.noticeSequence, this.core.now(), this.login);
    this.hub.sendPrivate(JSON.stringify(notificationFrame(notice, this.login)), recipients);
  }

  private sendTickets(tickets: Ticket[], recipients: ScaletradeClient[]): void {
    for (const t of tickets) this.hub.sendPrivate(JSON.stringify(tradeFrame(t, this.login)), recipients);
  }

  /** The `b` figures from the tickets as last sent (so they add up with the client's `o` frames). */
  private figures(): BalanceFigures {
    return balanceFigures(this.book, (s) => this.leverage.get(s) ?? 1, false);
  }

  private accountRecipients(): ScaletradeClient[] {
    return [...this.hub.clients].filter((c) => c.activeLogin === this.login);
  }

  private sendControl(client: ScaletradeClient, frame: ScaletradeControlFrame | ErrorReply): void {
    this.hub.send(client, JSON.stringify(frame));
  }
}

/** Constant-time comparison of two secrets of any length (never logged). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export const scaletradeFrontEnd: FrontEndDefinition<ScaletradeCredential, ScaletradeTuning> = {
  venue: 'scaletrade',
  defaultPort: 7102,
  start: (context) => ScaletradeServer.start(context),
};

/** The concrete front end (tests reach the sign-in URL and the unsupported-session token through it). */
export async function startScaletrade(context: FrontEndContext<ScaletradeTuning>): Promise<ScaletradeServer> {
  return ScaletradeServer.start(context);
}
export type { ScaletradeServer };
