import { PROFILE_FORMAT, type ConnectionConfig, type ConnectionProfile } from './connection-config';
import {
  PROFILE_LIMITS,
  exceedsProfileSize,
  formatIssues,
  parseConnectionSchema,
  parseEnvelope,
} from './profile-schema';

/**
 * Reading and writing connection profiles (docs/contract.md section 2). Every import (file, `?profile=`
 * link, the add/edit form) goes through profile-schema.ts; each venue's adapter validates its own
 * `options` when the connection starts.
 */

/**
 * One connection, checked against the schema. `where` prefixes the field paths of the problems
 * (`connections[2]` gives `connections[2].auth.keyring.url: ...`; '' gives `auth.keyring.url: ...`).
 */
export function validateConnection(raw: unknown, where: string): { config?: ConnectionConfig; problems: string[] } {
  const result = parseConnectionSchema(raw);
  if (!result.ok) return { problems: formatIssues(where, result.issues, where || 'the connection') };
  const { id, label, venue, url, auth, options } = result.value;
  return {
    problems: [],
    config: { id, label: label !== undefined && label.trim() !== '' ? label : id, venue, url, auth, options },
  };
}

/** At most PROFILE_LIMITS.problems problems are listed; the rest are counted in one last line. */
function capped(problems: string[]): string[] {
  if (problems.length <= PROFILE_LIMITS.problems) return problems;
  const rest = problems.length - PROFILE_LIMITS.problems;
  return [...problems.slice(0, PROFILE_LIMITS.problems), `and ${rest} more problem${rest === 1 ? '' : 's'}`];
}

/** A profile's text: the valid connections, and every problem (the invalid connections are left out). */
export function parseProfile(text: string): { connections: ConnectionConfig[]; problems: string[] } {
  if (exceedsProfileSize(text))
    return { connections: [], problems: [`the profile is larger than ${PROFILE_LIMITS.bytes / 1024 / 1024} MiB`] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's own message quotes the text around the error, which may be a secret.
    return { connections: [], problems: ['the profile is not valid JSON'] };
  }
  const envelope = parseEnvelope(json);
  if (!envelope.ok) return { connections: [], problems: capped(envelope.problems) };
  const problems: string[] = [];
  const connections: ConnectionConfig[] = [];
  const firstIndexOf = new Map<string, number>();
  envelope.connections.forEach((raw, i) => {
    const where = `connections[${i}]`;
    const result = validateConnection(raw, where);
    problems.push(...result.problems);
    if (!result.config) return;
    const first = firstIndexOf.get(result.config.id);
    if (first !== undefined) {
      problems.push(`${where}.id: must be unique (connections[${first}] has the same id)`);
      return;
    }
    firstIndexOf.set(result.config.id, i);
    connections.push(result.config);
  });
  return { connections, problems: capped(problems) };
}

/** Secrets are left out unless the user explicitly asks for them. */
export function serializeProfile(connections: readonly ConnectionConfig[], includeSecrets: boolean): string {
  const profile: ConnectionProfile = {
    format: PROFILE_FORMAT,
    connections: connections.map((c) => ({ ...c, auth: includeSecrets ? c.auth : redactAuth(c.auth) })),
  };
  return JSON.stringify(profile, null, 2);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Without secrets an export keeps only what is not secret: a keyring reference's url and id (the
 * pairing token is a secret), nothing of a token, signature or key. The result imports back (the
 * connection then reports the missing secret).
 */
function redactAuth(auth: Record<string, unknown>): Record<string, unknown> {
  const keyring = auth.keyring;
  if (isRecord(keyring)) return { keyring: { url: keyring.url, id: keyring.id } };
  return {};
}
