import type { ConnectionConfig } from '../domain/connection-config';
import type { VenueId } from '../domain/types';

/**
 * What the guided connection form (src/features/connections) needs to know of a venue: pure data, one
 * `form-descriptor.ts` per venue folder, loaded lazily through form-descriptors.ts. The form renders
 * any descriptor the same way; nothing venue-specific lives outside the venue's folder.
 */

export type FieldKind = 'text' | 'number' | 'boolean' | 'select' | 'secret' | 'list';

/** A value a field starts with: text, a number, a switch, or a list (shown comma-separated). */
export type FieldDefault = string | number | boolean | readonly string[];

export interface FieldDescriptor {
  /** The key in `options` (option fields) or in `auth` (pasted credential fields). */
  key: string;
  kind: FieldKind;
  label: string;
  /** One or two sentences for someone who is not a developer: what it is and where to find it. */
  help: string;
  default?: FieldDefault;
  /** Shown greyed in an empty input. */
  placeholder?: string;
  /** Empty is refused, with `missing` as the message (what to do). */
  required?: boolean;
  missing?: string;
  /** `select`: the values offered. */
  choices?: readonly { value: string; label: string }[];
  /** `text`/`list`: left out of the config when empty (the venue's own default applies). */
  optional?: boolean;
}

/**
 * How a connection proves who it is. `keyring`: a reference to the keyring relay (its address, the
 * venue's id in the relay config and the pairing token); the relay keeps the key. `pasted`: the
 * credential itself, pasted into the form (kept in memory, or in the vault if the user opts in).
 */
export interface AuthMethod {
  kind: 'keyring' | 'pasted';
  label: string;
  help: string;
  /** `pasted`: the auth fields (secrets are `secret`); `keyring`: defaults for the relay address and id. */
  fields: readonly FieldDescriptor[];
}

export interface UrlDescriptor {
  /** The venue's documented production address (or the relay's, for a venue only the relay reaches). */
  default: string;
  help: string;
  /** Other addresses offered with one click, e.g. the demo simulator (`npm start`). */
  presets: readonly { label: string; url: string }[];
}

export interface VenueFormDescriptor {
  venue: VenueId;
  displayName: string;
  /** "How this venue connects": a short paragraph for the welcome view and the form. */
  connects: string;
  /** A suggested connection id for a first connection of this venue. */
  suggestedId: string;
  url: UrlDescriptor;
  options: readonly FieldDescriptor[];
  /** The first method is the one the form starts with. */
  auth: readonly AuthMethod[];
  /** The venue's own checks (options.ts), reused: every problem with the config, none when it is usable. */
  check(config: ConnectionConfig): string[];
}

/** A venue's `parse…Config` as a descriptor's `check`. */
export function problemsOf(
  parse: (config: ConnectionConfig) => { ok: true } | { ok: false; problems: string[] },
): (config: ConnectionConfig) => string[] {
  return (config) => {
    const parsed = parse(config);
    return parsed.ok ? [] : parsed.problems;
  };
}

/** The keyring relay fields every keyring method shares; the relay's address and id default per venue. */
export function keyringMethod(relayId: string, help: string): AuthMethod {
  return {
    kind: 'keyring',
    label: 'Keyring relay (recommended)',
    help,
    fields: [
      {
        key: 'url',
        kind: 'text',
        label: 'Relay address',
        help: 'Where the keyring relay runs: http://127.0.0.1:8787 when you started it on this computer (npm run relay).',
        default: 'http://127.0.0.1:8787',
        required: true,
        missing: 'Fill in the relay address, for example http://127.0.0.1:8787.',
      },
      {
        key: 'id',
        kind: 'text',
        label: 'Relay venue id',
        help: 'The name of this account in the relay config ("venues" section).',
        default: relayId,
        required: true,
        missing: 'Fill in the relay venue id: the name of this account in the relay config.',
      },
      {
        key: 'token',
        kind: 'secret',
        label: 'Pairing token',
        help: 'The "token" from the relay config. It lets this page ask the relay for credentials; it is not your exchange key.',
        required: true,
        missing: 'Paste the pairing token from the relay config.',
      },
    ],
  };
}
