import { WebSocket } from 'ws';
import { connect, type ConnectionOptions, type Msg, type NatsConnection, type Subscription } from 'nats.ws';

/**
 * nats.ws is the one NATS client installed (the TCP `nats` package is not a dependency: the browser
 * dashboard needs only the WebSocket one). It opens its sockets with the browser's global
 * `WebSocket`, which Node 20 does not have, so the simulator process lends it the `ws` package's
 * class, which implements the same interface. Set once, only when absent (Node 22+ has its own).
 */
export function installWebSocketGlobal(): void {
  const g = globalThis as { WebSocket?: unknown };
  if (g.WebSocket === undefined) g.WebSocket = WebSocket;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const textOf = (msg: Msg): string => decoder.decode(msg.data);

/** Connect nats.ws from Node (the WebSocket global installed first). */
export function connectNats(options: ConnectionOptions): Promise<NatsConnection> {
  installWebSocketGlobal();
  return connect(options);
}

/**
 * The simulator's own NATS connection (a user of its own, straight to nats-server's websocket
 * listener): it publishes the venue's messages and answers auth requests. It reconnects forever
 * (nats-server restarts); while disconnected, messages are dropped rather than buffered, as a real
 * outage would lose them.
 */
export class SimNatsClient {
  private connected = true;
  private reconnectWaiters: (() => void)[] = [];

  private constructor(private readonly nc: NatsConnection) {
    void this.watch();
  }

  static async connect(url: string, user: string, pass: string): Promise<SimNatsClient> {
    const nc = await connectNats({
      servers: url,
      user,
      pass,
      name: 'venueboard-sim',
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 50,
      reconnectJitter: 0,
      noEcho: true,
    });
    return new SimNatsClient(nc);
  }

  get isConnected(): boolean {
    return this.connected;
  }

  publish(subject: string, text: string): void {
    if (!this.connected || this.nc.isClosed()) return;
    this.nc.publish(subject, encoder.encode(text));
  }

  /** Answer every message on `subject` with the text `answer` returns. */
  respond(subject: string, answer: (text: string) => string): Subscription {
    return this.nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error || !msg.reply || !this.connected) return;
        msg.respond(encoder.encode(answer(textOf(msg))));
      },
    });
  }

  /** Resolves on the next successful reconnect (after a restart of nats-server). */
  nextReconnect(): Promise<void> {
    return new Promise((resolve) => this.reconnectWaiters.push(resolve));
  }

  /** Push everything written so far to the server (tests: a message is out before they look). */
  flush(): Promise<void> {
    return this.nc.flush();
  }

  async close(): Promise<void> {
    this.connected = false;
    if (!this.nc.isClosed()) await this.nc.close();
    for (const resolve of this.reconnectWaiters.splice(0)) resolve();
  }

  private async watch(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') this.connected = false;
      if (status.type === 'reconnect') {
        this.connected = true;
        for (const resolve of this.reconnectWaiters.splice(0)) resolve();
      }
    }
  }
}
