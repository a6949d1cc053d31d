import { clip, scrubVenueText, refusedFrameOutput, withDiagnostics } from '../shared/session-output';
import type { ConnectionConfig } from '../../domain/connection-config';
import type { DomainEvent } from '../../domain/events';
import { BoundedSet } from '../shared/bounded-set';
import {
  emptyOutput,
  type GapWindow,
  type RestResult,
  type SessionDiagnostics,
  type SessionOutput,
  type VenueSession,
} from '../types';
import { decodeRailsFrame, type RailsErrorReply } from './codec';
import { jwtExpiresAt } from '../shared/jwt';
import { RailsMarketData, type MarketDataResult } from './market-data';
import { fillIdOf, normalizeFill, normalizeOrder } from './normalize';
import { parseRailsAuth, type RailsOptions } from './options';
import { OrderTracker } from './order-tracker';
import { PongWatch } from './pong-watch';
import { RailsRecovery } from './recovery';
import { missingRest } from './rest-target';
import { buildPingRequest, randomRequestIds, type RequestIds } from './requests';
import { utcClock } from './time';
import {
  RAILS_ALL_MARKETS,
  RAILS_CLOSE_TOKEN_EXPIRED,
  RAILS_CLOSE_TOKEN_EXPIRED_REASON,
  type RailsCompletedOrdersDelta,
  type RailsOrderResponse,
  type RailsPong,
  type RailsSubscribed,
  type RailsUnsubscribed,
} from './wire';
import { UndocumentedValues } from '../shared/undocumented-values';

/**
 * The Rails connection state machine (docs.rails.xyz/latest/websocket-api/overview):
 *
 *   handshake: url?market=…&subscriptions=…, subprotocol "authorization#<JWT>" (auth + subscribe)
 *   open ─▶ send ping + the public snapshot requests ─▶ (server) first frame [live] ─▶ deltas…
 *
 * - The token is checked at the HTTP upgrade, so an opened socket is authenticated. The session
 *   reports no status: the shared lifecycle makes it `live` on the first frame, and the ping sent at
 *   open makes that frame come at once even on a quiet account.
 * - Public snapshots and the delta gate live in RailsMarketData; private trades become fills (deduped
 *   by orderId:matchId for the session's life, across sockets); order replies and pushes become order
 *   updates.
 * - The JWT lasts 30 minutes: `credentialExpiresAt` on every open; past `exp` the session is fatal
 *   (at open, on a heartbeat, on a close 4001 "token expired", or after a refused handshake).
 *   With a keyring reference (`auth.keyring` alongside the token) expiry is never fatal: the shared
 *   lifecycle renews the token before it runs out and hands it over through `updateAuth`; an expired
 *   token then only means the next socket fetches a fresh one.
 * - A refused handshake (401/403 at the upgrade: bad token, or a third connection to the market) never
 *   opens a socket, so the browser sees only 1006. `handshakeFailed` turns that into the clearest
 *   honest reason, which the lifecycle appends to its retry reason.
 */

/** Private fills remembered for duplicate detection (replays after a reconnect, duplicated frames). */
export const FILL_MEMORY = 20_000;
/** Orders whose market was learnt (fills, orders), to label orders that arrive without one on market=ALL. */
const ORDER_MARKET_MEMORY = 5_000;
/** Consecutive refused handshakes before the session explains them. */
export const HANDSHAKE_FAILURES_BEFORE_REASON = 2;

export function createRailsSession(config: ConnectionConfig, options: RailsOptions): VenueSession {
  return new RailsSession(config, options);
}

export class RailsSession implements VenueSession {
  private readonly connectionId: string;
  private token: string | undefined;
  private expiresAt: number | undefined;
  /** The token comes from the keyring relay and is renewed by the lifecycle. */
  private keyring = false;
  private readonly marketData: RailsMarketData;
  private readonly fillIds = new BoundedSet<string>(FILL_MEMORY);
  private readonly orderMarkets = new Map<string, string>();
  private readonly undocumentedStatuses = new UndocumentedValues();
  private handshakeFailures = 0;
  /** Orders held open, and orders an execution completed (for the recovery). */
  private readonly tracker = new OrderTracker();
  private readonly recovery: RailsRecovery;
  /** Pongs owed: a skipped one means frames were dropped on a socket that stayed up. */
  private readonly pongs = new PongWatch();
  /** A loss seen while a REST read was under way, to catch up on once it is done. */
  private pendingLoss: GapWindow | undefined;

