/** A NATS user in the generated config (plain-text password: loopback only, random per process). */
export interface NatsUser {
  user: string;
  password: string;
}

export interface NatsConfig {
  host: string;
  /** The websocket listener's port; -1 lets nats-server pick one (read back from its log). */
  websocketPort: number;
  users: NatsUser[];
  /** Clients that present no credentials at all are this user (request mode). */
  noAuthUser: string;
}

/** A quoted string in nats-server's config syntax (JSON string escapes are accepted). */
function quoted(value: string): string {
  return JSON.stringify(value);
}

/**
 * The nats-server config: a loopback client port picked by the server (`-1`; nothing here uses
 * TCP), a plain websocket listener, and a users list with `no_auth_user` so a client without
 * credentials (authMode request) is let in as the anonymous user.
 */
export function natsConfigText(config: NatsConfig): string {
  const users = config.users.map((u) => `    { user: ${quoted(u.user)}, password: ${quoted(u.password)} }`).join('\n');
  return [
    `listen: ${quoted(`${config.host}:-1`)}`,
    'websocket {',
    `  listen: ${quoted(`${config.host}:${config.websocketPort}`)}`,
    '  no_tls: true',
    '}',
    'authorization {',
    '  users: [',
    users,
    '  ]',
    '}',
    `no_auth_user: ${quoted(config.noAuthUser)}`,
    '',
  ].join('\n');
}
