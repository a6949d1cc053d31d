/**
 * `npm run desk` end to end: the command itself (a child process: simulators, nats-server -js, the
 * collector, the dashboard), then a dashboard pipeline on the profile it serves: every demo account
 * arrives through JetStream, live.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Pipeline, until } from '../src/app/testing/pipeline';
import type { ConnectionProfile } from '../src/domain/connection-config';
import { freePort } from '../src/venues/shared/testing/nats-server';

// nats.ws (the desk connection's transport) needs the global WebSocket Node 20 lacks.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const stops: (() => void)[] = [];
afterAll(() => stops.forEach((stop) => stop()));

it('npm run desk prints the URL and serves a desk profile on which every demo account is live', async () => {
  const port = await freePort();
  const child = spawn('npm', ['run', '--silent', 'desk'], {
    env: {
      ...process.env,
      DESK_PORT: String(port),
      DESK_OUT_DIR: join(mkdtempSync(join(tmpdir(), 'vb-desk-')), 'dist'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  stops.push(() => {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  await until('the URL', () => /Venueboard dashboard: (\S+)/.test(output), 120_000).catch(() => {
    throw new Error(`npm run desk printed no URL:\n${output.slice(-3_000)}`);
  });
  const url = new URL(/Venueboard dashboard: (\S+)/.exec(output)![1]!);
  expect(url.port).toBe(String(port));
  const page = await fetch(new URL('/', url));
  expect(page.status).toBe(200);
  const profile = (await (await fetch(new URL(url.searchParams.get('profile')!, url))).json()) as ConnectionProfile;
  expect(profile.connections.map((c) => c.venue)).toEqual(['desk']);

  const dashboard = new Pipeline();
  stops.unshift(() => dashboard.stop());
  dashboard.connect(profile.connections[0]!);
  const accounts = ['roxom-main', 'coinswitch-main', 'rails-btc', 'scaletrade-cfd', 'zdex-main'];
  await until(
    'every demo account live through the desk',
    () => dashboard.status('desk') === 'live' && accounts.every((id) => dashboard.status(id) === 'live'),
    90_000,
  ).catch(() => {
    throw new Error(
      `not live: ${JSON.stringify([...dashboard.state.connections.values()].map((c) => [c.connectionId, c.status, c.reason]))}`,
    );
  });
  expect(dashboard.diagnostics('zdex-main')?.collector).toBe('desk-1');
  await until('marks arrive', () => dashboard.state.marks.size > 0, 30_000);
}, 240_000);
