import type { ConnectionConfig } from '../domain/connection-config';
import type { DomainEvent } from '../domain/events';
import { VENUE_IDS, type ConnectionDiagnostics, type VenueId } from '../domain/types';
import type { Random } from '../venues/shared/backoff';
import { BoundedSet } from '../venues/shared/bounded-set';
import type { Clock } from '../venues/shared/clock';
import { ManagedConnection, type ConnectionSettings, type RestHook } from '../venues/shared/managed-connection';
import { StandbyPair } from '../venues/shared/standby-pair';
import { redact, secretStrings } from '../venues/shared/redact';
import { natsSocketFactoryFor, type NatsSocketFactory } from '../venues/shared/nats-socket';
import type { SocketFactory } from '../venues/shared/socket';
import type { FetchFn } from '../venues/shared/keyring';
import { connectionAddressProblems } from '../venues/shared/endpoints';
import type { SessionResume, VenueAdapter } from '../venues/types';
import { CoalescingBuffer } from './coalescing-buffer';
import { InstrumentAnnouncer } from './instrument-announcer';
import type { IngestBatch, IngestCommand } from './protocol';
import { withResume } from './session-resume';
import { quietDiagnostics } from '../domain/diagnostics';
import { parseRecording } from './recording/format';
import { ReplayPlayer, type ReplayProgress, type ReplaySpeed } from './recording/player';
import { RecordingTap, type RecordingSink } from './recording/recorder';
import type { IngestProbeResult, IngestRecording } from './protocol';
import { Probe } from './probe';

/**
 * Everything the ingest worker does, without worker globals: owns one ManagedConnection per
 * connection, de-duplicates fills (across reconnects and replacements of a connection), coalesces
 * events between flushes, and hands out `IngestBatch`es. Runs unchanged in Node tests.
 */

export interface IngestLimits {
  /** Events held between two flushes, after coalescing. */
  maxBufferedEvents: number;
  /** Fill keys (connectionId|fillId) remembered for de-duplication, over all connections. */
  fillDedupeCapacity: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxBufferedEvents: 50_000,
  fillDedupeCapacity: 200_000,
};

export interface IngestCoreDeps {
  /** Usually `getAdapter` from src/venues/registry.ts; injected so tests can bring their own. */
  getAdapter(venue: VenueId): VenueAdapter | undefined;
  socketFactory: SocketFactory;
  /** Sockets for adapters with `transport: 'nats'`; defaults to nats.ws (`natsSocketFactory`). */
  natsSocketFactory?: NatsSocketFactory;
  clock: Clock;
  random?: Random;
  /** Lifecycle settings for every connection (timeouts, backoff...). */
  connection?: Partial<ConnectionSettings>;
  limits?: Partial<IngestLimits>;
  /** Called when there is something to flush and there was nothing before (schedule a flush). */
  onDirty?: () => void;
  /** Reaches the keyring relay for keyring references (default: the platform's `fetch`, bound). */
  fetch?: FetchFn;
}

/** One connection's lifecycle: a single socket, or a hot standby pair (adapter `standby`). */
type Connection = ManagedConnection | StandbyPair;

interface Entry {
  connection?: Connection;
  /** Diagnostics of a connection that could not be started (unsupported venue, bad options). */
  unusable?: ConnectionDiagnostics;
  /** The connection's `instrument` events; new with every connect, so a reconfigured connection describes its symbols again. */
  announcer?: InstrumentAnnouncer;
  /** Every socket of a live connection passes through it; it writes a recording while one is on. */
  tap?: RecordingTap;
  /** A replay connection's recording, played as its sockets. */
  player?: ReplayPlayer;
}

/** Where a connection's sockets come from, when not from the venue (a replay). */
interface SocketSource {
  socketFactory: SocketFactory;
  clock: Clock;
  settings?: Partial<ConnectionSettings>;
  rest: RestHook;
}

/** A replay reconnects where the recording did, without waiting out a backoff. */
const REPLAY_SETTINGS: Partial<ConnectionSettings> = {
  backoff: { baseMs: 0, factor: 1, capMs: 0, resetAfterMs: 0, jitter: 'none', minMs: 0 },
};

