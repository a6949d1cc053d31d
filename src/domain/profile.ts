import { PROFILE_FORMAT, type ConnectionConfig, type ConnectionProfile } from './connection-config';
import { VENUE_IDS, type VenueId } from './types';

/**
 * Reading and writing connection profiles (docs/contract.md section 2). Only the venue-independent shape
 * is checked here; each venue's adapter validates its own `options` when the connection starts.
 */

const ID_PATTERN = /^[a-z0-9-]+$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateConnection(raw: unknown, where: string): { config?: ConnectionConfig; problems: string[] } {
  const problems: string[] = [];
  if (!isRecord(raw)) return { problems: [`${where}: not an object`] };
  const { id, label, venue, url, auth, options } = raw;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) problems.push(`${where}: id must match [a-z0-9-]+`);
  const name = typeof id === 'string' ? `${where} (${id})` : where;
  if (label !== undefined && typeof label !== 'string') problems.push(`${name}: label must be text`);
  if (typeof venue !== 'string' || !(VENUE_IDS as readonly string[]).includes(venue))
    problems.push(`${name}: venue must be one of ${VENUE_IDS.join(', ')}`);
  if (typeof url !== 'string' || !/^wss?:\/\/[^\s]+$/.test(url))
    problems.push(`${name}: url must be a ws:// or wss:// URL`);
  if (auth !== undefined && !isRecord(auth)) problems.push(`${name}: auth must be an object`);
  if (options !== undefined && !isRecord(options)) problems.push(`${name}: options must be an object`);
  if (problems.length > 0) return { problems };
  return {
    problems,
    config: {
      id: id as string,
      label: typeof label === 'string' && label.length > 0 ? label : (id as string),
      venue: venue as VenueId,
      url: url as string,
      auth: (auth as Record<string, unknown> | undefined) ?? {},
      options: (options as Record<string, unknown> | undefined) ?? {},
    },
  };
}

export function parseProfile(text: string): { connections: ConnectionConfig[]; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { connections: [], problems: [`not valid JSON: ${(e as Error).message}`] };
  }
  if (!isRecord(json)) return { connections: [], problems: ['a profile is a JSON object'] };
  if (json.format !== PROFILE_FORMAT) return { connections: [], problems: [`format must be "${PROFILE_FORMAT}"`] };
  if (!Array.isArray(json.connections)) return { connections: [], problems: ['connections must be an array'] };
  const problems: string[] = [];
  const connections: ConnectionConfig[] = [];
  const seen = new Set<string>();
  json.connections.forEach((raw, i) => {
    const result = validateConnection(raw, `connections[${i}]`);
    problems.push(...result.problems);
    if (!result.config) return;
    if (seen.has(result.config.id)) {
      problems.push(`connections[${i}]: duplicate id ${result.config.id}`);
      return;
    }
    seen.add(result.config.id);
    connections.push(result.config);
  });
  return { connections, problems };
}

/** Secrets are left out unless the user explicitly asks for them. */
export function serializeProfile(connections: readonly ConnectionConfig[], includeSecrets: boolean): string {
  const profile: ConnectionProfile = {
    format: PROFILE_FORMAT,
    connections: connections.map((c) => ({ ...c, auth: includeSecrets ? c.auth : redactAuth(c.auth) })),
  };
  return JSON.stringify(profile, null, 2);
}

/**
 * Without secrets an export keeps only what is not secret: a keyring reference's url and id (the
 * pairing token is a secret), nothing of a token, signature or key.
 */
function redactAuth(auth: Record<string, unknown>): Record<string, unknown> {
  const keyring = auth.keyring;
  if (isRecord(keyring)) return { keyring: { url: keyring.url, id: keyring.id } };
  return {};
}