  constructor(
    config: ConnectionConfig,
    private readonly options: RailsOptions,
    private readonly requestIds: RequestIds = randomRequestIds(),
  ) {
    this.connectionId = config.id;
    this.updateAuth(config.auth);
    this.marketData = new RailsMarketData(config.id, options.market, options.subscriptions, requestIds);
    const wsUrl = config.url;
    this.recovery = new RailsRecovery(
      {
        connectionId: config.id,
        market: this.singleMarket(),
        fills: options.subscriptions.includes('trades'),
        orders: options.subscriptions.includes('orders'),
      },
      {
        fillIds: this.fillIds,
        tracker: this.tracker,
        refusedCredential: (now) => this.refusedCredential(now),
        scrub: (text) => this.scrub(text),
        noRest: () => (this.keyring ? undefined : missingRest(wsUrl, options)),
      },
    );
  }

  /** A renewed keyring token (`{ token, keyring }`), before the next socket. */
  updateAuth(auth: Record<string, unknown>): void {
    const parsed = parseRailsAuth(auth);
    this.token = parsed.ok ? parsed.auth.token : undefined;
    this.expiresAt = this.token === undefined ? undefined : jwtExpiresAt(this.token);
    this.keyring = auth.keyring !== undefined;
  }

  open(now: number): SessionOutput {
    this.handshakeFailures = 0;
    const out = emptyOutput();
    if (this.expiresAt !== undefined) out.credentialExpiresAt = this.expiresAt;
    if (this.token === undefined) {
      out.fatal = 'Rails needs an access token: paste one from POST /api/v1/token into the connection';
      return out;
    }
    if (this.expiredForGood(now)) {
      out.fatal = this.expiryReason();
      return out;
    }
    this.pongs.open(now);
    out.send.push(this.ping(now), ...this.marketData.open(now));
    // The WebSocket sends no order snapshot: the open orders are read from REST on every connect. The
    // first connect needs them; a later one too: a standby member that was down alone (its partner
    // carried the stream, no gap) learns the orders placed meanwhile, so that when it is the one to
    // recover a later gap it can tell which orders it holds open Rails no longer lists. After a gap,
    // `recover` reads them again (with the fills) and replaces this read.
    return this.absorb(mergeOutputs(out, this.recovery.reconcile(now)), now);
  }

  /** Live again after a gap: REST fills in the window and open orders (recovery.ts), then a report. */
  recover(gap: GapWindow, now: number): SessionOutput {
    // A loss the session saw around the gap is recovered with it.
    const from = Math.min(gap.from, this.pendingLoss?.from ?? gap.from);
    this.pendingLoss = undefined;
    return this.absorb(this.recovery.recover({ from, to: gap.to }, now), now);
  }

  response(id: string, result: RestResult, now: number): SessionOutput {
    return this.absorb(this.recovery.response(id, result, now), now);
  }

  message(text: string, now: number): SessionOutput {
    this.pongs.frame(now);
    try {
      return this.route(text, now);
    } catch {
      // Defensive: decoding never throws, but a bug further down must not stop the stream.
      return withDiagnostics(emptyOutput(), { malformed: 1, error: 'Rails frame could not be processed' });
    }
  }

  heartbeat(now: number): SessionOutput {
    const out = emptyOutput();
    if (this.expiredForGood(now)) {
      out.fatal = this.expiryReason();
      return out;
    }
    const overdue = this.pongs.overdue(now);
    // The docs prefer this ping to control frames and give no interval; every 5 s.
    out.send.push(this.ping(now), ...this.marketData.retryStaleSnapshots(now));
    // REST reads that failed are retried here, a bounded number of times.
    const merged = mergeOutputs(out, this.recovery.heartbeat(now));
    return this.absorb(overdue || this.pendingLoss ? mergeOutputs(merged, this.lost(overdue, now)) : merged, now);
  }

  closed(code: number, reason: string, now: number): SessionOutput {
    // Answers to this socket's REST reads are fenced off; the next live calls `recover` again.
    this.recovery.abort();
    const out = emptyOutput();
    const tokenExpired =
      code === RAILS_CLOSE_TOKEN_EXPIRED || reason.trim().toLowerCase() === RAILS_CLOSE_TOKEN_EXPIRED_REASON;
    if (!this.keyring && (tokenExpired || (this.expired(now) && code !== 1000))) out.fatal = this.expiryReason();
    return out;
  }