export class IngestCore {
  private readonly entries = new Map<string, Entry>();
  private readonly buffer: CoalescingBuffer;
  private readonly seenFills: BoundedSet<string>;
  private readonly changed = new Set<string>();
  private removed: string[] = [];
  /** Events refused by the full buffer since the last flush, per connection: how many, and their time span. */
  private readonly overflow = new Map<string, { count: number; from: number; to: number }>();
  private droppedSinceFlush = 0;
  private signalled = false;
  private seq = 0;
  /** Rows of connections another process runs (desk mode), by id, and which connection reported them. */
  private readonly foreign = new Map<string, { owner: string; diagnostics: ConnectionDiagnostics }>();
  /** Recordings the page asked for (`record` command): lines not yet handed out, and whether it stopped. */
  private readonly recordings = new Map<string, { lines: string[]; done: boolean }>();
  /** "Test connection" runs (probe.ts), by probe id, and their answers not yet handed out. */
  private readonly probes = new Map<string, Probe>();
  private probeResults: IngestProbeResult[] = [];

  constructor(private readonly deps: IngestCoreDeps) {
    const limits = { ...DEFAULT_INGEST_LIMITS, ...deps.limits };
    this.buffer = new CoalescingBuffer(limits.maxBufferedEvents);
    this.seenFills = new BoundedSet(limits.fillDedupeCapacity);
  }

  handle(command: IngestCommand): void {
    switch (command.type) {
      case 'connect':
        return this.connect(command.config, command.resume);
      case 'disconnect':
        return this.disconnect(command.connectionId);
      case 'remove':
        return this.remove(command.connectionId);
      case 'visibility':
        if (command.visible) for (const entry of this.entries.values()) entry.connection?.wake();
        return;
      case 'record':
        return command.on ? this.recordToPage(command.connectionId) : this.stopRecording(command.connectionId);
      case 'replay':
        return this.replay(command.connectionId, command.label, command.recording, command.speed);
      case 'probe':
        return this.probe(command.probeId, command.config);
      case 'probe-cancel':
        this.probes.get(command.probeId)?.stop();
        this.probes.delete(command.probeId);
        return;
    }
  }

  /** Answers of "Test connection" runs since the last call (the worker posts each as a `probe-result`). */
  takeProbeResults(): IngestProbeResult[] {
    const out = this.probeResults;
    this.probeResults = [];
    return out;
  }

  /**
   * Writes the connection's raw frames to `sink` from now on (header first); false when there is no
   * such connection, or it is a replay. Starting again replaces the sink.
   */
  startRecording(connectionId: string, sink: RecordingSink): boolean {
    const tap = this.entries.get(connectionId)?.tap;
    if (!tap) return false;
    tap.stop();
    tap.start(sink);
    return true;
  }

  stopRecording(connectionId: string): void {
    this.entries.get(connectionId)?.tap?.stop();
    const pending = this.recordings.get(connectionId);
    if (pending) {
      pending.done = true;
      this.signal();
    }
  }

  /** Recorded lines for the page since the last call (the worker posts each as a `recording` message). */
  takeRecordings(): IngestRecording[] {
    const out: IngestRecording[] = [];
    for (const [connectionId, pending] of this.recordings) {
      if (pending.lines.length === 0 && !pending.done) continue;
      out.push({ type: 'recording', connectionId, lines: pending.lines, done: pending.done });
      if (pending.done) this.recordings.delete(connectionId);
      else pending.lines = [];
    }
    return out;
  }

  /** How far a replay connection has played, or undefined for any other connection. */
  replayProgress(connectionId: string): ReplayProgress | undefined {
    return this.entries.get(connectionId)?.player?.progress();
  }

  /** What happened since the last flush, or null when nothing did. */
  flush(): IngestBatch | null {
    this.reportOverflow();
    this.signalled = false;
    const events = this.buffer.take();
    const connections: ConnectionDiagnostics[] = [];
    for (const id of this.changed) {
      const diagnostics = this.diagnostics(id);
      if (diagnostics) connections.push(diagnostics);
    }
    this.changed.clear();
    const removed = this.removed;
    this.removed = [];
    const dropped = this.droppedSinceFlush;
    this.droppedSinceFlush = 0;
    if (events.length === 0 && connections.length === 0 && removed.length === 0 && dropped === 0) return null;
    const batch: IngestBatch = { type: 'batch', seq: ++this.seq, events, connections, removed };
    if (dropped > 0) batch.dropped = dropped;
    return batch;
  }

