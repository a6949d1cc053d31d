import { create } from 'zustand';
import type { ReplaySpeed } from '../ingest/recording/player';

/**
 * Record and replay, as the page asks for it (docs/record-replay.md): which connections are being
 * recorded, the finished recordings ready to download, and the replays to start. The ingest bridge
 * (src/app/ingest-bridge.ts) turns these into worker commands and feeds recorded lines back.
 * Recordings are kept in memory only; nothing here is persisted.
 */

export interface FinishedRecording {
  connectionId: string;
  filename: string;
  text: string;
  lines: number;
}

export interface ReplayRequest {
  connectionId: string;
  label: string;
  text: string;
  speed: ReplaySpeed;
}

export interface RecordingState {
  /** Connections being recorded: how many lines have come back so far. */
  active: Record<string, number>;
  finished: Record<string, FinishedRecording>;
  /** Replays asked for and not yet handed to the worker (the bridge takes them). */
  pendingReplays: ReplayRequest[];
  /** Replay connections running in the worker, by id (for their row's Remove). */
  replays: Record<string, string>;
  start(connectionId: string): void;
  stop(connectionId: string): void;
  /** Lines from the worker; `done` when the recording has stopped. */
  receive(connectionId: string, lines: readonly string[], done: boolean): void;
  replay(label: string, text: string, speed: ReplaySpeed): string;
  takeReplays(): ReplayRequest[];
  forgetReplay(connectionId: string): void;
}

/** The lines of recordings in progress, outside React state (a busy connection adds many per second). */
const buffers = new Map<string, string[]>();
let replayCount = 0;

export const useRecordings = create<RecordingState>()((set, get) => ({
  active: {},
  finished: {},
  pendingReplays: [],
  replays: {},
  start(connectionId) {
    if (get().active[connectionId] !== undefined) return;
    buffers.set(connectionId, []);
    set((s) => ({ active: { ...s.active, [connectionId]: 0 } }));
  },
  stop(connectionId) {
    if (get().active[connectionId] === undefined) return;
    set((s) => {
      const active = { ...s.active };
      delete active[connectionId];
      return { active };
    });
  },
  receive(connectionId, lines, done) {
    const buffer = buffers.get(connectionId) ?? [];
    buffer.push(...lines);
    buffers.set(connectionId, buffer);
    if (!done) {
      if (get().active[connectionId] !== undefined)
        set((s) => ({ active: { ...s.active, [connectionId]: buffer.length } }));
      return;
    }
    buffers.delete(connectionId);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const finished: FinishedRecording = {
      connectionId,
      filename: `${connectionId}-${stamp}.ndjson`,
      text: buffer.length > 0 ? `${buffer.join('\n')}\n` : '',
      lines: buffer.length,
    };
    set((s) => ({ finished: { ...s.finished, [connectionId]: finished } }));
  },
  replay(label, text, speed) {
    const connectionId = `replay-${++replayCount}-${Date.now().toString(36)}`;
    set((s) => ({
      pendingReplays: [...s.pendingReplays, { connectionId, label, text, speed }],
      replays: { ...s.replays, [connectionId]: label },
    }));
    return connectionId;
  },
  takeReplays() {
    const taken = get().pendingReplays;
    if (taken.length > 0) set({ pendingReplays: [] });
    return taken;
  },
  forgetReplay(connectionId) {
    set((s) => {
      const replays = { ...s.replays };
      delete replays[connectionId];
      return { replays };
    });
  },
}));
