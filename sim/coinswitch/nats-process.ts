import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { natsConfigText, type NatsConfig } from './nats-config';

const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3_000;
const LOG_LINES_KEPT = 60;
const WEBSOCKET_LINE = /Listening for websocket clients on ws:\/\/[^\s:]+:(\d+)/;
const CLIENT_LINE = /Listening for client connections on [^\s:]+:(\d+)/;

/** Where Debian puts the binary (/usr/sbin is not on every user's PATH). */
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin'];

export const NATS_SERVER_MISSING =
  'nats-server not found: install the Debian package nats-server (apt-get install nats-server), or set the coinswitch tuning natsServerPath';

/** The nats-server binary: an explicit path, else the first `nats-server` on PATH or in the sbin folders. */
export function locateNatsServer(explicit?: string): string {
  const candidates = explicit
    ? [explicit]
    : [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS]
        .filter((d) => d !== '')
        .map((d) => join(d, 'nats-server'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(NATS_SERVER_MISSING);
}

/** Every nats-server this process started, killed if Node exits without stopping them. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackChild(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of running) {
      c.kill('SIGCONT');
      c.kill('SIGKILL');
    }
  });
}

/**
 * One real nats-server child process with a generated config in its own temp folder (mode 0600:
 * it holds the simulator's NATS passwords). The websocket port is kept across restarts.
 */
export class NatsServerProcess {
  /** Set once the first start has read the websocket port back. */
  websocketPort: number;
  clientPort = 0;
  private readonly dir: string;
  private readonly configPath: string;
  private child: ChildProcess | null = null;
  private paused = false;
  private readonly log: string[] = [];

  constructor(
    private readonly binary: string,
    private readonly config: NatsConfig,
  ) {
    this.websocketPort = config.websocketPort;
    this.dir = mkdtempSync(join(tmpdir(), 'venueboard-nats-'));
    this.configPath = join(this.dir, 'nats-server.conf');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get isRunning(): boolean {
    return this.child !== null;
  }

  get websocketUrl(): string {
    return `ws://${this.config.host}:${this.websocketPort}`;
  }

  /** Start the server and resolve once its websocket port accepts connections. */
  async start(): Promise<void> {
    if (this.child) return;
    const port = this.websocketPort > 0 ? this.websocketPort : -1;
    writeFileSync(this.configPath, natsConfigText({ ...this.config, websocketPort: port }), { mode: 0o600 });
    this.log.length = 0;
    const child = spawn(this.binary, ['-c', this.configPath], { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.paused = false;
    trackChild(child);
    // Gone on its own (killed from outside, crashed): a later restart() starts a fresh one.
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    try {
      await this.waitReady(child);
    } catch (error) {
      await this.stopChild();
      throw error;
    }
  }

  /** Stop (SIGTERM, then SIGKILL after a grace period) and remove the temp folder. */
  async stop(): Promise<void> {
    await this.stopChild();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Stop and start again on the same websocket port: every client is disconnected. */
  async restart(): Promise<void> {
    await this.stopChild();
    await this.start();
  }

  /** SIGSTOP: the server answers nothing at all (PONGs included); sockets stay open. */
  pause(): void {
    if (!this.child || this.paused) return;
    this.paused = true;
    this.child.kill('SIGSTOP');
  }

  resume(): void {
    if (!this.child || !this.paused) return;
    this.paused = false;
    this.child.kill('SIGCONT');
  }

  /** The last lines nats-server wrote (for error messages; it never logs passwords at this level). */
  recentLog(): string {
    return this.log.join('\n');
  }

  private waitReady(child: ChildProcess): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false;
      let buffered = '';
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new Error(`nats-server did not become ready within ${READY_TIMEOUT_MS} ms\n${this.recentLog()}`)),
        READY_TIMEOUT_MS,
      );
      child.once('error', (error: NodeJS.ErrnoException) =>
        fail(error.code === 'ENOENT' ? new Error(NATS_SERVER_MISSING) : error),
      );
      child.once('exit', (code, signal) =>
        fail(new Error(`nats-server exited (${signal ?? code}) before it was ready\n${this.recentLog()}`)),
      );
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) this.onLogLine(line);
        if (settled || !this.log.some((l) => l.includes('Server is ready'))) return;
        settled = true;
        clearTimeout(timer);
        waitForPort(this.config.host, this.websocketPort, READY_TIMEOUT_MS).then(resolve, reject);
      });
    });
  }

  private onLogLine(line: string): void {
    this.log.push(line);
    if (this.log.length > LOG_LINES_KEPT) this.log.shift();
    const ws = WEBSOCKET_LINE.exec(line);
    if (ws?.[1]) this.websocketPort = Number(ws[1]);
    const client = CLIENT_LINE.exec(line);
    if (client?.[1]) this.clientPort = Number(client[1]);
  }

  private async stopChild(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // A stopped process keeps SIGTERM pending until it is continued.
    if (this.paused) child.kill('SIGCONT');
    this.paused = false;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}

/** Poll a TCP port until it accepts a connection. */
export async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing accepts connections on ${host}:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