  diagnostics(connectionId: string): ConnectionDiagnostics | undefined {
    const entry = this.entries.get(connectionId);
    if (!entry) return this.foreign.get(connectionId)?.diagnostics;
    return entry.connection?.diagnostics() ?? (entry.unusable && { ...entry.unusable });
  }

  connectionIds(): string[] {
    return [...this.entries.keys()];
  }

  /** Closes every connection (the worker is shutting down). */
  dispose(): void {
    for (const probe of this.probes.values()) probe.stop();
    this.probes.clear();
    for (const entry of this.entries.values()) {
      entry.player?.stop();
      entry.tap?.stop();
      entry.connection?.dispose();
    }
    this.entries.clear();
  }

  // ---- commands -----------------------------------------------------------------------------

  private recordToPage(connectionId: string): void {
    const pending = { lines: [] as string[], done: false };
    if (!this.startRecording(connectionId, (line) => pending.lines.push(line))) {
      this.entries.get(connectionId)?.connection?.noteError('cannot record this connection');
      return;
    }
    this.recordings.set(connectionId, pending);
  }

  /** A read-only connection whose sockets play `text` (a recording) through its venue's session. */
  private replay(connectionId: string, label: string, text: string, speed: ReplaySpeed): void {
    const parsed = parseRecording(text);
    if (!parsed.ok) {
      this.stopEntry(connectionId);
      this.entries.set(connectionId, {
        unusable: quietDiagnostics(connectionId, 'replay' as VenueId, 'error', {
          reason: `cannot replay: ${parsed.error}`,
        }),
      });
      return this.markChanged(connectionId);
    }
    const { header, frames, malformed, problems } = parsed;
    // A keyring reference stays only for an adapter the relay bridges (no credential to fetch): a
    // replay asks no relay for anything; its REST reads are answered from the recording.
    const { keyring, ...auth } = header.authShape;
    const bridged = this.deps.getAdapter(header.venue as VenueId)?.keyringCredential === false;
    const config: ConnectionConfig = {
      id: connectionId,
      label,
      venue: header.venue as VenueId,
      url: header.urlShape ?? 'replay:',
      auth: bridged && keyring !== undefined ? { ...auth, keyring } : auth,
      options: header.options,
    };
    const player = new ReplayPlayer(frames, speed, this.deps.clock, () => {
      // The recording is over: the row stays with what it showed, and says so.
      const entry = this.entries.get(connectionId);
      if (entry?.player === player) entry.connection?.disconnect();
    });
    this.connect(config, undefined, {
      socketFactory: player.factory,
      clock: player.clock,
      settings: REPLAY_SETTINGS,
      rest: player,
    });
    const entry = this.entries.get(connectionId);
    if (!entry?.connection) return player.stop();
    entry.player = player;
    if (malformed > 0 && entry.connection instanceof ManagedConnection) {
      entry.connection.noteMalformed(
        malformed,
        `recording: ${malformed} malformed line${malformed === 1 ? '' : 's'} skipped (${problems.slice(0, 3).join('; ')})`,
      );
    }
  }

  /**
   * Tries `config` once, apart from the connections: no entry, no events, no recording, so nothing
   * of it reaches a batch (a table) or the page's journal. The answer comes back as a `probe-result`.
   */
  private probe(probeId: string, config: ConnectionConfig): void {
    this.probes.get(probeId)?.stop();
    const answer = (result: { outcome: IngestProbeResult['outcome']; message: string }) => {
      if (!this.probes.has(probeId)) return;
      this.probes.delete(probeId);
      this.probeResults.push({ type: 'probe-result', probeId, ...result });
      this.signal();
    };
    const adapter = (VENUE_IDS as readonly string[]).includes(config.venue)
      ? this.deps.getAdapter(config.venue)
      : undefined;
    if (!adapter) {
      this.probeResults.push({
        type: 'probe-result',
        probeId,
        outcome: 'invalid',
        message: 'This venue is not supported.',
      });
      return this.signal();
    }
    const probe = new Probe(
      config,
      adapter,
      {
        sockets: (inUse, options) => this.socketFactoryFor(inUse, adapter, options),
        clock: this.deps.clock,
        random: this.deps.random,
        settings: this.deps.connection,
        fetch: this.deps.fetch ?? platformFetch(),
      },
      answer,
    );
    this.probes.set(probeId, probe);
    probe.start();
  }