  /**
   * PROPOSED lifecycle hook (not in VenueSession yet): the socket failed before `open` (the browser
   * reports 1006 and hides the HTTP status). An expired token is fatal; otherwise, from the second
   * refusal in a row, `diagnostics.error` carries the reason to show while the lifecycle keeps retrying.
   */
  handshakeFailed(now: number): SessionOutput {
    const out = emptyOutput();
    if (this.expiredForGood(now)) {
      out.fatal = this.expiryReason();
      return out;
    }
    this.handshakeFailures++;
    if (this.handshakeFailures < HANDSHAKE_FAILURES_BEFORE_REASON) return out;
    const market = this.options.market === RAILS_ALL_MARKETS ? 'market=ALL' : this.options.market;
    out.hint =
      'Rails refused the connection (a browser cannot see why); Rails allows at most 2 connections per market ' +
      `(HTTP 403 beyond) — close another connection to ${market}, or check the token`;
    return out;
  }

  // ---- frames ------------------------------------------------------------------------------------

  private route(text: string, now: number): SessionOutput {
    const decoded = decodeRailsFrame(text);
    if (!decoded.ok) return refusedFrameOutput('Rails', decoded.error);
    switch (decoded.family) {
      case 'control':
        return this.onControl(decoded.frame, now);
      case 'book':
        return fromMarketData(this.marketData.onBook(decoded.frame, now));
      case 'publicTrades':
        return fromMarketData(this.marketData.onPublicTrades(decoded.frame, now));
      case 'trades':
        return this.onTrades(decoded.frame, now);
      case 'orders':
        return this.onOrder(decoded.frame, now);
      case 'error':
        return this.onError(decoded.frame, now);
    }
  }

  private onControl(frame: RailsSubscribed | RailsUnsubscribed | RailsPong, now: number): SessionOutput {
    const out = emptyOutput();
    if (frame.resultType === 'pong') {
      const skipped = this.pongs.pong(frame.data.clientRequestId, now);
      return skipped ? this.absorb(this.lost(skipped, now), now) : out;
    }
    out.send.push(...this.marketData.setActive(frame.data.activeSubscriptions, now));
    return out;
  }

  /** Trade Stream: one fill per execution, across all markets whatever the URL market. */
  private onTrades(frame: RailsCompletedOrdersDelta, now: number): SessionOutput {
    const events: DomainEvent[] = [];
    const out: SessionOutput = { events, send: [] };
    let duplicates = 0;
    let skipped = 0;
    for (const trade of frame.data) {
      this.rememberMarket(trade.orderId, trade.market);
      this.tracker.noteExecution(trade);
      out.send.push(...this.learn(trade.market, now, out));
      if (this.fillIds.has(fillIdOf(trade))) {
        duplicates++;
        continue;
      }
      const fill = normalizeFill(this.connectionId, trade);
      if (!fill) {
        skipped++;
        continue;
      }
      this.fillIds.add(fill.fillId);
      events.push({ kind: 'fill', fill });
    }
    if (duplicates > 0) withDiagnostics(out, { duplicates });
    if (skipped > 0)
      withDiagnostics(out, {
        malformed: skipped,
        error: `Rails trade without a positive price or quantity; ${skipped} skipped`,
      });
    return out;
  }

  /** Order Creation stream: request replies (202 then 200) and pushed order updates carry `data.order`. */
  private onOrder(frame: RailsOrderResponse, now: number): SessionOutput {
    const out = emptyOutput();
    const order = frame.data.order;
    if (!order) return out;
    const market = order.market ?? frame.market ?? this.orderMarkets.get(order.orderId) ?? this.singleMarket();
    if (market !== undefined) {
      this.rememberMarket(order.orderId, market);
      out.send.push(...this.learn(market, now, out));
    }
    const normalized = normalizeOrder(this.connectionId, order, market, now);
    this.tracker.note(normalized.order, market, now);
    out.events.push({ kind: 'order', order: normalized.order });
    if (normalized.undocumentedStatus !== undefined) {
      this.undocumentedStatuses.note(
        out,
        normalized.undocumentedStatus,
        (status) => `Rails order status "${status}" is not documented; shown as ${normalized.order.status}`,
      );
    }
    return out;
  }

