/**
 * The dashboard's one Trusted Types policy (the CSP requires them for script sinks: scripts/csp.ts).
 * Nothing renders a string as HTML, so the only sink the app uses is the ingest worker's script URL,
 * and this policy lets through a script URL on the dashboard's own origin and nothing else.
 */

export const TRUSTED_TYPES_POLICY = 'venueboard';

interface TrustedTypePolicy {
  createScriptURL(input: string): unknown;
}
interface TrustedTypePolicyFactory {
  createPolicy(name: string, rules: { createScriptURL(input: string): string }): TrustedTypePolicy;
}

let policy: TrustedTypePolicy | null | undefined;

function sameOriginScriptUrl(input: string): string {
  const url = new URL(input, window.location.href);
  if (url.origin !== window.location.origin) throw new TypeError('a script URL must be on the dashboard origin');
  return url.href;
}

/** A script URL the Worker constructor accepts under `require-trusted-types-for 'script'`. */
export function trustedScriptUrl(input: string): string {
  if (policy === undefined) {
    const factory = (globalThis as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;
    policy = factory ? factory.createPolicy(TRUSTED_TYPES_POLICY, { createScriptURL: sameOriginScriptUrl }) : null;
  }
  // A TrustedScriptURL where the browser has them; the DOM typings know only strings.
  return policy ? (policy.createScriptURL(input) as string) : sameOriginScriptUrl(input);
}
