import type { OptionsResult } from '../types';

/** Any check that either passes or lists what is wrong (a venue's auth parser, `parseKeyringRef`). */
export type Checked = { ok: true } | { ok: false; problems: string[] };

/**
 * A venue's `parseOptions`: the parsed options when both they and the shape of `auth` are right,
 * otherwise every problem of both at once (options first).
 */
export function withAuthChecked<T>(options: OptionsResult<T>, auth: Checked): OptionsResult<T> {
  if (options.ok && auth.ok) return options;
  return { ok: false, problems: [...(options.ok ? [] : options.problems), ...(auth.ok ? [] : auth.problems)] };
}
