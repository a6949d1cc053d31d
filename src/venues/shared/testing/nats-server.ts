import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A real nats-server child process for Node tests (the Debian package installs /usr/sbin/nats-server;
 * `npm test` provisions it). It listens for WebSocket clients on a free loopback port (`no_tls`) and
 * on a random client port (`port: -1`). Tests must `stop()` it in afterAll.
 */

const READY_TIMEOUT_MS = 10_000;

/** Every server child still running; killed if the test process exits without stopping them. */
const live = new Set<ChildProcess>();
let exitHook = false;
function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

export function natsServerPath(): string {
  const dirs = [
    ...(process.env.PATH ?? '').split(delimiter),
    '/usr/sbin',
    '/usr/local/sbin',
    '/usr/local/bin',
    '/usr/bin',
  ].filter((d) => d !== '');
  for (const dir of dirs) {
    const candidate = join(dir, 'nats-server');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('nats-server not found: install the Debian package nats-server (apt-get install nats-server)');
}

/** A loopback TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class NatsServerProcess {
  private child: ChildProcess | undefined;
  private log = '';
  private readonly dir: string;

  private constructor(
    readonly port: number,
    private readonly extraConfig: string,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'venueboard-nats-'));
  }

  /** Starts a server; `extraConfig` is appended to the config (e.g. `authorization { token: "x" }`). */
  static async start(extraConfig = ''): Promise<NatsServerProcess> {
    const server = new NatsServerProcess(await freePort(), extraConfig);
    await server.run();
    return server;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private async run(): Promise<void> {
    const config = join(this.dir, 'nats-server.conf');
    writeFileSync(
      config,
      `port: -1\nwebsocket {\n  listen: "127.0.0.1:${this.port}"\n  no_tls: true\n}\n${this.extraConfig}\n`,
      { mode: 0o600 },
    );
    const child = spawn(natsServerPath(), ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    track(child);
    this.log = '';
    const readyLine = `websocket clients on ws://127.0.0.1:${this.port}`;
    await untilReady(child, readyLine, READY_TIMEOUT_MS, (text) => (this.log = (this.log + text).slice(-4_000)));
  }

  /** Stops the server and starts it again on the same port (clients see the connection drop). */
  async restart(): Promise<void> {
    await this.kill();
    await this.run();
  }

  /** Stops the server (SIGTERM, then SIGKILL after 3 s) and removes its config. */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (child && this.running) {
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    this.child = undefined;
  }
}

/**
 * Resolves once a started nats-server prints `readyLine`; rejects when it exits first or takes longer
 * than `timeoutMs`, with its output so far. `append` keeps that output (and returns it).
 */
export function untilReady(
  child: ChildProcess,
  readyLine: string,
  timeoutMs: number,
  append: (text: string) => string,
): Promise<void> {
  let log = '';
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`nats-server did not start within ${timeoutMs} ms:\n${log}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      log = append(chunk.toString('utf8'));
      if (log.includes(readyLine)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited (${code}) before it was ready:\n${log}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