  private stopEntry(connectionId: string): void {
    const entry = this.entries.get(connectionId);
    entry?.player?.stop();
    entry?.connection?.dispose();
  }

  private connect(config: ConnectionConfig, resume?: SessionResume, source?: SocketSource): void {
    // Replacing keeps buffered events and remembered fills: same connection, new settings.
    const before = this.entries.get(config.id);
    this.stopEntry(config.id);
    const venue = config.venue;
    const problem = (reason: string) => {
      this.entries.set(config.id, {
        unusable: unusableDiagnostics(config, redact(reason, secretStrings(config.auth))),
      });
      this.markChanged(config.id);
    };
    if (!(VENUE_IDS as readonly string[]).includes(venue)) return problem(`unknown venue "${venue}"`);
    const found = this.deps.getAdapter(venue);
    if (!found) return problem(`venue ${venue} is not supported yet`);
    // Sessions start from what the page knows of the connection's orders (journal, after a reload).
    const adapter = withResume(found, resume);

    let connection: Connection;
    let announcer: InstrumentAnnouncer;
    let tap: RecordingTap | undefined;
    try {
      const parsed = adapter.parseOptions(config);
      if (!parsed.ok) return problem(`invalid connection settings: ${parsed.problems.join('; ')}`);
      // The page's CSP allows only the venues' listed addresses and loopback: say so before a socket
      // fails on it silently. A replay opens nothing, so its recorded URL is not checked.
      const refused = source
        ? []
        : connectionAddressProblems(config, adapter.endpoints, adapter.rest?.(config, parsed.options)?.baseUrl);
      if (refused.length > 0) return problem(refused.join('; '));
      announcer = new InstrumentAnnouncer(config.id, adapter, parsed.options, {
        emit: (event) => this.store(config.id, event),
        problem: (message) => this.entries.get(config.id)?.connection?.noteError(message),
      });
      // The NATS token comes from the config the connection uses now (a keyring credential merged in).
      const current: { connection?: Connection } = {};
      const currentConfig = () => current.connection?.currentConfig() ?? config;
      const target = { config, adapter, options: parsed.options, liveUntil: resume?.liveUntil };
      // A recording keeps going across a replacement of the connection (new settings, a reconnect).
      tap = source ? undefined : (before?.tap ?? new RecordingTap(currentConfig, this.deps.clock));
      tap?.setConfig(currentConfig);
      const venueSockets = this.socketFactoryFor(currentConfig, adapter, parsed.options);
      const deps = {
        socketFactory: source?.socketFactory ?? tap!.wrap(venueSockets),
        clock: source?.clock ?? tap!.lifecycleClock,
        random: this.deps.random,
        settings: { ...this.deps.connection, ...source?.settings },
        fetch: source ? undefined : (this.deps.fetch ?? platformFetch()),
        rest: source?.rest ?? tap,
      };
      const listener = {
        events: (id: string, events: DomainEvent[]) => this.accept(id, events),
        changed: (id: string) => this.markChanged(id),
      };
      // A replay is one recorded socket at a time, whatever the venue's standby.
      const standby = !source && (adapter.standbyFor ? adapter.standbyFor(target.options) : adapter.standby);
      connection = standby ? new StandbyPair(target, deps, listener) : new ManagedConnection(target, deps, listener);
      current.connection = connection;
    } catch (error) {
      return problem(
        `cannot start the ${adapter.displayName} connection: ${error instanceof Error ? error.message : 'unknown error'}`,
      );
    }
    this.entries.set(config.id, { connection, announcer, tap });
    connection.connect();
    this.markChanged(config.id);
  }

  /** The adapter's transport: a WebSocket, or NATS with the CONNECT token from the adapter's endpoint. */
  private socketFactoryFor(config: () => ConnectionConfig, adapter: VenueAdapter, options: unknown): SocketFactory {
    if (adapter.transport !== 'nats') return this.deps.socketFactory;
    return natsSocketFactoryFor(() => adapter.endpoint(config(), options), this.deps.natsSocketFactory);
  }

  private disconnect(connectionId: string): void {
    const entry = this.entries.get(connectionId);
    if (!entry) return;
    if (entry.connection) entry.connection.disconnect();
    else if (entry.unusable) entry.unusable = { ...entry.unusable, status: 'disconnected', reason: undefined };
    this.markChanged(connectionId);
  }

