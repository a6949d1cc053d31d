import { WebSocket, type RawData } from 'ws';

/** What the gate does with a client's CONNECT token (authMode connect). */
export type TokenDecision = { ok: true; user: string; pass: string } | { ok: false };

/** The longest first line (the CONNECT) the gate reads before giving up and passing bytes through. */
const MAX_CONNECT_LINE = 64 * 1024;
const CRLF = Buffer.from('\r\n');

interface GateConnection {
  readonly client: WebSocket;
  readonly upstream: WebSocket;
}

/**
 * The front door clients connect to: a WebSocket pipe to nats-server's own websocket listener that
 * reads only the client's first protocol line, the NATS `CONNECT {...}`. Everything else, both ways,
 * is passed through untouched: INFO, PING/PONG, SUB, PUB, MSG and every -ERR come from nats-server.
 *
 * Why (authMode connect, docs/contract.md section 2): the token is a fresh `{"op":"auth",...}` text per
 * credential, and nats-server 2.9 cannot check a changing set of tokens (see README: one static
 * token, not combinable with users, and its websocket block cannot be reloaded). So a CONNECT whose
 * `auth_token` is a triple the simulator minted and that is still valid is rewritten to log in as the
 * venue's client user; any other token is forwarded unchanged and nats-server itself answers
 * `-ERR 'Authorization Violation'` and closes. A CONNECT without credentials (authMode request) is
 * forwarded unchanged too: nats-server lets it in as its `no_auth_user`.
 */
export class NatsGate {
  private readonly connections = new Set<GateConnection>();

  constructor(
    private readonly upstreamUrl: () => string,
    private readonly checkToken: (token: string) => TokenDecision,
  ) {}

  get size(): number {
    return this.connections.size;
  }

  accept(client: WebSocket): void {
    const upstream = new WebSocket(this.upstreamUrl());
    const connection: GateConnection = { client, upstream };
    this.connections.add(connection);
    const pending: { data: Buffer; binary: boolean }[] = [];
    let head: Buffer | null = Buffer.alloc(0);

    const toUpstream = (data: Buffer, binary: boolean) => {
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary });
      else pending.push({ data, binary });
    };
    client.on('message', (raw: RawData, binary: boolean) => {
      const data = toBuffer(raw);
      if (head === null) return toUpstream(data, binary);
      head = Buffer.concat([head, data]);
      const end = head.indexOf(CRLF);
      if (end < 0 && head.length < MAX_CONNECT_LINE) return;
      const first =
        end < 0
          ? head
          : Buffer.concat([
              Buffer.from(this.rewriteConnect(head.subarray(0, end).toString('utf8')) + '\r\n'),
              head.subarray(end + 2),
            ]);
      head = null;
      toUpstream(first, binary);
    });
    upstream.on('open', () => {
      for (const { data, binary } of pending.splice(0)) upstream.send(data, { binary });
    });
    upstream.on('message', (raw: RawData, binary: boolean) => {
      if (client.readyState === WebSocket.OPEN) client.send(toBuffer(raw), { binary });
    });
    upstream.on('close', (code: number, reason: Buffer) => closeWith(client, code, reason.toString('utf8')));
    upstream.on('error', () => upstream.terminate());
    client.on('close', () => {
      this.connections.delete(connection);
      if (upstream.readyState === WebSocket.OPEN) upstream.close(1000);
      else upstream.terminate();
    });
    client.on('error', () => client.terminate());
  }

  /** Fault `drop`: every client socket is cut (no close frame: the client sees 1006). */
  dropAll(): void {
    for (const { client, upstream } of this.connections) {
      client.terminate();
      upstream.terminate();
    }
  }

  closeAll(): void {
    for (const { client, upstream } of this.connections) {
      closeWith(client, 1001, 'server shutting down');
      upstream.terminate();
    }
  }

  /** A valid minted token becomes the client user's login; everything else is left for nats-server to judge. */
  private rewriteConnect(line: string): string {
    const match = /^CONNECT\s+(.*)$/is.exec(line);
    if (!match?.[1]) return line;
    let options: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(match[1]);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return line;
      options = parsed as Record<string, unknown>;
    } catch {
      return line;
    }
    if (typeof options.auth_token !== 'string') return line;
    const decision = this.checkToken(options.auth_token);
    if (!decision.ok) return line;
    const { auth_token: _token, ...rest } = options;
    return `CONNECT ${JSON.stringify({ ...rest, user: decision.user, pass: decision.pass })}`;
  }
}

function toBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw);
}

/** Pass a close on with its code when the code may be sent on the wire; otherwise cut the socket. */
function closeWith(socket: WebSocket, code: number, reason: string): void {
  if (socket.readyState !== WebSocket.OPEN) {
    if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
    return;
  }
  const sendable = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
  if (sendable) socket.close(code, reason.slice(0, 120));
  else socket.terminate();
}
