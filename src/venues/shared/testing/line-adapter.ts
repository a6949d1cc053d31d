import type { ConnectionConfig } from '../../../domain/connection-config';
import type { DomainEvent } from '../../../domain/events';
import type { VenueId } from '../../../domain/types';
import { emptyOutput, type SessionOutput, type VenueAdapter, type VenueSession } from '../../types';

/**
 * A tiny line-based venue for lifecycle and ingest tests (no real venue is involved):
 *
 *   client: `AUTH <token>` (when auth.token is set), `SUB <symbol>` per symbol, `PING` per heartbeat
 *   server: `OK` (auth accepted), `DENY` (auth rejected: fatal), `MARK <symbol> <price> [time]`,
 *           `FILL <id> [symbol]`, `POS <symbol> <qty> [time]`, `FLAT <symbol>`, `SNAP <symbol:qty,...>`,
 *           `BAD` (malformed), `THROW` (the session throws), `SAY <text>` (a session error message),
 *           `EXPIRES <ms>`, anything else counts as unknown.
 *   close code 4401 from the server: fatal "unauthorized".
 */

export interface LineOptions {
  symbols: string[];
}

/** What the test can see of every session the adapter created. */
export interface LineSessionLog {
  opens: number[];
  closes: { code: number; reason: string }[];
  heartbeats: number;
}

export interface LineAdapterOptions {
  venue?: VenueId;
  heartbeatIntervalMs?: number;
  silenceTimeoutMs?: number;
  /** Makes `open()` / `heartbeat()` throw, to test that exceptions are contained. */
  throwIn?: 'open' | 'heartbeat';
}

export function lineAdapter(settings: LineAdapterOptions = {}): VenueAdapter<LineOptions> & { log: LineSessionLog } {
  const log: LineSessionLog = { opens: [], closes: [], heartbeats: 0 };
  return {
    log,
    venue: settings.venue ?? 'zdex',
    displayName: 'Line test venue',
    // The test venue's host; loopback (the line simulators) is always allowed.
    endpoints: { websocket: ['ws://venue.test'], rest: [] },
    capabilities: {
      fills: 'native',
      orders: false,
      positions: true,
      balances: false,
      marks: true,
      notifications: false,
    },
    heartbeatIntervalMs: settings.heartbeatIntervalMs ?? 5_000,
    silenceTimeoutMs: settings.silenceTimeoutMs ?? 10_000,
    parseOptions(config) {
      const symbols = config.options.symbols;
      if (!Array.isArray(symbols) || !symbols.every((s): s is string => typeof s === 'string')) {
        return { ok: false, problems: ['options.symbols must be a list of symbols'] };
      }
      return { ok: true, options: { symbols } };
    },
    endpoint(config) {
      return { url: config.url };
    },
    createSession(config, options) {
      return new LineSession(config, options, log, settings.throwIn);
    },
  };
}

class LineSession implements VenueSession {
  constructor(
    private readonly config: ConnectionConfig,
    private readonly options: LineOptions,
    private readonly log: LineSessionLog,
    private readonly throwIn: LineAdapterOptions['throwIn'],
  ) {}

  open(now: number): SessionOutput {
    this.log.opens.push(now);
    if (this.throwIn === 'open') throw new Error('open exploded');
    const token = this.config.auth.token;
    const send = this.options.symbols.map((s) => `SUB ${s}`);
    if (typeof token === 'string') {
      return { events: [], send: [`AUTH ${token}`, ...send], status: { status: 'authenticating' } };
    }
    return { events: [], send };
  }

  heartbeat(): SessionOutput {
    this.log.heartbeats++;
    if (this.throwIn === 'heartbeat') throw new Error('heartbeat exploded');
    return { events: [], send: ['PING'] };
  }

  closed(code: number, reason: string): SessionOutput {
    this.log.closes.push({ code, reason });
    return code === 4401 ? { ...emptyOutput(), fatal: 'unauthorized (4401)' } : emptyOutput();
  }

  message(text: string, now: number): SessionOutput {
    const [verb = '', ...args] = text.split(' ');
    const connectionId = this.config.id;
    const event = (e: DomainEvent): SessionOutput => ({ events: [e], send: [] });
    switch (verb) {
      case 'OK':
        return { events: [], send: [], status: { status: 'live' } };
      case 'DENY':
        return { events: [], send: [], fatal: 'credential rejected' };
      case 'MARK':
        return event({
          kind: 'mark',
          mark: {
            connectionId,
            symbol: args[0] ?? '?',
            kind: 'mark',
            price: args[1] ?? '0',
            time: Number(args[2] ?? now),
          },
        });
      case 'FILL':
        return event({
          kind: 'fill',
          fill: {
            connectionId,
            fillId: args[0] ?? '?',
            symbol: args[1] ?? 'BTC',
            side: 'buy',
            price: '1',
            quantity: '1',
            time: now,
          },
        });
      case 'POS':
        return event({
          kind: 'position',
          position: {
            connectionId,
            symbol: args[0] ?? '?',
            quantity: args[1] ?? '1',
            updatedAt: Number(args[2] ?? now),
          },
        });
      case 'FLAT':
        return event({ kind: 'position-closed', connectionId, symbol: args[0] ?? '?', time: now });
      case 'SNAP':
        return event({
          kind: 'account-snapshot',
          connectionId,
          time: now,
          scope: { orders: false, positions: true, balances: false },
          openOrders: [],
          balances: [],
          positions: (args[0] ?? '')
            .split(',')
            .filter(Boolean)
            .map((pair) => {
              const [symbol = '?', quantity = '1'] = pair.split(':');
              return { connectionId, symbol, quantity, updatedAt: now };
            }),
        });
      case 'BAD':
        return { events: [], send: [], diagnostics: { malformed: 1, error: 'malformed frame' } };
      case 'THROW':
        throw new Error('message exploded');
      case 'SAY':
        return { events: [], send: [], diagnostics: { error: args.join(' ') } };
      case 'EXPIRES':
        return { events: [], send: [], credentialExpiresAt: Number(args[0]) };
      case 'PONG':
        return emptyOutput();
      default:
        return { events: [], send: [], diagnostics: { unknown: 1 } };
    }
  }
}

export function lineConfig(overrides: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return {
    id: 'line-1',
    label: 'Line 1',
    venue: 'zdex',
    url: 'ws://venue.test/ws',
    auth: {},
    options: { symbols: ['BTC'] },
    ...overrides,
  };
}
