import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, natsServerPath, untilReady } from '../src/venues/shared/testing/nats-server';

/**
 * A real `nats-server -js` child (desk mode's tests, `npm run desk`, the bench): JetStream in a
 * temporary store folder, a NATS client port (the collector's `nats://`) and a WebSocket port (the
 * dashboard's nats.ws). With `cluster`, one node of a local cluster (routes to the other nodes).
 */

const READY_TIMEOUT_MS = 20_000;
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface JetStreamServerOptions {
  /** A token every client must present (CONNECT `auth_token`). */
  token?: string;
  /** One node of a cluster: its name, its own route port, and every node's route port. */
  cluster?: { name: string; node: string; routePort: number; routes: number[] };
  /** Where the store goes (default: a new temporary folder, removed on stop). */
  storeDir?: string;
}

export class JetStreamServer {
  private child: ChildProcess | undefined;
  private log = '';

  private constructor(
    readonly port: number,
    readonly wsPort: number,
    private readonly dir: string,
    private readonly options: JetStreamServerOptions,
  ) {}

  static async start(options: JetStreamServerOptions = {}): Promise<JetStreamServer> {
    const dir = options.storeDir ?? mkdtempSync(join(tmpdir(), 'venueboard-js-'));
    const server = new JetStreamServer(await freePort(), await freePort(), dir, options);
    await server.run();
    return server;
  }

  /** The collector's URL. */
  get natsUrl(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** The dashboard's URL (the desk connection's `url`). */
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.wsPort}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private config(): string {
    const { cluster, token } = this.options;
    const lines = [
      `listen: "127.0.0.1:${this.port}"`,
      `server_name: "${cluster?.node ?? `vb-${this.port}`}"`,
      `jetstream { store_dir: "${join(this.dir, 'store')}" }`,
      `websocket { listen: "127.0.0.1:${this.wsPort}"\n  no_tls: true }`,
    ];
    if (token !== undefined) lines.push(`authorization { token: "${token}" }`);
    if (cluster)
      lines.push(
        `cluster { name: "${cluster.name}"\n  listen: "127.0.0.1:${cluster.routePort}"\n  routes: [${cluster.routes
          .filter((p) => p !== cluster.routePort)
          .map((p) => `"nats-route://127.0.0.1:${p}"`)
          .join(', ')}] }`,
      );
    return `${lines.join('\n')}\n`;
  }

  private async run(): Promise<void> {
    const path = join(this.dir, 'nats-server.conf');
    writeFileSync(path, this.config(), { mode: 0o600 });
    const child = spawn(natsServerPath(), ['-c', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    live.add(child);
    child.once('exit', () => live.delete(child));
    this.log = '';
    await untilReady(
      child,
      'Server is ready',
      READY_TIMEOUT_MS,
      (text) => (this.log = (this.log + text).slice(-8_000)),
    );
  }

  /** Kills the server at once (SIGKILL: a crashed node), keeping its store. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child && this.running) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    }
    this.child = undefined;
  }

  /** Starts a killed server again on the same ports and store. */
  async restart(): Promise<void> {
    await this.kill();
    await this.run();
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && this.running) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    this.child = undefined;
    if (!this.options.storeDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
