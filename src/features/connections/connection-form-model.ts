import type { ConnectionConfig } from '../../domain/connection-config';
import { VENUE_IDS, type VenueId } from '../../domain/types';
import { formAddressProblems } from '../../venues/endpoints';

/** The add/edit form's fields. Secrets (token, auth JSON) start empty and are never filled back in. */
export interface ConnectionFormValues {
  id: string;
  label: string;
  venue: VenueId;
  url: string;
  token: string;
  authJson: string;
  optionsJson: string;
}

export function formValuesFrom(config?: ConnectionConfig): ConnectionFormValues {
  return {
    id: config?.id ?? '',
    label: config?.label ?? '',
    venue: config?.venue ?? VENUE_IDS[0],
    url: config?.url ?? '',
    token: '',
    authJson: '',
    optionsJson: config ? JSON.stringify(config.options, null, 2) : '{}',
  };
}

function parseObject(text: string, field: string, problems: string[]): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  try {
    const value: unknown = JSON.parse(trimmed);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    problems.push(`${field} must be a JSON object`);
  } catch {
    // Not the parser's message: it quotes the text around the error, and the auth field holds secrets.
    problems.push(`${field} is not valid JSON`);
  }
  return undefined;
}

/**
 * Build a config from the form. Auth: the auth JSON when given, else `{ token }` when a token is given,
 * else the existing connection's auth (editing without retyping the secret keeps it).
 * Only the form's own checks happen here, and whether the page may reach the addresses; the store
 * validates the result (id pattern, URL, venue).
 */
export function configFromForm(
  values: ConnectionFormValues,
  existing?: ConnectionConfig,
): { config?: ConnectionConfig; problems: string[] } {
  const problems: string[] = [];
  const options = parseObject(values.optionsJson, 'options', problems);
  let auth: Record<string, unknown> | undefined;
  if (values.authJson.trim() !== '') auth = parseObject(values.authJson, 'auth', problems);
  else if (values.token.trim() !== '') auth = { token: values.token.trim() };
  else auth = existing?.auth ?? {};
  if (problems.length > 0 || !options || !auth) return { problems };
  const config = {
    id: values.id.trim(),
    label: values.label.trim() || values.id.trim(),
    venue: values.venue,
    url: values.url.trim(),
    auth,
    options,
  };
  // An address the page's security policy would refuse is refused here, with what to do.
  const refused = formAddressProblems(config);
  return refused.length > 0 ? { problems: refused } : { problems, config };
}
