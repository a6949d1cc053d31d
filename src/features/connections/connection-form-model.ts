import type { ConnectionConfig } from '../../domain/connection-config';
import type { VenueId } from '../../domain/types';
import { formAddressProblems } from '../../venues/endpoints';
import type { AuthMethod, FieldDefault, FieldDescriptor, VenueFormDescriptor } from '../../venues/form-descriptor';

/**
 * The guided add/edit form's state and checks, pure: values from a venue's descriptor (its defaults,
 * or an existing connection), and the config they make, with every problem in words a non-developer
 * understands, tied to the field it is about. Secrets start empty and are never filled back in;
 * leaving one empty when editing keeps the current one.
 */

/** A field's key in `values.fields`: an option (`opt:symbols`) or a credential (`auth:token`). */
export const optionKey = (key: string) => `opt:${key}`;
export const authKey = (key: string) => `auth:${key}`;

export interface ConnectionFormValues {
  id: string;
  label: string;
  venue: VenueId;
  url: string;
  /** Index into the descriptor's `auth` methods. */
  authMethod: number;
  /** Text of every typed field (lists comma-separated), or a switch's state. */
  fields: Record<string, string | boolean>;
  /** Advanced: auth as JSON; when not empty it replaces the credential fields. */
  authJson: string;
  /** Advanced: options as JSON; when not empty it replaces the option fields. */
  optionsJson: string;
}

/** A problem and the field it is about (`id`, `url`, `opt:…`, `auth:…`, `advanced`), if any. */
export interface FormProblem {
  field?: string;
  message: string;
}

const ID_PATTERN = /^[a-z0-9-]+$/;
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function shown(value: FieldDefault | undefined, kind: FieldDescriptor['kind']): string | boolean {
  if (kind === 'boolean') return value === true;
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** What the existing config holds for a field, shown as the field shows it (secrets never). */
function existingValue(field: FieldDescriptor, held: unknown): string | boolean | undefined {
  if (field.kind === 'secret' || held === undefined) return undefined;
  if (field.kind === 'boolean') return held === true;
  if (Array.isArray(held)) return held.map(String).join(', ');
  return typeof held === 'string' || typeof held === 'number' ? String(held) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The method an existing config uses: the keyring one when it has a reference, else the first pasted one. */
function methodOf(descriptor: VenueFormDescriptor, auth: Record<string, unknown> | undefined): number {
  if (!auth) return 0;
  const wanted = auth.keyring !== undefined ? 'keyring' : 'pasted';
  const at = descriptor.auth.findIndex((m) => m.kind === wanted);
  return at >= 0 ? at : 0;
}

/** The form for `descriptor`'s venue: its defaults, or what `existing` holds (secrets left empty). */
export function formValuesFrom(descriptor: VenueFormDescriptor, existing?: ConnectionConfig): ConnectionFormValues {
  const fields: Record<string, string | boolean> = {};
  for (const f of descriptor.options)
    fields[optionKey(f.key)] = existing
      ? (existingValue(f, existing.options[f.key]) ?? shown(f.kind === 'boolean' ? f.default : undefined, f.kind))
      : shown(f.default, f.kind);
  const authMethod = methodOf(descriptor, existing?.auth);
  const keyring = isRecord(existing?.auth.keyring) ? existing.auth.keyring : undefined;
  descriptor.auth.forEach((method) => {
    for (const f of method.fields) {
      const held = method.kind === 'keyring' ? keyring?.[f.key] : existing?.auth[f.key];
      fields[authKey(`${method.kind}.${f.key}`)] = existingValue(f, held) ?? (existing ? '' : shown(f.default, f.kind));
    }
  });
  return {
    id: existing?.id ?? descriptor.suggestedId,
    label: existing?.label ?? descriptor.displayName,
    venue: descriptor.venue,
    url: existing?.url ?? descriptor.url.default,
    authMethod,
    fields,
    authJson: '',
    optionsJson: '',
  };
}

/** Another venue picked: its defaults, keeping the id and label only if the user typed them. */
export function switchVenue(
  values: ConnectionFormValues,
  from: VenueFormDescriptor | undefined,
  to: VenueFormDescriptor,
): ConnectionFormValues {
  const fresh = formValuesFrom(to);
  return {
    ...fresh,
    id: from && values.id !== from.suggestedId ? values.id : fresh.id,
    label: from && values.label !== from.displayName ? values.label : fresh.label,
  };
}

/** The key a credential field has in `values.fields`. */
export function credentialKey(method: AuthMethod, field: FieldDescriptor): string {
  return authKey(`${method.kind}.${field.key}`);
}

function parseJsonObject(text: string, what: string, problems: FormProblem[]): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (isRecord(value)) return value;
  } catch {
    // Not the parser's message: it quotes the text around the error, and the auth field holds secrets.
  }
  problems.push({ field: 'advanced', message: `The ${what} JSON is not a JSON object: fix it or empty the box.` });
  return undefined;
}