  private remove(connectionId: string): void {
    this.stopRecording(connectionId);
    this.stopEntry(connectionId);
    this.entries.delete(connectionId);
    // A desk connection takes the connections it reported with it.
    const gone = [connectionId, ...[...this.foreign].filter(([, f]) => f.owner === connectionId).map(([id]) => id)];
    for (const id of gone) {
      this.foreign.delete(id);
      this.changed.delete(id);
      this.overflow.delete(id);
      this.buffer.purge(id);
      // The page forgets the connection's fills too: if it comes back, its fills must come back.
      const prefix = `${id}|`;
      this.seenFills.deleteWhere((key) => key.startsWith(prefix));
      if (!this.removed.includes(id)) this.removed.push(id);
    }
    this.signal();
  }

  // ---- events -------------------------------------------------------------------------------

  private accept(connectionId: string, events: readonly DomainEvent[]): void {
    const announcer = this.entries.get(connectionId)?.announcer;
    let duplicates = 0;
    for (const event of events) {
      if (event.kind === 'connection') {
        // Another process's connection (desk mode): a row of its own, owned by this connection.
        const id = event.connection.connectionId;
        if (!this.entries.has(id)) {
          this.foreign.set(id, { owner: connectionId, diagnostics: event.connection });
          this.changed.add(id);
        }
        continue;
      }
      if (event.kind === 'fill') {
        // Keyed by the fill's own connection: a desk connection carries the fills of many.
        const key = `${event.fill.connectionId}|${event.fill.fillId}`;
        if (this.seenFills.has(key)) {
          duplicates++;
          continue;
        }
        announcer?.before(event);
        // Remember a fill only once it is buffered, so a refused one can still arrive later.
        if (this.store(connectionId, event)) this.seenFills.add(key);
      } else {
        // A symbol's first mention is preceded by its `instrument` event.
        announcer?.before(event);
        this.store(connectionId, event);
      }
    }
    if (duplicates > 0) this.entries.get(connectionId)?.connection?.noteDuplicatesDropped(duplicates);
    this.signal();
  }

  private store(connectionId: string, event: DomainEvent): boolean {
    if (this.buffer.push(connectionId, event)) return true;
    const now = this.deps.clock.now();
    const at = Math.min(now, eventTime(event) ?? now);
    const seen = this.overflow.get(connectionId);
    if (seen) {
      seen.count++;
      seen.from = Math.min(seen.from, at);
      seen.to = now;
    } else this.overflow.set(connectionId, { count: 1, from: at, to: now });
    this.droppedSinceFlush++;
    return false;
  }

  /**
   * Refused events are never silent: each connection that lost some gets an error line and a gap over
   * the refused events' times, which its session recovers like any other gap (REST backfill, full state).
   */
  private reportOverflow(): void {
    for (const [connectionId, { count, from, to }] of this.overflow) {
      const connection = this.entries.get(connectionId)?.connection;
      const what = `${count} event${count === 1 ? '' : 's'}`;
      connection?.noteError(`ingest buffer full: dropped ${what}`);
      connection?.noteLost(from, to, `the page fell behind and ${what} had to be dropped`);
    }
    this.overflow.clear();
  }

  private markChanged(connectionId: string): void {
    this.changed.add(connectionId);
    this.signal();
  }

  private signal(): void {
    if (this.signalled) return;
    this.signalled = true;
    this.deps.onDirty?.();
  }
}

/** When an event happened by its own clock (venue time), where it says. */
function eventTime(event: DomainEvent): number | undefined {
  switch (event.kind) {
    case 'fill':
      return event.fill.time;
    case 'order':
      return event.order.updatedAt;
    case 'position':
      return event.position.updatedAt;
    case 'balance':
      return event.balance.updatedAt;
    case 'account-snapshot':
    case 'position-closed':
      return event.time;
    default:
      return undefined;
  }
}

/** The worker's (or Node's) `fetch`, bound so it can be called detached; undefined where there is none. */
function platformFetch(): FetchFn | undefined {
  return typeof globalThis.fetch === 'function' ? globalThis.fetch.bind(globalThis) : undefined;
}

function unusableDiagnostics(config: ConnectionConfig, reason: string): ConnectionDiagnostics {
  return quietDiagnostics(config.id, config.venue, 'error', { reason });
}
