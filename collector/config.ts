import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { hostname } from 'node:os';
import type { ConnectionConfig } from '../src/domain/connection-config';
import { PROFILE_FORMAT } from '../src/domain/connection-config';
import { parseProfile } from '../src/domain/profile';

/**
 * The collector's config file (docs/contract.md section 5):
 *
 *   { "nats": "nats://127.0.0.1:4222", "stream": "VENUEBOARD", "relay": "<relay config file>",
 *     "connections": [ <profile connections, section 2> ] }
 *
 * `nats` may list several servers of a cluster, comma-separated. Optional: `name` (shown on every connection row it publishes; default `<host>-<pid>`), `natsToken`
 * (the NATS CONNECT token), `replicas` (the stream's, for a cluster; default 1), `maxAgeHours` (how
 * long the stream keeps events; default 168), `duplicateWindowSeconds` (the stream's dedupe window;
 * default 120), `record` (a folder: every connection's raw frames are recorded there, one NDJSON file
 * each, docs/record-replay.md). `relay` and `record` are resolved against the config file's folder.
 */
export interface CollectorConfig {
  nats: string;
  stream: string;
  relay?: string;
  connections: ConnectionConfig[];
  name: string;
  natsToken?: string;
  replicas: number;
  maxAgeHours: number;
  duplicateWindowSeconds: number;
  /** Folder for one recording per connection (docs/record-replay.md); none when absent. */
  record?: string;
}

export class CollectorConfigError extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function loadCollectorConfig(path: string): CollectorConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CollectorConfigError(
      `collector config ${path}: ${error instanceof Error ? error.message : 'unreadable'}`,
    );
  }
  return parseCollectorConfig(raw, dirname(resolve(path)));
}

export function parseCollectorConfig(raw: unknown, baseDir: string): CollectorConfig {
  const problems: string[] = [];
  if (!isRecord(raw)) throw new CollectorConfigError('collector config: must be a JSON object');
  const nats = typeof raw.nats === 'string' ? raw.nats : '';
  if (!nats.split(',').every((url) => /^(nats|tls):\/\/[^\s,]+$/.test(url.trim())))
    problems.push('"nats" must be a nats:// URL, e.g. "nats://127.0.0.1:4222"');
  const stream = typeof raw.stream === 'string' ? raw.stream : '';
  if (!STREAM_NAME.test(stream)) problems.push('"stream" must be a stream name: letters, digits, "_", "-"');
  if (raw.relay !== undefined && typeof raw.relay !== 'string') problems.push('"relay" must be a file path');
  if (raw.record !== undefined && typeof raw.record !== 'string') problems.push('"record" must be a folder path');
  const number = (key: string, fallback: number, min: number, max: number): number => {
    const value = raw[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`"${key}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };
  const replicas = number('replicas', 1, 1, 5);
  const maxAgeHours = number('maxAgeHours', 168, 1, 24 * 365);
  const duplicateWindowSeconds = number('duplicateWindowSeconds', 120, 1, 24 * 3600);
  const name =
    typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name.trim() : `${hostname()}-${process.pid}`;
  if (raw.natsToken !== undefined && typeof raw.natsToken !== 'string') problems.push('"natsToken" must be text');
  let connections: ConnectionConfig[] = [];
  if (!Array.isArray(raw.connections) || raw.connections.length === 0) {
    problems.push('"connections" must be a non-empty array of profile connections (docs/contract.md section 2)');
  } else {
    const parsed = parseProfile(JSON.stringify({ format: PROFILE_FORMAT, connections: raw.connections }));
    problems.push(...parsed.problems.map((p) => `connections: ${p}`));
    connections = parsed.connections;
    const desk = connections.filter((c) => c.venue === 'desk');
    if (desk.length > 0)
      problems.push(`connections: ${desk.map((c) => c.id).join(', ')}: a collector cannot run a desk connection`);
  }
  if (problems.length > 0) throw new CollectorConfigError(`collector config:\n  ${problems.join('\n  ')}`);
  return {
    nats,
    stream,
    ...(typeof raw.relay === 'string' ? { relay: resolve(baseDir, raw.relay) } : {}),
    connections,
    name,
    ...(typeof raw.natsToken === 'string' ? { natsToken: raw.natsToken } : {}),
    replicas,
    maxAgeHours,
    duplicateWindowSeconds,
    ...(typeof raw.record === 'string' ? { record: resolve(baseDir, raw.record) } : {}),
  };
}
