import type { AccountEvent, CoreEvent, CoreListener, PublicEvent } from './events';
import type { AccountView } from './records';
import type { Instrument } from './instruments';
import type { Scheduler } from './clock';
import type { Ledger } from './ledger';
import { Account, type IdSource } from './account';
import { chooseAction, type AccountAction } from './activity';
import { ALL_INSTRUMENTS } from './instruments';
import { Market } from './market';
import { Prng } from './prng';
import { PublicFeed } from './public-feed';
import { accountView } from './views';
import { buildLedger } from './ledger';
import { realScheduler } from './clock';
import { num } from './num';

export interface ExchangeOptions {
  seed: number;
  scheduler?: Scheduler;
  /** Mean delay between two actions of one account (ms); each delay is drawn from 0.5x to 1.5x. */
  activityMs?: number;
  /** Random-walk step of every price (ms). */
  priceTickMs?: number;
  /** Funding settlement period (ms). */
  fundingIntervalMs?: number;
  /** Multiplies the public auto-push rate; 0 turns it off (marks keep coming). */
  publicRateScale?: number;
  markIntervalMs?: number;
  instruments?: readonly Instrument[];
  makerFeeRate?: string;
  takerFeeRate?: string;
}

export const DEFAULT_INITIAL_BALANCE = '50000';

interface AccountEntry {
  account: Account;
  /** The account's own PRNG stream: its actions do not depend on other accounts or the public feed. */
  rng: Prng;
  cancelActivity: () => void;
}

/**
 * The venue-agnostic exchange core: prices, accounts, matching, funding and the public feed,
 * all driven by one Scheduler and seeded PRNG streams. Front ends listen to its events.
 */
export class ExchangeCore {
  readonly scheduler: Scheduler;
  readonly instruments: readonly Instrument[];
  private readonly traded: readonly Instrument[];
  private readonly options: Required<Omit<ExchangeOptions, 'scheduler' | 'instruments'>>;
  private readonly market: Market;
  private readonly feed: PublicFeed;
  private readonly accounts = new Map<string, AccountEntry>();
  private readonly listeners = new Set<CoreListener>();
  private readonly ids: IdSource;
  private readonly timers: (() => void)[] = [];
  private paused = false;
  private running = false;
  private nextFunding = 0;

  constructor(options: ExchangeOptions) {
    this.scheduler = options.scheduler ?? realScheduler;
    this.instruments = options.instruments ?? ALL_INSTRUMENTS;
    this.traded = this.instruments.filter((i) => i.traded);
    this.options = {
      seed: options.seed,
      activityMs: options.activityMs ?? 1500,
      priceTickMs: options.priceTickMs ?? 250,
      fundingIntervalMs: options.fundingIntervalMs ?? 60_000,
      publicRateScale: options.publicRateScale ?? 1,
      markIntervalMs: options.markIntervalMs ?? 1000,
      makerFeeRate: options.makerFeeRate ?? '0.0002',
      takerFeeRate: options.takerFeeRate ?? '0.0005',
    };
    const now = this.scheduler.now();
    this.nextFunding = now + this.options.fundingIntervalMs;
    this.market = new Market(this.instruments, Prng.derive(options.seed, 'market'), now);
    this.feed = new PublicFeed(this.market, Prng.derive(options.seed, 'public'), (e) => this.publish(e), {
      rateScale: this.options.publicRateScale,
      markIntervalMs: this.options.markIntervalMs,
      nextFundingTime: () => this.nextFunding,
    });
    this.ids = counters(Prng.derive(options.seed, 'ids'));
  }

  on(listener: CoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addAccount(accountId: string, initialBalance = DEFAULT_INITIAL_BALANCE): void {
    if (this.accounts.has(accountId)) throw new Error(`account ${accountId} exists`);
    const account = new Account(
      accountId,
      num(initialBalance),
      this.market,
      this.ids,
      { maker: num(this.options.makerFeeRate), taker: num(this.options.takerFeeRate) },
      (e) => this.publish(e),
    );
    const entry: AccountEntry = {
      account,
      rng: Prng.derive(this.options.seed, `account:${accountId}`),
      cancelActivity: () => undefined,
    };
    this.accounts.set(accountId, entry);
    if (this.running) this.scheduleActivity(entry);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const s = this.scheduler;
    this.timers.push(s.every(this.options.priceTickMs, () => this.priceStep()));
    this.timers.push(s.every(this.options.fundingIntervalMs, () => this.fundingStep()));
    this.feed.start(s);
    for (const entry of this.accounts.values()) this.scheduleActivity(entry);
  }

  stop(): void {
    this.running = false;
    this.feed.stop();
    for (const cancel of this.timers.splice(0)) cancel();
    for (const entry of this.accounts.values()) entry.cancelActivity();
  }

  /** Stop account activity (actions, matching, funding). Prices and the public feed keep moving. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  now(): number {
    return this.scheduler.now();
  }

  nextFundingTime(): number {
    return this.nextFunding;
  }

  accountView(accountId: string): AccountView {
    return accountView(this.account(accountId).account, this.market);
  }

  ledger(accountId: string): Ledger {
    return buildLedger(this.account(accountId).account, this.market);
  }

  /** Run one action for an account now (tests and demos use it to force activity). */
  act(accountId: string, action: AccountAction): void {
    const { account } = this.account(accountId);
    const now = this.scheduler.now();
    if (action.kind === 'limit') account.placeLimit(action.symbol, action.side, action.price, action.quantity, now);
    else if (action.kind === 'market') account.placeMarket(action.symbol, action.side, action.quantity, now);
    else account.cancel(action.orderId, now);
  }

  private account(accountId: string): AccountEntry {
    const entry = this.accounts.get(accountId);
    if (!entry) throw new Error(`unknown account ${accountId}`);
    return entry;
  }

  private scheduleActivity(entry: AccountEntry): void {
    const delay = this.options.activityMs * (0.5 + entry.rng.next());
    entry.cancelActivity = this.scheduler.after(delay, () => {
      if (!this.running) return;
      if (!this.paused) {
        const action = chooseAction(entry.account, this.market, this.traded, entry.rng);
        if (action) this.act(entry.account.id, action);
      }
      this.scheduleActivity(entry);
    });
  }

  private priceStep(): void {
    const now = this.scheduler.now();
    this.market.step(now);
    if (this.paused) return;
    for (const { account, rng } of this.accounts.values()) account.matchRestingOrders(now, rng);
  }

  private fundingStep(): void {
    const now = this.scheduler.now();
    this.nextFunding = now + this.options.fundingIntervalMs;
    if (this.paused) return;
    for (const { account } of this.accounts.values()) account.applyFunding(now);
  }

  private publish(event: CoreEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('simulator listener failed', error);
      }
    }
  }
}

export function isAccountEvent(event: CoreEvent): event is AccountEvent {
  return 'accountId' in event;
}

export function isPublicEvent(event: CoreEvent): event is PublicEvent {
  return !('accountId' in event);
}

/** Numeric ids, starting at seeded offsets so two seeds do not share id ranges. */
function counters(rng: Prng): IdSource {
  let order = 10_000_000 + rng.int(0, 89_999_999);
  let fill = 500_000_000 + rng.int(0, 399_999_999);
  let position = 30_000 + rng.int(0, 9_999);
  return {
    orderId: () => String(++order),
    fillId: () => String(++fill),
    positionId: () => String(++position),
  };
}