/** A list field's text as entries: split at commas, spaces or line breaks. */
function listOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** One typed field's value for the config; `undefined` leaves it out. Problems in plain words. */
function fieldValue(field: FieldDescriptor, raw: string | boolean | undefined, problems: FormProblem[], key: string) {
  if (field.kind === 'boolean') return raw === true;
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') {
    if (field.required) problems.push({ field: key, message: field.missing ?? `Fill in ${field.label}.` });
    if (field.kind === 'list' && !field.optional) return [];
    return undefined;
  }
  if (field.kind === 'list') return listOf(text);
  if (field.kind === 'number') {
    if (!/^\d{1,16}$/.test(text)) {
      const example = field.placeholder ? `, for example ${field.placeholder}` : '';
      problems.push({ field: key, message: `${field.label} must be a whole number${example}.` });
      return undefined;
    }
    return Number(text);
  }
  return text;
}

function urlProblems(url: string): FormProblem[] {
  const at = (message: string): FormProblem[] => [{ field: 'url', message }];
  if (url === '') return at('Fill in the address (URL). It must start with wss:// (or ws:// for a local simulator).');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return at('The URL must start with wss:// (or ws:// for a local simulator), e.g. wss://api.example.com/ws.');
  }
  if (parsed.protocol !== 'wss:' && parsed.protocol !== 'ws:')
    return at('The URL must start with wss:// (or ws:// for a local simulator).');
  if (parsed.protocol === 'ws:' && !LOOPBACK.test(parsed.hostname))
    return at(
      `Use wss:// for ${parsed.hostname}: ws:// is unencrypted and only allowed for a simulator or relay on this computer.`,
    );
  if (parsed.username !== '' || parsed.password !== '')
    return at('Remove the user name and password from the URL: credentials go in the fields below.');
  return [];
}

/**
 * The venue's own problems (options.ts, written for profile files: `options.symbols[0] must be …`)
 * in the form's words: the field's label instead of the JSON path, tied to that field.
 */
export function plainVenueProblem(
  problem: string,
  descriptor: VenueFormDescriptor,
  method: AuthMethod | undefined,
): FormProblem {
  const option = /^options\.([A-Za-z]+)(?:\[(\d+)\])?\s*/.exec(problem);
  if (option) {
    const field = descriptor.options.find((f) => f.key === option[1]);
    if (field) {
      const entry = option[2] === undefined ? '' : `, entry ${Number(option[2]) + 1},`;
      return { field: optionKey(field.key), message: `${field.label}${entry} ${problem.slice(option[0].length)}` };
    }
  }
  const credential = /^auth\.(?:keyring\.)?([A-Za-z]+)\s*/.exec(problem);
  if (credential && method) {
    const field = method.fields.find((f) => f.key === credential[1]);
    if (field)
      return { field: credentialKey(method, field), message: `${field.label} ${problem.slice(credential[0].length)}` };
  }
  if (/^url\b/.test(problem)) return { field: 'url', message: `The address ${problem.slice(3).trimStart()}` };
  return { message: problem };
}

/**
 * The config the form makes, or every problem with it: the form's own checks first (in plain words),
 * then the venue's (reworded). `existing`: the connection being edited (empty secrets keep its own);
 * `takenIds`: ids already in use (adding only).
 */
