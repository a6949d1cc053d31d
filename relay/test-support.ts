import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { RelayConfigInput } from './config';

/** Test helpers for the relay: throwaway keys on disk, a config, a log that keeps every line. */

export interface TestKeys {
  dir: string;
  /** privateKeyFile, relative to `dir`. */
  rsaFile: string;
  rsaPublic: KeyObject;
  rsaPem: string;
  ed25519SeedHex: string;
  ed25519Public: KeyObject;
  cleanup(): void;
}

export function makeTestKeys(): TestKeys {
  const dir = mkdtempSync(join(tmpdir(), 'relay-test-'));
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(join(dir, 'roxom.pem'), rsaPem, { mode: 0o600 });
  const ed = generateKeyPairSync('ed25519');
  // The last 32 bytes of the PKCS#8 DER form are the seed.
  const der = ed.privateKey.export({ type: 'pkcs8', format: 'der' });
  return {
    dir,
    rsaFile: 'roxom.pem',
    rsaPublic: rsa.publicKey,
    rsaPem,
    ed25519SeedHex: der.subarray(der.length - 32).toString('hex'),
    ed25519Public: ed.publicKey,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const ORIGIN = 'http://localhost:5173';

export function testConfig(keys: TestKeys, venues: RelayConfigInput['venues'] = {}, extra: Partial<RelayConfigInput> = {}): RelayConfigInput {
  return {
    listen: '127.0.0.1:0',
    token: `pairing-${randomBytes(12).toString('hex')}`,
    allowedOrigins: [ORIGIN],
    venues: {
      'rails-btc': { venue: 'rails', tokenUrl: 'http://127.0.0.1:9/api/v1/token', apiKey: 'rails-key-0123456789', apiSecret: `rails-secret-${randomBytes(8).toString('hex')}` },
      'cs-main': { venue: 'coinswitch', signatureUrl: 'http://127.0.0.1:9/dma/api/v1/socket/signature', apiKey: 'cs-key-0123456789', secretKeyHex: keys.ed25519SeedHex },
      'roxom-main': { venue: 'roxom', url: 'ws://127.0.0.1:9/ws', apiKey: 'roxom-key-0123456789', privateKeyFile: keys.rsaFile },
      ...venues,
    },
    ...extra,
  };
}

/** A logger that keeps every line. */
export function captureLog(): { lines: string[]; logger: (line: string) => void } {
  const lines: string[] = [];
  return { lines, logger: (line) => lines.push(line) };
}

/** Opens a WebSocket and resolves with it once open, or with the HTTP status of a refused upgrade. */
export function tryUpgrade(url: string, headers: Record<string, string> = {}): Promise<{ socket: WebSocket } | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.on('open', () => resolve({ socket }));
    socket.on('error', reject);
  });
}

/** Resolves with the close code and reason of a socket. */
export function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve({ code: 1006, reason: '' });
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

/** The next text frame, exactly as received. */
export function nextFrame(socket: WebSocket): Promise<{ text: string; binary: boolean }> {
  return new Promise((resolve) => socket.once('message', (data: Buffer, binary) => resolve({ text: data.toString('utf8'), binary })));
}
