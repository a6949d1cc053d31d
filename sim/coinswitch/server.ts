import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { CoinswitchAuthReply } from '../../src/venues/coinswitch/wire';
import type { AccountEvent, CoreEvent, PublicEvent } from '../core/events';
import type { ExchangeCore } from '../core/exchange';
import type {
  FrontEndContext,
  FrontEndDefinition,
  TokenVariant,
  VenueFrontEnd,
  VenueLedger,
} from '../shared/front-end';
import type { FaultOutcome, FaultRequest } from '../shared/faults';
import type { ExecutionBatch } from './batcher';
import type { TokenDecision } from './gate';
import type { CoinswitchTuning } from './tuning';
import { isPublicEvent } from '../core/exchange';
import { instrumentMap } from '../core/instruments';
import { num } from '../core/num';
import { DEFAULT_FAULT_COUNT, DEFAULT_STALL_MS } from '../shared/faults';
import { CoinswitchAccountStream } from './account-stream';
import { checkAuthText } from './auth-message';
import { ExecutionBatcher } from './batcher';
import { ed25519FromSecretHex } from './ed25519';
import { malformedMessage, orderMessage, tickerMessage, tradeMessage } from './frames';
import { NatsGate } from './gate';
import { closeHttp, listenHttp } from '../shared/http';
import { SIGNATURE_PATH, handleHttp } from './http';
import { CoinswitchHistory } from './history';
import { CoinswitchIds } from './ids';
import { coinswitchLedger } from './ledger';
import { SimNatsClient } from './nats-client';
import { NatsServerProcess, locateNatsServer } from './nats-process';
import { PriceBook } from './prices';
import { FaultyPublisher } from './publisher';
import { marketToken, privateOrderSubject, privateTradeSubject, tickerSubject } from './subjects';
import { SocketTriples } from './triples';
import { resolveTuning } from './tuning';

export type { CoinswitchTuning } from './tuning';

/**
 * What a client needs: the REST key pair and the endpoint that mints socket triples, the
 * sub-account whose private subjects to read, and one freshly minted triple
 * (valid: 5 minutes; expired: an hour ago; invalid: a signature nobody minted).
 */
export interface CoinswitchCredential {
  apiKey: string;
  secretKeyHex: string;
  signatureUrl: string;
  /** The HFT REST base the recovery reads are served on (the same origin): a relay's `restUrl`. */
  restUrl: string;
  subAccountId: string;
  triple: { apiKey: string; expires: number; signature: string };
}

/** nats-server users: the simulator itself, connect-mode clients once the gate accepted their token, and everyone else. */
const SIM_USER = 'venueboard-sim';
const CLIENT_USER = 'coinswitch-client';
const ANONYMOUS_USER = 'anonymous';

/**
 * CoinSwitch PRO HFT (seed 001, docs/venues/coinswitch.md, docs/contract.md section 2) on a real nats-server:
 * the signature endpoint and the NATS websocket gate share one HTTP port; nats-server runs as a
 * child process; the simulator publishes the private order/trade messages and the public tickers
 * through its own NATS connection and answers auth requests.
 */