  /** Any reply with statusCode >= 400: a diagnostic (never the token); fatal only for an expired token. */
  private onError(frame: RailsErrorReply, now: number): SessionOutput {
    const out = emptyOutput();
    if (frame.statusCode === 401 && this.expiredForGood(now)) {
      out.fatal = this.expiryReason();
      return out;
    }
    const body = frame.body === undefined ? '' : `: ${this.scrub(frame.body)}`;
    const market = frame.market === undefined ? '' : ` (${frame.market})`;
    return withDiagnostics(out, {
      error: `Rails ${clip(frame.resultType)}${market} failed with ${frame.statusCode}${body}`,
    });
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private ping(now: number): string {
    const id = this.requestIds();
    this.pongs.sent(id, now);
    return buildPingRequest(id);
  }

  /** Frames were dropped in `window` (or earlier, still pending): catch up from REST once nothing else reads. */
  private lost(window: GapWindow | undefined, now: number): SessionOutput {
    const pending = this.pendingLoss;
    const merged =
      window && pending
        ? { from: Math.min(window.from, pending.from), to: Math.max(window.to, pending.to) }
        : (window ?? pending);
    if (!merged) return emptyOutput();
    const out = this.recovery.catchUp(merged, now);
    this.pendingLoss = out ? undefined : merged;
    return out ?? emptyOutput();
  }

  /** Markets named by recovered fills and orders are learnt like the stream's (market=ALL snapshots). */
  private absorb(out: SessionOutput, now: number): SessionOutput {
    for (const event of out.events) {
      const named =
        event.kind === 'fill'
          ? { orderId: event.fill.orderId, market: event.fill.symbol }
          : event.kind === 'order' && event.order.symbol !== undefined
            ? { orderId: event.order.orderId, market: event.order.symbol }
            : undefined;
      if (!named) continue;
      if (named.orderId !== undefined) this.rememberMarket(named.orderId, named.market);
      out.send.push(...this.learn(named.market, now, out));
    }
    return out;
  }

  /** REST answered 401: the token expired (a pasted one) or the relay's credential was refused. */
  private refusedCredential(now: number): string {
    if (this.keyring) return "Rails REST refused the relay's access token (401): check the relay's Rails key pair";
    if (this.expired(now))
      return `Rails REST refused the access token (401): it expired${this.expiresAt === undefined ? '' : ` at ${utcClock(this.expiresAt)}`} — fetch a fresh one (POST /api/v1/token) and edit the connection`;
    return 'Rails REST refused the access token (401): it has expired or was revoked — fetch a fresh one (POST /api/v1/token) and edit the connection';
  }

  /** With market=ALL, a market named by a private frame gets its public snapshots. */
  private learn(market: string, now: number, out: SessionOutput): string[] {
    const result = this.marketData.learn(market, now);
    if (result.error) withDiagnostics(out, { error: result.error });
    return result.requests;
  }

  private rememberMarket(orderId: string, market: string): void {
    if (this.orderMarkets.has(orderId)) return;
    this.orderMarkets.set(orderId, market);
    if (this.orderMarkets.size > ORDER_MARKET_MEMORY) {
      const oldest = this.orderMarkets.keys().next();
      if (!oldest.done) this.orderMarkets.delete(oldest.value);
    }
  }

  private singleMarket(): string | undefined {
    return this.options.market === RAILS_ALL_MARKETS ? undefined : this.options.market;
  }

  private expired(now: number): boolean {
    return this.expiresAt !== undefined && now >= this.expiresAt;
  }

  /** Expired and nobody will renew it (a pasted token, not a keyring reference). */
  private expiredForGood(now: number): boolean {
    return !this.keyring && this.expired(now);
  }

  private expiryReason(): string {
    const at = this.expiresAt === undefined ? '' : ` at ${utcClock(this.expiresAt)}`;
    return `Rails token expired${at} — fetch a fresh one (POST /api/v1/token) and edit the connection`;
  }

  /** Venue text for an error: one short line, with anything token-like removed. */
  private scrub(text: string): string {
    return scrubVenueText(text, [this.token], 160);
  }
}

function mergeOutputs(a: SessionOutput, b: SessionOutput): SessionOutput {
  const out: SessionOutput = { ...a, events: [...a.events, ...b.events], send: [...a.send, ...b.send] };
  const requests = [...(a.requests ?? []), ...(b.requests ?? [])];
  if (requests.length > 0) out.requests = requests;
  if (b.recovery) out.recovery = b.recovery;
  return b.diagnostics ? withDiagnostics(out, b.diagnostics) : out;
}

function fromMarketData(result: MarketDataResult): SessionOutput {
  const out: SessionOutput = { events: result.marks.map((mark) => ({ kind: 'mark', mark })), send: result.requests };
  const diagnostics: SessionDiagnostics = {};
  if (result.filtered) diagnostics.filtered = result.filtered;
  if (result.duplicates) diagnostics.duplicates = result.duplicates;
  if (result.error) diagnostics.error = result.error;
  return Object.keys(diagnostics).length > 0 ? withDiagnostics(out, diagnostics) : out;
}