export function configFromForm(
  values: ConnectionFormValues,
  descriptor: VenueFormDescriptor,
  existing?: ConnectionConfig,
  takenIds: readonly string[] = [],
): { config?: ConnectionConfig; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const id = values.id.trim();
  if (!ID_PATTERN.test(id))
    problems.push({
      field: 'id',
      message: `Give the connection a short name of lower-case letters, digits and "-" (for example ${descriptor.suggestedId}).`,
    });
  else if (id !== existing?.id && takenIds.includes(id))
    problems.push({ field: 'id', message: `There is already a connection named ${id}: choose another name.` });
  const url = values.url.trim();
  problems.push(...urlProblems(url));

  let options: Record<string, unknown> | undefined = {};
  if (values.optionsJson.trim() !== '') options = parseJsonObject(values.optionsJson, 'options', problems);
  else
    for (const field of descriptor.options) {
      const value = fieldValue(field, values.fields[optionKey(field.key)], problems, optionKey(field.key));
      if (value !== undefined) options[field.key] = value;
    }

  const method = descriptor.auth[values.authMethod] ?? descriptor.auth[0];
  let auth: Record<string, unknown> | undefined;
  if (values.authJson.trim() !== '') auth = parseJsonObject(values.authJson, 'auth', problems);
  else if (method) auth = authFromFields(values, method, existing, problems);
  else auth = {};

  if (problems.length > 0 || !options || !auth) return { problems };
  const config: ConnectionConfig = {
    id,
    label: values.label.trim() || id,
    venue: descriptor.venue,
    url,
    auth,
    options,
  };
  const venueProblems = descriptor.check(config).map((p) => plainVenueProblem(p, descriptor, method));
  if (venueProblems.length > 0) return { problems: venueProblems };
  // An address the page's security policy would refuse is refused here, saying what to do.
  const refused = formAddressProblems(config).map((p) => addressProblem(p, method));
  return refused.length > 0 ? { problems: refused } : { config, problems: [] };
}

/** `url: this address (…) is not in …` tied to its field, as a sentence. */
function addressProblem(problem: string, method: AuthMethod | undefined): FormProblem {
  const parts = /^([\w.]+):\s*([\s\S]*)$/.exec(problem);
  if (!parts) return { message: problem };
  const [, path, text = ''] = parts;
  const message = text.charAt(0).toUpperCase() + text.slice(1);
  if (path === 'url') return { field: 'url', message };
  const credential = /^auth\.(?:keyring\.)?(\w+)$/.exec(path ?? '');
  const field = credential && method?.fields.find((f) => f.key === credential[1]);
  return field && method ? { field: credentialKey(method, field), message } : { message };
}

/** The credential from the method's fields; an empty secret keeps the existing connection's. */
function authFromFields(
  values: ConnectionFormValues,
  method: AuthMethod,
  existing: ConnectionConfig | undefined,
  problems: FormProblem[],
): Record<string, unknown> {
  const before = existing
    ? method.kind === 'keyring'
      ? isRecord(existing.auth.keyring)
        ? existing.auth.keyring
        : {}
      : existing.auth.keyring === undefined
        ? existing.auth
        : {}
    : {};
  const out: Record<string, unknown> = {};
  for (const field of method.fields) {
    const key = credentialKey(method, field);
    const raw = values.fields[key];
    const kept =
      field.kind === 'secret' && (typeof raw !== 'string' || raw.trim() === '') ? before[field.key] : undefined;
    if (kept !== undefined) {
      out[field.key] = kept;
      continue;
    }
    const value = fieldValue(field, raw, problems, key);
    if (value !== undefined) out[field.key] = value;
  }
  return method.kind === 'keyring' ? { keyring: out } : out;
}

/** Whether a field is about to keep an existing secret (shown as a hint instead of the value). */
export function keepsSecret(
  existing: ConnectionConfig | undefined,
  method: AuthMethod,
  field: FieldDescriptor,
): boolean {
  if (!existing || field.kind !== 'secret') return false;
  const held =
    method.kind === 'keyring' ? (existing.auth.keyring as Record<string, unknown> | undefined) : existing.auth;
  return isRecord(held) && typeof held[field.key] === 'string' && held[field.key] !== '';
}