export class CoinswitchServer implements VenueFrontEnd<CoinswitchCredential> {
  readonly venue = 'coinswitch';
  readonly accountId: string;
  /** ws://host:port: NATS over WebSocket through the gate (both auth modes). */
  readonly url: string;
  /** http://host:port/dma/api/v1/socket/signature */
  readonly signatureUrl: string;
  /** http://host:port: the HFT REST base (`/v5/execution/list`, `/v5/order/realtime`; rest.ts). */
  readonly restUrl: string;
  readonly subAccountId: string;
  readonly authSubject: string;
  private readonly core: ExchangeCore;
  private readonly tuning: ReturnType<typeof resolveTuning>;
  private readonly triples: SocketTriples;
  private readonly gate: NatsGate;
  private readonly publisher: FaultyPublisher;
  private readonly stream: CoinswitchAccountStream;
  private readonly prices = new PriceBook();
  /** Every execution and order state, published or not: what REST answers from. */
  private readonly history = new CoinswitchHistory();
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: false });
  private readonly batcher: ExecutionBatcher;
  private readonly cleanups: (() => void)[] = [];
  private stallTimer: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    context: FrontEndContext<CoinswitchTuning>,
    private readonly ids: CoinswitchIds,
    tuning: ReturnType<typeof resolveTuning>,
    private readonly http: Server,
    port: number,
    private readonly nats: NatsServerProcess,
    private readonly client: SimNatsClient,
    clientPassword: string,
  ) {
    this.core = context.core;
    this.tuning = tuning;
    this.subAccountId = ids.subAccountId;
    this.accountId = ids.subAccountId;
    this.authSubject = tuning.authSubject;
    this.url = `ws://${context.host}:${port}`;
    this.restUrl = `http://${context.host}:${port}`;
    this.signatureUrl = `${this.restUrl}${SIGNATURE_PATH}`;
    const now = () => this.core.now();
    this.triples = new SocketTriples(tuning.tripleSecret, tuning.socketApiKey, now, tuning.authMinRemainingMs);
    this.publisher = new FaultyPublisher((subject, text) => this.client.publish(subject, text), this.core.scheduler);
    this.batcher = new ExecutionBatcher((batch) => this.publishTrade(batch), tuning.batchExecutions);
    this.stream = new CoinswitchAccountStream(
      ids,
      this.prices,
      instrumentMap(this.core.instruments),
      num(tuning.marketSlippage),
    );
    this.gate = new NatsGate(
      () => this.nats.websocketUrl,
      (token) => this.checkToken(token, clientPassword),
    );
    const { publicKey } = ed25519FromSecretHex(tuning.secretKeyHex);
    const endpoint = {
      restApiKey: tuning.restApiKey,
      publicKey,
      triples: this.triples,
      now,
      maxEpochSkewMs: tuning.maxEpochSkewMs,
      maxExpiresInS: tuning.maxExpiresInS,
      history: this.history,
    };
    http.on('request', (req, res) => handleHttp(req, res, endpoint));
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      this.wss.handleUpgrade(req, socket, head, (ws) => this.gate.accept(ws));
    });
    const responder = client.respond(this.authSubject, (text) => JSON.stringify(this.authReply(text)));
    this.cleanups.push(() => responder.unsubscribe());
    this.core.addAccount(this.accountId);
    this.cleanups.push(this.core.on((event) => this.onCoreEvent(event)));
  }

  static async start(context: FrontEndContext<CoinswitchTuning>): Promise<CoinswitchServer> {
    const ids = new CoinswitchIds(context.seed);
    const tuning = resolveTuning(context.tuning, ids);
    ed25519FromSecretHex(tuning.secretKeyHex); // a bad key fails here, before anything starts
    const binary = locateNatsServer(tuning.natsServerPath);
    const simPassword = randomBytes(18).toString('base64url');
    const clientPassword = randomBytes(18).toString('base64url');
    const nats = new NatsServerProcess(binary, {
      host: context.host,
      websocketPort: tuning.natsWebsocketPort > 0 ? tuning.natsWebsocketPort : -1,
      users: [
        { user: SIM_USER, password: simPassword },
        { user: CLIENT_USER, password: clientPassword },
        { user: ANONYMOUS_USER, password: randomBytes(18).toString('base64url') },
      ],
      noAuthUser: ANONYMOUS_USER,
    });
    const http = createServer();
    let client: SimNatsClient | undefined;
    try {
      const port = await listenHttp(http, context.host, context.port);
      await nats.start();
      client = await SimNatsClient.connect(nats.websocketUrl, SIM_USER, simPassword);
      return new CoinswitchServer(context, ids, tuning, http, port, nats, client, clientPassword);
    } catch (error) {
      await client?.close();
      await nats.stop();
      if (http.listening) await closeHttp(http);
      throw error;
    }
  }

  /** nats-server's own websocket listener (authMode request only; the simulator's client uses it too). */
  get natsUrl(): string {
    return this.nats.websocketUrl;
  }

  /** The nats-server child's pid (tests check it is gone after stop()). */
  get natsPid(): number | undefined {
    return this.nats.pid;
  }

  ledger(): VenueLedger {
    return coinswitchLedger(this.venue, this.core.ledger(this.accountId), this.ids);
  }

  credential(variant: TokenVariant): CoinswitchCredential {
    const t = this.triples.issue(variant);
    return {
      apiKey: this.tuning.restApiKey,
      secretKeyHex: this.tuning.secretKeyHex,
      signatureUrl: this.signatureUrl,
      restUrl: this.restUrl,
      subAccountId: this.subAccountId,
      triple: { apiKey: t.api_key, expires: t.expires, signature: t.signature },
    };
  }

  fault(request: FaultRequest): FaultOutcome {
    const count = request.count ?? DEFAULT_FAULT_COUNT[request.fault];
    const outcome: FaultOutcome = { venue: request.venue, fault: request.fault, clients: this.gate.size };
    const faults = this.publisher.faults;
    switch (request.fault) {
      case 'drop':
        this.gate.dropAll();
        return outcome;
      case 'stall': {
        const durationMs = request.durationMs ?? DEFAULT_STALL_MS;
        faults.stalledUntil = this.core.now() + durationMs;
        this.stallNats(durationMs);
        return { ...outcome, durationMs, until: faults.stalledUntil };
      }
      case 'duplicate':
        faults.duplicateLeft += count;
        return { ...outcome, count };
      case 'reorder':
        faults.reorderLeft += count;
        return { ...outcome, count };
      case 'malformed':
        for (let i = 0; i < count; i++) {
          const m = malformedMessage(i, this.envelopeIds(), this.core.now());
          this.publisher.publishPlain(
            m.stream === 'order' ? privateOrderSubject(this.subAccountId) : privateTradeSubject(this.subAccountId),
            m.text,
          );
        }
        return { ...outcome, count };
      case 'reject-auth':
        faults.rejectAuthLeft += count;
        return { ...outcome, count };
    }
  }

  /**
   * Restart the nats-server process (same ports): every client connection closes and may reconnect
   * once this resolves (the simulator's own connection is back by then).
   */
  async restart(): Promise<void> {
    const reconnected = this.client.nextReconnect();
    await this.nats.restart();
    await reconnected;
    // The auth responder's SUB is re-sent on reconnect; once flushed, nats-server has it (before that,
    // an auth request would meet "no responders").
    await this.client.flush();
  }

  /** Publish any batched executions now and wait until nats-server has everything published so far. */
  async flush(): Promise<void> {
    this.batcher.flush();
    if (this.client.isConnected) await this.client.flush();
  }

  async stop(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    clearTimeout(this.stallTimer);
    // A stalled (SIGSTOPped) server would never answer the client's goodbye.
    this.nats.resume();
    this.publisher.clear();
    this.batcher.clear();
    this.gate.closeAll();
    await this.client.close();
    await this.nats.stop();
    await closeHttp(this.http);
  }

  // ---- auth ------------------------------------------------------------------------------------

  /** authMode request: the reply to `{"op":"auth","args":[...]}` on the auth subject. */
  private authReply(text: string): CoinswitchAuthReply {
    if (this.publisher.faults.takeAuthRejection()) return { success: false, error: 'invalid signature' };
    const check = checkAuthText(text, this.triples);
    return check.ok ? { success: true } : { success: false, error: check.error };
  }

  /** authMode connect: the gate asks whether a CONNECT token is a valid minted triple. */
  private checkToken(token: string, clientPassword: string): TokenDecision {
    if (this.publisher.faults.takeAuthRejection()) return { ok: false };
    return checkAuthText(token, this.triples).ok
      ? { ok: true, user: CLIENT_USER, pass: clientPassword }
      : { ok: false };
  }

  /** SIGSTOP nats-server (nothing at all goes out, PONGs included) for a real-time duration. */
  private stallNats(durationMs: number): void {
    clearTimeout(this.stallTimer);
    this.nats.pause();
    this.stallTimer = setTimeout(() => this.nats.resume(), durationMs);
  }

  // ---- messages --------------------------------------------------------------------------------

  private onCoreEvent(event: CoreEvent): void {
    if (isPublicEvent(event)) return this.onPublicEvent(event);
    if (event.accountId === this.accountId) this.onAccountEvent(event);
  }

  private onPublicEvent(event: PublicEvent): void {
    this.prices.observe(event);
    if (event.type !== 'ticker' || !this.tuning.tickers || !this.client.isConnected || this.publisher.isStalled())
      return;
    const message = tickerMessage(this.prices.ticker(event.symbol, event.ticker), event.time, this.core.now());
    this.publisher.publishPlain(tickerSubject(marketToken(event.symbol)), JSON.stringify(message));
  }

  /**
   * Always translated and recorded, even with nobody listening (REST answers from the record); then
   * published, which a fault or an absent subscriber may lose, as NATS would (it replays nothing).
   */
  private onAccountEvent(event: AccountEvent): void {
    const { orders, execution } = this.stream.translate(event);
    const now = this.core.now();
    for (const order of orders) this.history.recordOrder(order);
    if (execution) this.history.recordExecution(execution.execution);
    for (const order of orders)
      this.publisher.publishPrivate(
        privateOrderSubject(this.subAccountId),
        JSON.stringify(orderMessage(order, this.envelopeIds(), now)),
      );
    if (execution) this.batcher.add(execution.symbol, execution.time, execution.execution);
  }

  private publishTrade(batch: ExecutionBatch): void {
    const message = tradeMessage(batch.executions, batch.time, this.envelopeIds(), this.core.now());
    this.publisher.publishPrivate(privateTradeSubject(this.subAccountId), JSON.stringify(message));
  }

  private envelopeIds(): { userId: string; subAccountId: string } {
    return { userId: this.subAccountId, subAccountId: this.subAccountId };
  }
}

export const coinswitchFrontEnd: FrontEndDefinition<CoinswitchCredential, CoinswitchTuning> = {
  venue: 'coinswitch',
  defaultPort: 7103,
  start: (context) => CoinswitchServer.start(context),
};
